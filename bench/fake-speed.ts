/**
 * Benchmark 5, the fake itself: operations per second for heartbeats and for whole activity
 * lifecycles, in-process and over HTTP with keep-alive, against a bare server that answers the
 * same bytes and does nothing else, and over HTTP against moto's server (when the machine's
 * Python has moto); and simulated time per wall second on the manual clock.
 *
 * @module
 */
import {
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCompletedCommand,
} from '@aws-sdk/client-swf';
import { ActivityWorker, defineActivity, silentLogger } from 'swf-activity-worker';
import { createInProcessClient, ManualClock } from 'swf-activity-worker/fake';
import {
  type BenchCase,
  formatNumber,
  goal,
  median,
  medianOfRatios,
  pairedRounds,
  progress,
  round,
  runBench,
  type Side,
  verdict,
} from './lib/bench.js';
import { motoVersion, startMotoTarget } from './lib/moto.js';
import {
  ACTIVITY_TYPE,
  createBenchFake,
  DOMAIN,
  scheduleBenchTasks,
  TASK_LIST,
  type TypeDefaults,
} from './lib/swf.js';
import { startTarget, type Target, type Transport } from './lib/targets.js';

const BENCH = 'fake-speed';
const CONCURRENCY = 16;
const DEFAULTS: TypeDefaults = { heartbeatTimeout: 3600, startToCloseTimeout: 7200 };
const GOAL_SIMULATED_SPEED = 3600;
/** The fake over HTTP against a bare node:http server answering the same bytes. */
const GOAL_HTTP_RATIO = 0.8;
/** The fake's server against moto's, in server CPU per operation. */
const GOAL_MOTO_RATIO = 20;

type Workload = 'heartbeat' | 'lifecycle';

/** One timed run: operations per second, and the server's CPU time per operation. */
interface DriveResult {
  readonly opsPerSecond: number;
  readonly serverCpuMicrosPerOp: number;
}

/**
 * Prepares the target, then runs `count` operations of the workload from `concurrency` loops;
 * the clock and the server's CPU are read around those loops only.
 */
async function drive(
  target: Target,
  workload: Workload,
  count: number,
  concurrency = CONCURRENCY,
): Promise<DriveResult> {
  const { client } = target;
  await target.prepare(workload === 'lifecycle' ? count : 1);
  const poll = () =>
    client.send(new PollForActivityTaskCommand({ domain: DOMAIN, taskList: { name: TASK_LIST } }));
  let taskToken = '';
  if (workload === 'heartbeat') taskToken = (await poll()).taskToken ?? '';
  let claimed = 0;
  const cpuBefore = await target.serverCpuMicros();
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (claimed < count) {
        claimed += 1;
        if (workload === 'heartbeat') {
          await client.send(new RecordActivityTaskHeartbeatCommand({ taskToken }));
          continue;
        }
        const task = await poll();
        const token = task.taskToken;
        if (!token) throw new Error('a poll came back empty with tasks still scheduled');
        await client.send(new RecordActivityTaskHeartbeatCommand({ taskToken: token }));
        await client.send(new RespondActivityTaskCompletedCommand({ taskToken: token }));
      }
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  const serverCpu = (await target.serverCpuMicros()) - cpuBefore;
  return { opsPerSecond: count / seconds, serverCpuMicrosPerOp: serverCpu / count };
}

/**
 * Drives `subject` and `baseline` with the same workload, a warm-up each, then `rounds` paired
 * rounds; answers each side's operations per second and server CPU per operation, by round.
 */
async function compare(
  subject: Target,
  baseline: Target,
  workload: Workload,
  count: number,
  rounds: number,
  concurrency = CONCURRENCY,
): Promise<{ rates(side: Side): number[]; cpus(side: Side): number[] }> {
  await drive(subject, workload, Math.ceil(count / 4), concurrency);
  await drive(baseline, workload, Math.ceil(count / 4), concurrency);
  const results = await pairedRounds(rounds, (side) =>
    drive(side === 'subject' ? subject : baseline, workload, count, concurrency),
  );
  return {
    rates: (side) => results[side].map((each) => each.opsPerSecond),
    cpus: (side) => results[side].map((each) => each.serverCpuMicrosPerOp),
  };
}

