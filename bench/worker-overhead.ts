/**
 * Benchmark 1, worker overhead: tasks per second completed by ActivityWorker (automatic
 * heartbeats on, default settings) against the loop a user would write by hand (N loops of
 * poll -> run the handler -> RespondActivityTaskCompleted), on the same SWFClient, the same
 * fake and the same concurrency, with short tasks so that overhead shows. Over the in-process
 * handler, and over HTTP with keep-alive to the fake in a child process.
 *
 * @module
 */
import {
  PollForActivityTaskCommand,
  RespondActivityTaskCompletedCommand,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { ActivityWorker, defineActivity, runActivityTask, silentLogger } from 'swf-activity-worker';
import {
  type BenchCase,
  cpuMicros,
  formatNumber,
  goal,
  median,
  medianOfRatios,
  pairedRounds,
  progress,
  round,
  runBench,
  verdict,
} from './lib/bench.js';
import { ACTIVITY_TYPE, DOMAIN, TASK_LIST, type TypeDefaults } from './lib/swf.js';
import { startTarget, type Target, type Transport } from './lib/targets.js';

const BENCH = 'worker-overhead';
const CONCURRENCY = 16;
const TYPE_DEFAULTS: TypeDefaults = { heartbeatTimeout: 30, startToCloseTimeout: 300 };
const GOAL_RATIO = 0.95;

/** The work of one task, the same for both sides: short, so that overhead shows. */
async function work(input: { n: number }): Promise<{ n: number }> {
  return { n: input.n + 1 };
}

const benchActivity = defineActivity({ ...ACTIVITY_TYPE, handler: work });

/** One timed run: tasks per second and client-side CPU per task. */
interface RunResult {
  readonly tasksPerSecond: number;
  readonly cpuMicrosPerTask: number;
}

/** The baseline: `CONCURRENCY` loops of poll -> handler -> respond, nothing else. */
async function handWrittenLoop(target: Target, tasks: number): Promise<RunResult> {
  await target.prepare(tasks);
  const { client } = target;
  let claimed = 0;
  const cpu = process.cpuUsage();
  const startedAt = performance.now();
  const loop = async (): Promise<void> => {
    while (claimed < tasks) {
      claimed += 1;
      const task = await client.send(
        new PollForActivityTaskCommand({
          domain: DOMAIN,
          taskList: { name: TASK_LIST },
          identity: 'hand-written',
        }),
      );
      if (!task.taskToken) throw new Error('a poll came back empty with tasks still scheduled');
      const result = await work(JSON.parse(task.input ?? 'null'));
      await client.send(
        new RespondActivityTaskCompletedCommand({
          taskToken: task.taskToken,
          result: JSON.stringify(result),
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  const seconds = (performance.now() - startedAt) / 1000;
  return { tasksPerSecond: tasks / seconds, cpuMicrosPerTask: cpuMicros(cpu) / tasks };
}

/** The library: an ActivityWorker with `CONCURRENCY` slots and as many pollers. */
async function activityWorker(target: Target, tasks: number): Promise<RunResult> {
  await target.prepare(tasks);
  const worker = new ActivityWorker({
    client: target.client,
    domain: DOMAIN,
    taskList: TASK_LIST,
    activities: [benchActivity],
    maxConcurrentTasks: CONCURRENCY,
    pollers: CONCURRENCY,
    identity: 'activity-worker',
  });
  let responded = 0;
  let failed = 0;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  worker.on('taskResponded', (event) => {
    if (event.outcome !== 'completed') failed += 1;
    responded += 1;
    if (responded === tasks) resolveDone();
  });
  const cpu = process.cpuUsage();
  const startedAt = performance.now();
  const running = worker.run();
  await done;
  const seconds = (performance.now() - startedAt) / 1000;
  const cpuPerTask = cpuMicros(cpu) / tasks;
  const stopped = worker.shutdown({ graceMs: 0 });
  await target.releasePollers();
  await Promise.all([stopped, running]);
  if (failed > 0) throw new Error(`${failed} tasks did not complete`);
  return { tasksPerSecond: tasks / seconds, cpuMicrosPerTask: cpuPerTask };
}

/**
 * The library's own CPU per task, with no SDK and no fake: runActivityTask against a client
 * whose send() answers at once. Steadier than throughput on a busy machine.
 */
async function bookkeepingMicrosPerTask(tasks: number): Promise<number> {
  const stub = {
    send: async (command: object) =>
      command.constructor.name === 'DescribeActivityTypeCommand'
        ? {
            configuration: {
              defaultTaskHeartbeatTimeout: String(TYPE_DEFAULTS.heartbeatTimeout),
              defaultTaskStartToCloseTimeout: String(TYPE_DEFAULTS.startToCloseTimeout),
            },
          }
        : {},
  } as unknown as SWFClient;
  const task = {
    taskToken: 'stub-token',
    activityId: 'stub',
    startedEventId: 3,
    workflowExecution: { workflowId: 'stub', runId: 'stub' },
    activityType: ACTIVITY_TYPE,
    input: '{"n":1}',
  };
  const run = async (count: number) => {
    const cpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let index = 0; index < count / CONCURRENCY; index++) {
          await runActivityTask(stub, task, benchActivity, {
            domain: DOMAIN,
            logger: silentLogger,
          });
        }
      }),
    );
    return cpuMicros(cpu) / count;
  };
  await run(tasks);
  const rounds: number[] = [];
  for (let index = 0; index < 3; index++) rounds.push(await run(tasks));
  return median(rounds);
}

async function measure(
  transport: Transport,
  target: Target,
  tasks: number,
  rounds: number,
): Promise<BenchCase> {
  progress(BENCH, `${transport}: warming up`);
  await handWrittenLoop(target, Math.ceil(tasks / 4));
  await activityWorker(target, Math.ceil(tasks / 4));
  const { subject: library, baseline } = await pairedRounds(rounds, async (side, index) => {
    const result =
      side === 'baseline'
        ? await handWrittenLoop(target, tasks)
        : await activityWorker(target, tasks);
    progress(
      BENCH,
      `${transport} round ${index + 1} ${side === 'baseline' ? 'baseline' : 'worker'}: ${formatNumber(result.tasksPerSecond)} tasks/s, ${formatNumber(result.cpuMicrosPerTask)} µs CPU/task`,
    );
    return result;
  });
  const rate = (result: RunResult) => result.tasksPerSecond;
  const cpu = (result: RunResult) => result.cpuMicrosPerTask;
  const baselineRate = median(baseline.map(rate));
  const workerRate = median(library.map(rate));
  const ratio = medianOfRatios(library.map(rate), baseline.map(rate));
  const baselineCpu = median(baseline.map(cpu));
  const workerCpu = median(library.map(cpu));
  const goals = [
    goal('throughput ratio', `>= ${GOAL_RATIO}x`, `${ratio.toFixed(3)}x`, ratio >= GOAL_RATIO),
  ];
  const bookkeeping =
    transport === 'in-process' ? await bookkeepingMicrosPerTask(tasks * 4) : undefined;
  return {
    id: `${BENCH}/${transport}`,
    baseline: `hand-written poll -> run -> respond loops (${CONCURRENCY}), same client and fake`,
    summary: `${BENCH}/${transport}: ActivityWorker ${formatNumber(workerRate)} tasks/s vs hand-written loop ${formatNumber(baselineRate)} tasks/s = ${ratio.toFixed(3)}x (CPU/task ${formatNumber(workerCpu)} vs ${formatNumber(baselineCpu)} µs; ${CONCURRENCY} concurrent, ${formatNumber(tasks)} tasks x ${rounds} rounds, median of paired ratios${bookkeeping === undefined ? '' : `; library bookkeeping ${formatNumber(bookkeeping, 1)} µs/task with a stub client`})${verdict(goals)}`,
    ratio: round(ratio, 3),
    goals,
    metrics: {
      tasksPerRound: tasks,
      rounds,
      concurrency: CONCURRENCY,
      workerTasksPerSecond: round(workerRate),
      baselineTasksPerSecond: round(baselineRate),
      workerCpuMicrosPerTask: round(workerCpu),
      baselineCpuMicrosPerTask: round(baselineCpu),
      ...(bookkeeping === undefined ? {} : { bookkeepingCpuMicrosPerTask: round(bookkeeping, 1) }),
    },
  };
}

runBench(async ({ quick }) => {
  const tasks = quick ? 1_000 : 5_000;
  const rounds = quick ? 3 : 10;
  const cases: BenchCase[] = [];
  const only = process.env.BENCH_TRANSPORT;
  for (const transport of ['in-process', 'http'] as const) {
    if (only !== undefined && only !== transport) continue;
    const target = await startTarget({
      transport,
      kind: 'fake',
      defaults: TYPE_DEFAULTS,
      // Pollers, heartbeats and responds of CONCURRENCY tasks at once.
      maxSockets: CONCURRENCY * 2 + 4,
    });
    try {
      cases.push(await measure(transport, target, tasks, rounds));
    } finally {
      await target.close();
    }
  }
  return {
    bench: BENCH,
    title: 'Worker overhead: ActivityWorker against a hand-written loop',
    cases,
    notes: [
      `Short tasks (the handler adds 1 to its JSON input), ${CONCURRENCY} at once; the worker runs with ${CONCURRENCY} pollers and default settings (automatic heartbeats on, timeouts from DescribeActivityType: heartbeat ${TYPE_DEFAULTS.heartbeatTimeout} s, start-to-close ${TYPE_DEFAULTS.startToCloseTimeout} s).`,
      'The baseline is what a user would write: each loop polls, runs the same handler, responds; no heartbeats. Both sides share the SWFClient and the fake; tasks are scheduled before the clock starts; rounds alternate which side goes first; the ratio is the median of the per-round ratios (each round runs both sides back to back).',
      'In-process, the fake runs in the same process and its CPU counts; over HTTP it runs in a child process on 127.0.0.1 (keep-alive agent), so the CPU per task is the worker side only.',
      "Library bookkeeping: the CPU per task of runActivityTask alone (timeouts from a cached DescribeActivityType, heartbeater, deadline, context, outcome, respond with its retry wrapper) against a stub client whose send() answers at once: the library's own cost, without the SDK's.",
    ],
  };
});
