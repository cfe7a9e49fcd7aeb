/**
 * Benchmark 4, throttled account: 2,000 tasks with a 60 s heartbeat timeout against a fake that
 * enforces SWF's quotas (RecordActivityTaskHeartbeat: bucket 2,000, refill 160/s), on the
 * manual clock. The worker runs with its default heartbeat budget (SWF's quota); the baseline
 * is the same run with the budget turned off.
 *
 * @module
 */
import { ActivityWorker, defineActivity, silentLogger } from 'swf-activity-worker';
import { createInProcessClient, FakeSwf, ManualClock } from 'swf-activity-worker/fake';
import {
  type BenchCase,
  formatNumber,
  goal,
  progress,
  round,
  runBench,
  verdict,
} from './lib/bench.js';
import {
  ACTIVITY_TYPE,
  DOMAIN,
  registerBenchType,
  scheduleBenchTasks,
  TASK_LIST,
} from './lib/swf.js';

const BENCH = 'throttled';

interface ThrottledSize {
  readonly tasks: number;
  readonly heartbeatTimeoutSeconds: number;
  readonly simulatedMs: number;
}

interface ThrottledRun {
  readonly throttlingErrors: number;
  readonly heartbeatTimeouts: number;
  readonly heartbeats: number;
  readonly wallSeconds: number;
}

function isThrottling(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ThrottlingException';
}

async function run(size: ThrottledSize, budget: 'default' | 'off'): Promise<ThrottledRun> {
  const startedAt = performance.now();
  const clock = new ManualClock();
  const fake = new FakeSwf({ clock, pollTimeoutMs: 60_000, throttling: true });
  registerBenchType(fake, {
    heartbeatTimeout: size.heartbeatTimeoutSeconds,
    startToCloseTimeout: 6 * 3600,
  });
  // One attempt per SDK call: the SDK's retry back-off waits on real timers, which a manual
  // clock does not move; the worker's own retries wait on the clock.
  const client = createInProcessClient(fake, { maxAttempts: 1 });
  // SWF's decision quota lets a burst of 1,000 ScheduleActivityTask decisions through, then 200
  // per second: schedule in batches and let the bucket refill between them.
  const references = [];
  for (let left = size.tasks; left > 0; left -= 1000) {
    references.push(...scheduleBenchTasks(fake, Math.min(1000, left)));
    if (left > 1000) await clock.advance(5_000);
  }
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const worker = new ActivityWorker({
    client,
    clock,
    domain: DOMAIN,
    taskList: TASK_LIST,
    activities: [
      defineActivity({
        ...ACTIVITY_TYPE,
        handler: async () => {
          await released;
          return 'done';
        },
      }),
    ],
    maxConcurrentTasks: size.tasks,
    pollers: 64,
    logger: silentLogger,
    ...(budget === 'off' ? { heartbeatBudget: { ratePerSecond: Number.POSITIVE_INFINITY } } : {}),
  });
  let throttlingErrors = 0;
  let gone = 0;
  worker.on('heartbeatRetried', (event) => {
    if (isThrottling(event.error)) throttlingErrors += 1;
  });
  worker.on('heartbeatFailed', (event) => {
    if (isThrottling(event.error)) throttlingErrors += 1;
  });
  worker.on('taskGone', () => {
    gone += 1;
  });
  const running = worker.run();
  while (worker.tasksInFlight < size.tasks) await clock.advance(100);
  const beatsAt = fake.callCount('RecordActivityTaskHeartbeat');
  await clock.advance(size.simulatedMs);
  const heartbeats = fake.callCount('RecordActivityTaskHeartbeat') - beatsAt;
  const timedOut = references.filter(
    (reference) => fake.activityTask(reference).status !== 'STARTED',
  ).length;
  release();
  while (worker.tasksInFlight > 0) await clock.advance(1_000);
  const stopping = worker.shutdown({ graceMs: 0 });
  fake.model.releasePollers();
  await clock.advance(1_000);
  await Promise.all([stopping, running]);
  fake.close();
  client.destroy();
  return {
    throttlingErrors,
    heartbeatTimeouts: timedOut + gone,
    heartbeats,
    wallSeconds: (performance.now() - startedAt) / 1000,
  };
}

async function measure(size: ThrottledSize): Promise<BenchCase> {
  progress(
    BENCH,
    `${size.tasks} tasks, ${size.simulatedMs / 60_000} simulated minutes, default heartbeat budget`,
  );
  const withBudget = await run(size, 'default');
  progress(BENCH, `done in ${withBudget.wallSeconds.toFixed(1)} s; again with the budget off`);
  const withoutBudget = await run(size, 'off');
  const goals = [
    goal(
      'heartbeat timeouts',
      '0',
      String(withBudget.heartbeatTimeouts),
      withBudget.heartbeatTimeouts === 0,
    ),
  ];
  const minutes = size.simulatedMs / 60_000;
  return {
    id: `${BENCH}/${size.tasks}-tasks`,
    baseline: 'the same run with the heartbeat budget off (ratePerSecond: Infinity)',
    summary: `${BENCH}: ${formatNumber(size.tasks)} tasks, ${size.heartbeatTimeoutSeconds} s heartbeat timeout, SWF quotas enforced, ${minutes} simulated minutes: ${withBudget.throttlingErrors} throttling errors and ${withBudget.heartbeatTimeouts} heartbeat timeouts with the default budget vs ${withoutBudget.throttlingErrors} and ${withoutBudget.heartbeatTimeouts} with it off; ${formatNumber(withBudget.heartbeats)} vs ${formatNumber(withoutBudget.heartbeats)} heartbeat calls${verdict(goals)}`,
    ratio: null,
    goals,
    metrics: {
      tasks: size.tasks,
      heartbeatTimeoutSeconds: size.heartbeatTimeoutSeconds,
      simulatedMinutes: minutes,
      throttlingErrors: withBudget.throttlingErrors,
      heartbeatTimeouts: withBudget.heartbeatTimeouts,
      heartbeatCalls: withBudget.heartbeats,
      wallSeconds: round(withBudget.wallSeconds, 1),
      budgetOffThrottlingErrors: withoutBudget.throttlingErrors,
      budgetOffHeartbeatTimeouts: withoutBudget.heartbeatTimeouts,
      budgetOffHeartbeatCalls: withoutBudget.heartbeats,
    },
  };
}

runBench(async ({ quick }) => {
  const size: ThrottledSize = quick
    ? { tasks: 2_000, heartbeatTimeoutSeconds: 60, simulatedMs: 2 * 60_000 }
    : { tasks: 2_000, heartbeatTimeoutSeconds: 60, simulatedMs: 30 * 60_000 };
  return {
    bench: BENCH,
    title: 'Throttled account: SWF heartbeat quota enforced',
    cases: [await measure(size)],
    notes: [
      "On the manual clock: a FakeSwf with throttling: true (SWF's documented token buckets; RecordActivityTaskHeartbeat 2,000 and 160/s) and a worker with the default heartbeat budget (160/s, burst 2,000, halved on each ThrottlingException). Throttling errors are the heartbeat calls answered ThrottlingException, counted from the worker's heartbeatRetried and heartbeatFailed events.",
      'The SDK client makes one attempt per call: its retry back-off waits on real timers, which the manual clock does not move.',
    ],
  };
});