async function wireCase(
  transport: Transport,
  workload: Workload,
  count: number,
  rounds: number,
): Promise<BenchCase> {
  const start = (kind: 'fake' | 'bare') =>
    startTarget({ transport, kind, defaults: DEFAULTS, maxSockets: CONCURRENCY + 4 });
  const fake = await start('fake');
  const bare = await start('bare');
  const unit = workload === 'heartbeat' ? 'heartbeats/s' : 'lifecycles/s';
  try {
    const { rates, cpus } = await compare(fake, bare, workload, count, rounds);
    const cpu = (side: Side) => median(cpus(side));
    const fakeRate = median(rates('subject'));
    const bareRate = median(rates('baseline'));
    const ratio = medianOfRatios(rates('subject'), rates('baseline'));
    const serverCpu =
      transport === 'http'
        ? `; server CPU ${formatNumber(cpu('subject'))} vs ${formatNumber(cpu('baseline'))} µs/${workload}`
        : '';
    progress(
      BENCH,
      `${transport} ${workload}: fake ${formatNumber(fakeRate)} vs bare ${formatNumber(bareRate)} ${unit}`,
    );
    const goals =
      transport === 'http'
        ? [
            goal(
              'fake vs bare server',
              `>= ${GOAL_HTTP_RATIO}x`,
              `${ratio.toFixed(3)}x`,
              ratio >= GOAL_HTTP_RATIO,
            ),
          ]
        : [];
    return {
      id: `${BENCH}/${workload}/${transport}`,
      baseline:
        transport === 'http'
          ? "a bare node:http server (keep-alive) in a child process, answering the fake's bytes"
          : "an SDK request handler answering the fake's bytes, no fake behind it",
      summary: `${BENCH}/${workload}/${transport}: fake ${formatNumber(fakeRate)} ${unit} vs bare ${formatNumber(bareRate)} ${unit} = ${ratio.toFixed(3)}x${serverCpu} (${CONCURRENCY} concurrent, median of ${rounds})${verdict(goals)}`,
      ratio: round(ratio, 3),
      goals,
      metrics: {
        operations: count,
        rounds,
        concurrency: CONCURRENCY,
        fakeOpsPerSecond: round(fakeRate),
        bareOpsPerSecond: round(bareRate),
        ...(transport === 'http'
          ? {
              fakeServerCpuMicrosPerOp: round(cpu('subject')),
              bareServerCpuMicrosPerOp: round(cpu('baseline')),
            }
          : {}),
      },
    };
  } finally {
    await fake.close();
    await bare.close();
  }
}

/**
 * The fake's HTTP server against moto's, both in a process of their own, driven by the same
 * client loop: operations per second, and the server CPU per operation (the servers' own cost,
 * since the client is the bottleneck for the fake).
 */
