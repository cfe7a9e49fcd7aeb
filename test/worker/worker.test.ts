import {
  CountPendingActivityTasksCommand,
  PollForActivityTaskCommand,
  RegisterDomainCommand,
} from '@aws-sdk/client-swf';
import type { RetryStrategyV2, StandardRetryToken } from '@smithy/types';
import {
  type ActivityInterceptor,
  ActivityWorker,
  defineActivity,
  type Logger,
  runActivityTask,
  systemClock,
  WorkerShutdownError,
} from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { workingActivity } from './support/activities.js';
import { useWorkerHarness } from './support/harness.js';

describe('the worker', () => {
  const open = useWorkerHarness('in-process');

  it('runs at most maxConcurrentTasks at once and polls only with a free slot', async () => {
    const swf = await open();
    const tasks = Array.from({ length: 5 }, () =>
      swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 }),
    );
    const { worker } = swf.startWorker({
      activities: [workingActivity(60_000)],
      maxConcurrentTasks: 2,
      pollers: 3,
    });
    await swf.clock.advance(1_000);
    expect(worker.tasksInFlight).toBe(2);
    expect(worker.pollsInFlight).toBe(0);
    const pending = await swf.client.send(
      new CountPendingActivityTasksCommand({ domain: 'fake', taskList: { name: 'default' } }),
    );
    expect(pending.count).toBe(3);
    await swf.clock.advance(3 * 61_000);
    for (const task of tasks) {
      expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    }
    // Every slot free again: a poll waits for each of the two, not one per poller (three).
    expect(worker.pollsInFlight).toBe(2);
  });

  it('backs off after poll errors and resumes polling on its own', async () => {
    const swf = await open();
    swf.fake.faults.inject({
      operations: ['PollForActivityTask'],
      error: 'InternalFailure',
      times: 4,
    });
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const { of } = swf.startWorker({
      activities: [workingActivity(1_000)],
      pollers: 1,
      pollBackoff: { minMs: 1000, maxMs: 8000 },
    });
    await swf.clock.advance(30_000);
    const delays = of('pollError').map((event) => event.retryInMs);
    expect(delays).toHaveLength(4);
    // Exponential with jitter: each wait in [base/2, base] for base 1, 2, 4, 8 s.
    delays.forEach((delay, index) => {
      const base = 1000 * 2 ** index;
      expect(delay).toBeGreaterThanOrEqual(base / 2);
      expect(delay).toBeLessThanOrEqual(base);
    });
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
  });

  it('never spins on empty polls that come back at once', async () => {
    const swf = await open({ pollTimeoutMs: 0 });
    await swf.client.send(
      new RegisterDomainCommand({ name: 'fake', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    const { of } = swf.startWorker({ activities: [workingActivity(1_000)], pollers: 1 });
    await swf.clock.advance(10_000);
    // Empty answers, not errors: one poll a second, instead of thousands, and it keeps polling.
    expect(of('pollError')).toEqual([]);
    const polls = swf.fake.callCount('PollForActivityTask');
    expect(polls).toBeGreaterThanOrEqual(9);
    expect(polls).toBeLessThanOrEqual(11);
  });

  it('shuts down gracefully: tasks keep beating through the grace, then abort and fail', async () => {
    const swf = await open();
    const tasks = Array.from({ length: 3 }, () =>
      swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 3600 }),
    );
    const reasons: unknown[] = [];
    const { worker, running, of } = swf.startWorker({
      activities: [workingActivity(60 * 60_000, reasons)],
      maxConcurrentTasks: 4,
      pollers: 1,
    });
    await swf.clock.advance(1_000);
    expect(worker.pollsInFlight).toBe(1);
    const polls = swf.fake.callCount('PollForActivityTask');
    const stopped = worker.shutdown({ graceMs: 30_000 });
    expect(worker.state).toBe('stopping');

    // Through the grace (three heartbeat timeouts) no task times out and none is aborted.
    await swf.clock.advance(29_000);
    expect(reasons).toEqual([]);
    for (const task of tasks) expect(swf.fake.activityTask(task).status).toBe('STARTED');

    await swf.clock.advance(2_000);
    expect(reasons).toHaveLength(3);
    for (const reason of reasons) expect(reason).toBeInstanceOf(WorkerShutdownError);
    for (const task of tasks) {
      expect(
        swf.fake.activityTask(task).closeEvent?.activityTaskFailedEventAttributes?.reason,
      ).toMatch(/^WorkerShutdownError: /);
    }
    // The poll still waiting when the grace ended is abandoned: run() does not wait for it.
    await swf.clock.settle();
    expect(worker.state).toBe('stopped');
    await stopped;
    await running;
    expect(swf.fake.callCount('PollForActivityTask')).toBe(polls);
    expect(of('shutdownGraceEnded')).toMatchObject([{ tasksInFlight: 3 }]);
  });

  it('loses no task handed to a poll that was waiting when shutdown started', async () => {
    const swf = await open();
    await swf.client.send(
      new RegisterDomainCommand({ name: 'fake', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    const { worker, running } = swf.startWorker({
      activities: [workingActivity(1_000)],
      pollers: 1,
    });
    await swf.clock.advance(1_000);
    expect(worker.pollsInFlight).toBe(1);
    const stopped = worker.shutdown({ graceMs: 5_000 });
    // SWF hands the waiting poll a task after shutdown began.
    const late = swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 600 });
    await swf.advanceUntil(stopped);
    await running;
    const closed = swf.fake.activityTask(late).closeEvent;
    expect(closed?.eventType).toBe('ActivityTaskFailed');
    expect(closed?.activityTaskFailedEventAttributes?.reason).toBe(
      'WorkerShutdownError: The worker was shutting down when SWF handed it this task',
    );
  });

  it.each([
    ['as it is', []],
    [
      'through an interceptor that passes on a copy of the call',
      [{ call: (_operation, input, next) => next({ ...input }) } satisfies ActivityInterceptor],
    ],
  ])(
    'lets the SDK retry no poll after shutdown started, the poll sent %s',
    async (_how, interceptors) => {
      // The SDK retries at once, with no wait on a real timer, so a retry would show here.
      const swf = await open({}, { retryStrategy: retryAtOnce(3) });
      await swf.client.send(
        new RegisterDomainCommand({ name: 'fake', workflowExecutionRetentionPeriodInDays: '1' }),
      );
      // The first poll fails with a 500 a second later, which the SDK would retry on its own.
      swf.fake.faults.inject({
        operations: ['PollForActivityTask'],
        error: 'InternalFailure',
        delayMs: 1_000,
      });
      const { worker, of } = swf.startWorker({
        activities: [workingActivity(1_000)],
        pollers: 1,
        interceptors,
      });
      await swf.clock.settle();
      expect(swf.fake.callCount('PollForActivityTask')).toBe(1);
      // The poll out is kept through the grace; it fails within it.
      const stopped = worker.shutdown({ graceMs: 5_000 });
      await swf.clock.advance(1_000);
      expect(swf.fake.callCount('PollForActivityTask')).toBe(1);
      await swf.advanceUntil(stopped);
      expect(swf.fake.callCount('PollForActivityTask')).toBe(1);
      expect(of('pollError')).toEqual([]);
    },
  );

  it('reports a handler that ignores the shutdown abort as failed after a bounded wait', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 3600 });
    const deaf = defineActivity({
      name: 'activity',
      version: '1',
      handler: () => new Promise<never>(() => {}),
    });
    const { worker, running, of } = swf.startWorker({ activities: [deaf] });
    await swf.clock.advance(1_000);
    const stopped = worker.shutdown({ graceMs: 1_000 });
    await swf.advanceUntil(stopped);
    await running;
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskFailed');
    expect(of('warning').map((event) => event.code)).toContain('handlerIgnoredAbort');
  });

  it('never puts a whole task token in an event or a log line', async () => {
    const swf = await open();
    const lines: string[] = [];
    const record = (...args: unknown[]) => lines.push(JSON.stringify(args));
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    swf.fake.faults.inject({
      operations: ['RecordActivityTaskHeartbeat'],
      error: 'InternalFailure',
    });
    const tokens: string[] = [];
    const leaky = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (_input, ctx) => {
        tokens.push(ctx.task.taskToken);
        ctx.logger.info({ task: ctx.task }, `working on ${ctx.task}`);
        throw new Error('boom');
      },
    });
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 600 });
    const { events } = swf.startWorker({ activities: [leaky], logger });
    await swf.clock.advance(20_000);
    expect(tokens).toHaveLength(1);
    const token = tokens[0] as string;
    expect(token.length).toBeGreaterThanOrEqual(32);
    const printed = [...lines, ...events.map((event) => JSON.stringify(event))].join('\n');
    expect(printed).toContain('working on ActivityTask(');
    expect(printed).not.toContain(token);
  });

  it("runs a task from a poll loop of the user's own with runActivityTask", async () => {
    const swf = await open();
    const scheduled = swf.fake.scheduleActivityTask({
      heartbeatTimeout: 10,
      startToCloseTimeout: 600,
    });
    const task = await swf.client.send(
      new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
    );
    const outcome = runActivityTask(swf.client, task, workingActivity(45_000), {
      domain: 'fake',
      clock: swf.clock,
    });
    const result = await swf.advanceUntil(outcome);
    expect(result).toMatchObject({ status: 'completed', result: 'done' });
    expect(swf.fake.activityTask(scheduled).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(swf.fake.callCount('RecordActivityTaskHeartbeat')).toBeGreaterThanOrEqual(12);
  });
});

