/**
 * Benchmark 4, throttled account: 2,000 tasks with a 60 s heartbeat timeout against a fake that
 * enforces SWF's quotas (RecordActivityTaskHeartbeat: bucket 2,000, refill 160/s), on the
 * manual clock. The worker runs with its default heartbeat budget (SWF's quota); the baseline
 * is the same run with the budget turned off.
 *
 * @module
 */
import { createInProcessClient, ManualClock } from 'swf-activity-worker/fake';
import {
  type BenchCase,
  formatNumber,
  goal,
  progress,
  round,
  runBench,
  verdict,
} from './lib/bench.js';
import { HoldingWorker } from './lib/holding-worker.js';
import { createBenchFake, scheduleBenchTasks, timedOutTasks } from './lib/swf.js';

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
  const fake = createBenchFake(
    { heartbeatTimeout: size.heartbeatTimeoutSeconds, startToCloseTimeout: 6 * 3600 },
    { clock, throttling: true },
  );
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
  const held = new HoldingWorker(fake, {
    client,
    clock,
    maxConcurrentTasks: size.tasks,
    pollers: 64,
    ...(budget === 'off' ? { heartbeatBudget: { ratePerSecond: Number.POSITIVE_INFINITY } } : {}),
  });
  const { worker } = held;
  let throttlingErrors = 0;
  worker.on('heartbeatRetried', (event) => {
    if (isThrottling(event.error)) throttlingErrors += 1;
  });
  worker.on('heartbeatFailed', (event) => {
    if (isThrottling(event.error)) throttlingErrors += 1;
  });
  held.start();
  while (worker.tasksInFlight < size.tasks) await clock.advance(100);
  const beatsAt = fake.callCount('RecordActivityTaskHeartbeat');
  await clock.advance(size.simulatedMs);
  const heartbeats = fake.callCount('RecordActivityTaskHeartbeat') - beatsAt;
  await held.stop();
  const heartbeatTimeouts = timedOutTasks(fake, references);
  fake.close();
  client.destroy();
  return {
    throttlingErrors,
    heartbeatTimeouts,
    heartbeats,
    wallSeconds: (performance.now() - startedAt) / 1000,
  };
}

async function measure(size: ThrottledSize, label: string): Promise<BenchCase> {
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
    id: `${BENCH}/${label}`,
    baseline: 'the same run with the heartbeat budget off (ratePerSecond: Infinity)',
    summary: `${BENCH}/${label}: ${formatNumber(size.tasks)} tasks, ${size.heartbeatTimeoutSeconds} s heartbeat timeout (${formatNumber((3 * size.tasks) / size.heartbeatTimeoutSeconds)} calls/s on schedule, quota 160/s), SWF quotas enforced, ${formatNumber(minutes, minutes < 1 ? 2 : 0)} simulated minutes: ${withBudget.throttlingErrors} throttling errors and ${withBudget.heartbeatTimeouts} heartbeat timeouts with the default budget vs ${withoutBudget.throttlingErrors} and ${withoutBudget.heartbeatTimeouts} with it off; ${formatNumber(withBudget.heartbeats)} vs ${formatNumber(withoutBudget.heartbeats)} heartbeat calls${verdict(goals)}`,
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
  const minutes = quick ? 1 : 30;
  // The fleet: 2,000 tasks at a 60 s timeout need 100 calls/s, under the quota; the
  // same fleet at a 20 s timeout needs 300/s on schedule, and at least 2,000 / 19 s = 105/s
  // to stay alive: the budget has to stretch the intervals.
  const cases = [
    await measure(
      { tasks: quick ? 1_000 : 2_000, heartbeatTimeoutSeconds: 60, simulatedMs: minutes * 60_000 },
      quick ? '1000-tasks-60s' : '2000-tasks-60s',
    ),
    await measure(
      { tasks: 2_000, heartbeatTimeoutSeconds: 20, simulatedMs: quick ? 40_000 : 10 * 60_000 },
      '2000-tasks-20s-over-quota',
    ),
  ];
  return {
    bench: BENCH,
    title: 'Throttled account: SWF heartbeat quota enforced',
    cases,
    notes: [
      "On the manual clock: a FakeSwf with throttling: true (SWF's documented token buckets; RecordActivityTaskHeartbeat 2,000 and 160/s) and a worker with the default heartbeat budget (160/s, burst 2,000, halved on each ThrottlingException). Throttling errors are the heartbeat calls answered ThrottlingException, counted from the worker's heartbeatRetried and heartbeatFailed events.",
      'The second case is the same fleet at a 20 s heartbeat timeout: 300 calls/s on schedule, almost twice the quota; the tasks stay alive only if calls are spread and intervals stretched, nearest deadline first.',
      'The SDK client makes one attempt per call: its retry back-off waits on real timers, which the manual clock does not move.',
      'Tasks are scheduled in batches of 1,000, 5 s apart on the clock: the fake also enforces the ScheduleActivityTask decision quota (1,000, then 200/s).',
    ],
  };
});
