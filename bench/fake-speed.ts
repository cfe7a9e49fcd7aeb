/**
 * Benchmark 5, the fake itself: operations per second for heartbeats and for whole activity
 * lifecycles, in-process and over HTTP with keep-alive, against a bare server that answers the
 * same bytes and does nothing else; and simulated time per wall second on the manual clock.
 *
 * @module
 */
import { Readable } from 'node:stream';
import {
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCompletedCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import { type HttpHandler, type HttpRequest, HttpResponse } from '@smithy/core/protocols';
import { ActivityWorker, defineActivity, silentLogger } from 'swf-activity-worker';
import {
  createInProcessClient,
  FakeSwf,
  ManualClock,
  type SwfOperationName,
} from 'swf-activity-worker/fake';
import {
  type BenchCase,
  formatNumber,
  goal,
  median,
  progress,
  round,
  runBench,
  settledHeapUsed,
  verdict,
} from './lib/bench.js';
import {
  ACTIVITY_TYPE,
  cannedAnswers,
  DOMAIN,
  EMPTY_ANSWER,
  httpClient,
  ResettableFake,
  registerBenchType,
  scheduleBenchTasks,
  startServerProcess,
  TASK_LIST,
  type TypeDefaults,
} from './lib/swf.js';

const BENCH = 'fake-speed';
const CONCURRENCY = 16;
const DEFAULTS: TypeDefaults = { heartbeatTimeout: 3600, startToCloseTimeout: 7200 };
const GOAL_SIMULATED_SPEED = 3600;

type Workload = 'heartbeat' | 'lifecycle';
type Transport = 'in-process' | 'http';

/** A server to measure: schedules tasks (the bare one ignores that) and tells its CPU time. */
interface Target {
  readonly client: SWFClient;
  prepare(lifecycles: number): Promise<void>;
  /** Server-side CPU time so far, in µs (the client's own process when in-process). */
  serverCpuMicros(): Promise<number>;
  close(): Promise<void>;
}

/**
 * An SDK request handler that answers every operation with the fake's recorded bytes: the
 * in-process baseline.
 */
class CannedHttpHandler implements HttpHandler<Record<string, never>> {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  constructor(private readonly answers: ReadonlyMap<string, Buffer>) {}

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const target = request.headers['x-amz-target'] ?? '';
    const body = this.answers.get(target.slice(target.indexOf('.') + 1)) ?? EMPTY_ANSWER;
    return {
      response: new HttpResponse({
        statusCode: 200,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': 'bench',
          'content-length': String(body.byteLength),
        },
        body: Readable.from([body]),
      }),
    };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

async function inProcessTarget(kind: 'fake' | 'bare'): Promise<Target> {
  if (kind === 'bare') {
    const client = new SWFClient({
      region: 'us-east-1',
      endpoint: 'http://swf.bench.local',
      credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
      requestHandler: new CannedHttpHandler(await cannedAnswers(DEFAULTS)),
    });
    return {
      client,
      prepare: async () => {
        await settledHeapUsed();
      },
      serverCpuMicros: async () => 0,
      close: async () => client.destroy(),
    };
  }
  const service = new ResettableFake(DEFAULTS);
  const client = createInProcessClient(service);
  return {
    client,
    prepare: async (lifecycles) => {
      service.reset();
      scheduleBenchTasks(service.fake, lifecycles);
      await settledHeapUsed();
    },
    serverCpuMicros: async () => 0,
    close: async () => {
      service.close();
      client.destroy();
    },
  };
}

async function httpTarget(kind: 'fake' | 'bare'): Promise<Target> {
  const server = await startServerProcess(kind, DEFAULTS);
  const { client, close } = httpClient(server.url, CONCURRENCY + 4);
  return {
    client,
    prepare: async (lifecycles) => {
      await server.reset();
      await server.schedule(lifecycles);
      await settledHeapUsed();
    },
    serverCpuMicros: async () => (await server.stats()).cpuMicros,
    close: async () => {
      close();
      await server.close();
    },
  };
}

/** Runs `count` operations of the workload from `CONCURRENCY` loops; answers ops/s. */
async function drive(target: Target, workload: Workload, count: number): Promise<number> {
  const { client } = target;
  await target.prepare(workload === 'lifecycle' ? count : 1);
  const poll = () =>
    client.send(new PollForActivityTaskCommand({ domain: DOMAIN, taskList: { name: TASK_LIST } }));
  let taskToken = '';
  if (workload === 'heartbeat') taskToken = (await poll()).taskToken ?? '';
  let claimed = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
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
  return count / ((performance.now() - startedAt) / 1000);
}

async function wireCase(
  transport: Transport,
  workload: Workload,
  count: number,
  rounds: number,
): Promise<BenchCase> {
  const make = transport === 'in-process' ? inProcessTarget : httpTarget;
  const fake = await make('fake');
  const bare = await make('bare');
  const unit = workload === 'heartbeat' ? 'heartbeats/s' : 'lifecycles/s';
  try {
    await drive(fake, workload, Math.ceil(count / 4));
    await drive(bare, workload, Math.ceil(count / 4));
    const fakeRates: number[] = [];
    const bareRates: number[] = [];
    const fakeCpu: number[] = [];
    const bareCpu: number[] = [];
    for (let index = 0; index < rounds; index++) {
      for (const [target, rates, cpu] of [
        [fake, fakeRates, fakeCpu],
        [bare, bareRates, bareCpu],
      ] as const) {
        const cpuBefore = await target.serverCpuMicros();
        rates.push(await drive(target, workload, count));
        cpu.push(((await target.serverCpuMicros()) - cpuBefore) / count);
      }
    }
    const fakeRate = median(fakeRates);
    const bareRate = median(bareRates);
    const ratio = median(fakeRates.map((rate, index) => rate / (bareRates[index] as number)));
    const serverCpu =
      transport === 'http'
        ? `; server CPU ${formatNumber(median(fakeCpu))} vs ${formatNumber(median(bareCpu))} µs/${workload}`
        : '';
    progress(
      BENCH,
      `${transport} ${workload}: fake ${formatNumber(fakeRate)} vs bare ${formatNumber(bareRate)} ${unit}`,
    );
    return {
      id: `${BENCH}/${workload}/${transport}`,
      baseline:
        transport === 'http'
          ? "a bare node:http server (keep-alive) in a child process, answering the fake's bytes"
          : "an SDK request handler answering the fake's bytes, no fake behind it",
      summary: `${BENCH}/${workload}/${transport}: fake ${formatNumber(fakeRate)} ${unit} vs bare ${formatNumber(bareRate)} ${unit} = ${ratio.toFixed(3)}x${serverCpu} (${CONCURRENCY} concurrent, median of ${rounds})`,
      ratio: round(ratio, 3),
      goals: [],
      metrics: {
        operations: count,
        rounds,
        concurrency: CONCURRENCY,
        fakeOpsPerSecond: round(fakeRate),
        bareOpsPerSecond: round(bareRate),
        ...(transport === 'http'
          ? {
              fakeServerCpuMicrosPerOp: round(median(fakeCpu)),
              bareServerCpuMicrosPerOp: round(median(bareCpu)),
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
 * One activity of an hour with a five-minute heartbeat timeout, worker and fake on one manual
 * clock: simulated time per wall second.
 */
async function simulatedTimeCase(hours: number): Promise<BenchCase> {
  const clock = new ManualClock();
  const fake = new FakeSwf({ clock, pollTimeoutMs: 60_000 });
  registerBenchType(fake, { heartbeatTimeout: 300, startToCloseTimeout: (hours + 1) * 3600 });
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
  const calls: Partial<Record<SwfOperationName, number>> = {};
  for (const operation of ['RecordActivityTaskHeartbeat', 'PollForActivityTask'] as const) {
    calls[operation] = fake.callCount(operation);
  }
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
    summary: `${BENCH}/simulated-time: a ${hours} h activity with a 5 min heartbeat timeout ran in ${formatNumber(wallMs)} ms on the manual clock = ${formatNumber(speed)}x real time (${formatNumber(speed / 3600, 1)} simulated hours per wall second; ${calls.RecordActivityTaskHeartbeat} heartbeats)${verdict(goals)}`,
    ratio: round(speed),
    goals,
    metrics: {
      simulatedHours: hours,
      wallMs: round(wallMs, 1),
      simulatedHoursPerWallSecond: round(speed / 3600, 2),
      heartbeats: calls.RecordActivityTaskHeartbeat ?? 0,
      polls: calls.PollForActivityTask ?? 0,
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
  // Once to warm the code paths up, once measured.
  await simulatedTimeCase(1);
  cases.push(await simulatedTimeCase(1));
  return {
    bench: BENCH,
    title: 'The fake itself: operations per second and simulated time',
    cases,
    notes: [
      `The same SDK client loop (${CONCURRENCY} concurrent) drives the fake and the baseline: heartbeats on one started task, or lifecycles (PollForActivityTask, RecordActivityTaskHeartbeat, RespondActivityTaskCompleted) of tasks scheduled beforehand on a fresh fake.`,
      "Baselines answer the bytes the fake answered once for each operation and do nothing else: over HTTP, a bare node:http server with keep-alive in a child process, like the fake's server; in-process, an SDK request handler. The ratio is the median of the rounds' paired ratios.",
      "Over HTTP the client (the SDK's serialisation, signing and parsing) is the bottleneck on this machine, so the ratio shows little; the server CPU per operation, measured in the server process, is the fake's own cost.",
      'Simulated time: one worker and the fake on a ManualClock (default settleTurns), one task whose handler sleeps an hour, heartbeat timeout 300 s; clock.advance(1 h + 10 s) in one call, timed after a warm-up run.',
    ],
  };
});