describe('worker options', () => {
  const activity = workingActivity(1);
  const base = {
    client: { send: async () => ({}) } as never,
    domain: 'media',
    taskList: 'images',
    activities: [activity],
    clock: systemClock,
  };

  it.each([
    [{ domain: '' }, /domain must be a string of 1 to 256 characters/],
    [{ taskList: 'x'.repeat(257) }, /taskList must be a string of 1 to 256 characters/],
    [{ activities: [] }, /activities must list at least one/],
    [{ activities: [activity, activity] }, /two activities are defined for activity@1/],
    [{ maxConcurrentTasks: 0 }, /maxConcurrentTasks must be a whole number >= 1, got 0/],
    [{ pollers: 1.5 }, /pollers must be a whole number >= 1, got 1.5/],
    [{ heartbeat: { intervalRatio: 2 } }, /heartbeat.intervalRatio must be between 0 and 1/],
  ])('rejects %o with a message naming the problem', (override, message) => {
    expect(() => new ActivityWorker({ ...base, ...override })).toThrow(message);
  });

  it('rejects a second run()', async () => {
    const worker = new ActivityWorker(base);
    await worker.shutdown();
    await expect(worker.run()).rejects.toThrow(/already stopped/);
  });
});

/** A retry strategy for the SDK that retries every error at once, up to `maxAttempts`. */
function retryAtOnce(maxAttempts: number): RetryStrategyV2 {
  const token = (count: number): StandardRetryToken => ({
    getRetryCount: () => count,
    getRetryDelay: () => 0,
    getRetryCost: () => undefined,
  });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (last) => {
      if (last.getRetryCount() + 1 >= maxAttempts) throw new Error('no attempts left');
      return token(last.getRetryCount() + 1);
    },
    recordSuccess: () => {},
  };
}