async function motoCase(
  version: string,
  workload: Workload,
  count: number,
  rounds: number,
  fakeWarmup: number,
): Promise<BenchCase> {
  const maxSockets = CONCURRENCY + 4;
  const fake = await startTarget({
    transport: 'http',
    kind: 'fake',
    defaults: DEFAULTS,
    maxSockets,
  });
  const moto = await startMotoTarget(DEFAULTS, maxSockets);
  const unit = workload === 'heartbeat' ? 'heartbeats/s' : 'lifecycles/s';
  // moto's server answers on threads and may hand one activity task to two polls at once;
  // lifecycles then run one at a time, on both sides.
  const concurrency = workload === 'lifecycle' ? 1 : CONCURRENCY;
  try {
    // V8 compiles the fake's hot paths over its first few thousand requests: one lifecycle at a
    // time, its server CPU per lifecycle falls by about 40% over the first 3,000. moto's Python
    // has no such warm-up, so the fake gets a longer one, and both are measured steady.
    await drive(fake, workload, fakeWarmup, concurrency);
    const { rates, cpus } = await compare(fake, moto, workload, count, rounds, concurrency);
    const throughputRatio = medianOfRatios(rates('subject'), rates('baseline'));
    const cpuRatio = medianOfRatios(cpus('baseline'), cpus('subject'));
    const fakeCpu = median(cpus('subject'));
    const motoCpu = median(cpus('baseline'));
    progress(
      BENCH,
      `moto ${workload}: fake ${formatNumber(fakeCpu)} vs moto ${formatNumber(motoCpu)} µs`,
    );
    const goals = [
      goal(
        'moto server CPU / fake server CPU',
        `>= ${GOAL_MOTO_RATIO}x`,
        `${cpuRatio.toFixed(1)}x`,
        cpuRatio >= GOAL_MOTO_RATIO,
      ),
    ];
    return {
      id: `${BENCH}/${workload}/moto`,
      baseline: `moto ${version} (python3 -m moto.server) on 127.0.0.1, the same SDK client loop`,
      summary: `${BENCH}/${workload}/moto: server CPU ${formatNumber(fakeCpu)} µs/${workload} for the fake vs ${formatNumber(motoCpu)} for moto ${version} = ${cpuRatio.toFixed(1)}x less; throughput ${formatNumber(median(rates('subject')))} vs ${formatNumber(median(rates('baseline')))} ${unit} = ${throughputRatio.toFixed(2)}x (${concurrency} concurrent, ${formatNumber(count)} operations x ${rounds} rounds, median of paired ratios)${verdict(goals)}`,
      ratio: round(cpuRatio, 2),
      goals,
      metrics: {
        motoVersion: version,
        operations: count,
        rounds,
        concurrency,
        fakeServerCpuMicrosPerOp: round(fakeCpu),
        motoServerCpuMicrosPerOp: round(motoCpu),
        serverCpuRatio: round(cpuRatio, 2),
        fakeOpsPerSecond: round(median(rates('subject'))),
        motoOpsPerSecond: round(median(rates('baseline'))),
        throughputRatio: round(throughputRatio, 3),
      },
    };
  } finally {
    await fake.close();
    await moto.close();
  }
}

/**
 * One activity of an hour with a five-minute heartbeat timeout, worker and fake on one manual
 * clock: simulated time per wall second.
 */
async function simulatedTimeCase(hours: number): Promise<BenchCase> {
  const clock = new ManualClock();
  const fake = createBenchFake(
    { heartbeatTimeout: 300, startToCloseTimeout: (hours + 1) * 3600 },
    { clock },
  );
  const client = createInProcessClient(fake, { maxAttempts: 1 });
  const [reference] = scheduleBenchTasks(fake, 1);
  const worker = new ActivityWorker({
    client,
    clock,
    domain: DOMAIN,
    taskList: TASK_LIST,
    activities: [
      defineActivity({
        ...ACTIVITY_TYPE,
        handler: async (_input, ctx) => {
          await ctx.sleep(hours * 3600_000);
          return 'done';
        },
      }),
    ],
    logger: silentLogger,
  });
  const running = worker.run();
  const simulatedMs = hours * 3600_000 + 10_000;
  const startedAt = performance.now();
  await clock.advance(simulatedMs);
  const wallMs = performance.now() - startedAt;
  const closed = reference === undefined ? undefined : fake.activityTask(reference).closeEvent;
  const heartbeats = fake.callCount('RecordActivityTaskHeartbeat');
  const polls = fake.callCount('PollForActivityTask');
  const stopping = worker.shutdown({ graceMs: 0 });
  await clock.advance(61_000);
  await Promise.all([stopping, running]);
  fake.close();
  client.destroy();
  if (closed?.eventType !== 'ActivityTaskCompleted') {
    throw new Error(`the simulated activity ended with ${closed?.eventType ?? 'nothing'}`);
  }
  const speed = simulatedMs / wallMs;
  const goals = [
    goal(
      'simulated speed',
      `>= ${formatNumber(GOAL_SIMULATED_SPEED)}x`,
      `${formatNumber(speed)}x`,
      speed >= GOAL_SIMULATED_SPEED,
    ),
  ];
  return {
    id: `${BENCH}/simulated-time`,
    baseline: 'the wall clock (1x)',
    summary: `${BENCH}/simulated-time: a ${hours} h activity with a 5 min heartbeat timeout ran in ${formatNumber(wallMs)} ms on the manual clock = ${formatNumber(speed)}x real time (${formatNumber(speed / 3600, 1)} simulated hours per wall second; ${heartbeats} heartbeats)${verdict(goals)}`,
    ratio: round(speed),
    goals,
    metrics: {
      simulatedHours: hours,
      wallMs: round(wallMs, 1),
      simulatedHoursPerWallSecond: round(speed / 3600, 2),
      heartbeats,
      polls,
    },
  };
}

runBench(async ({ quick }) => {
  const heartbeats = quick ? 1_500 : 10_000;
  const lifecycles = quick ? 400 : 3_000;
  const rounds = quick ? 2 : 5;
  const cases: BenchCase[] = [];
  for (const transport of ['in-process', 'http'] as const) {
    cases.push(await wireCase(transport, 'heartbeat', heartbeats, rounds));
    cases.push(await wireCase(transport, 'lifecycle', lifecycles, rounds));
  }
  const moto = motoVersion();
  if (moto === undefined) {
    progress(BENCH, "moto: python3 cannot import moto's server; the comparison is left out");
  } else {
    const fakeWarmup = quick ? 500 : 3_000;
    cases.push(await motoCase(moto, 'heartbeat', quick ? 300 : 5_000, rounds, fakeWarmup));
    cases.push(await motoCase(moto, 'lifecycle', quick ? 100 : 600, rounds, fakeWarmup));
  }
  // Once to warm the code paths up, once measured.
  await simulatedTimeCase(1);
  cases.push(await simulatedTimeCase(1));
  return {
    bench: BENCH,
    title: 'The fake itself: operations per second and simulated time',
    cases,
    notes: [
      `The same SDK client loop (${CONCURRENCY} concurrent) drives the fake and the baseline: heartbeats on one started task, or lifecycles (PollForActivityTask, RecordActivityTaskHeartbeat, RespondActivityTaskCompleted) of tasks scheduled beforehand on a fresh fake.`,
      "Baselines answer the bytes the fake answered once for each operation and do nothing else: over HTTP, a bare node:http server with keep-alive in a child process, like the fake's server; in-process, an SDK request handler. Rounds alternate which goes first; the ratio is the median of the rounds' paired ratios.",
      "Over HTTP the client (the SDK's serialisation, signing and parsing) is the bottleneck on this machine, so the ratio shows little; the server CPU per operation, measured in the server process around the timed loops (the tasks already scheduled), is the fake's own cost.",
      "moto (`fake-speed/*/moto`, when the machine's python3 has moto's server): moto's server and the fake's, each in a process of its own on 127.0.0.1, driven by the same SDK loop (lifecycles one at a time: moto's threaded server may hand one activity task to two concurrent polls); each warmed up with a quarter of a round's operations, and the fake first with 3,000 more (V8 compiles its hot paths over its first few thousand requests; Python does not); tasks scheduled beforehand through SWF's own calls on moto (executions whose first decision schedules a hundred activities each). The ratio is moto's server CPU per operation over the fake's (read from /proc, 10 ms ticks, around the timed loops); the throughput ratio is given too, though the client bounds the fake's.",
      'Simulated time: one worker and the fake on a ManualClock (default settleTurns), one task whose handler sleeps an hour, heartbeat timeout 300 s; clock.advance(1 h + 10 s) in one call, timed after a warm-up run.',
    ],
  };
});
