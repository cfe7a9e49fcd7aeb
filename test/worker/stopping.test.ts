import { PollForActivityTaskCommand, TerminateWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import {
  ActivityTaskTimedOutError,
  DeadlineExceededError,
  defineActivity,
  runActivityTask,
  silentLogger,
  TaskGoneError,
  WorkerShutdownError,
} from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { workingActivity } from './support/activities.js';
import { useWorkerHarness, type WorkerHarness } from './support/harness.js';

/** A handler that never settles and never looks at its signal. */
const deaf = defineActivity({
  name: 'activity',
  version: '1',
  handler: () => new Promise<never>(() => {}),
});

const RESPONSES = [
  'RespondActivityTaskCompleted',
  'RespondActivityTaskFailed',
  'RespondActivityTaskCanceled',
] as const;

function responsesSent(swf: WorkerHarness): number {
  return RESPONSES.reduce((sum, operation) => sum + swf.fake.callCount(operation), 0);
}

describe('a task that SWF must have timed out stops locally', () => {
  const open = useWorkerHarness('in-process');

  it('aborts within the heartbeat timeout of the last acknowledged beat during a partition, sending nothing', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 3, startToCloseTimeout: 600 });
    const aborted: { at: number; reason: unknown }[] = [];
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (_input, ctx) => {
        ctx.signal.addEventListener('abort', () =>
          aborted.push({ at: swf.clock.now(), reason: ctx.signal.reason }),
        );
        await ctx.sleep(60 * 60_000);
      },
    });
    const { worker, of } = swf.startWorker({ activities: [activity] });
    const acknowledged: number[] = [];
    worker.on('heartbeatSent', () => acknowledged.push(swf.clock.now()));
    await swf.clock.advance(5_000);
    // A partition: every call of the task is accepted and never answered, for 10 s.
    const partition = swf.fake.faults.inject({
      operations: ['RecordActivityTaskHeartbeat', ...RESPONSES],
      delayMs: 3_600_000,
      times: Number.POSITIVE_INFINITY,
    });
    await swf.clock.advance(10_000);
    partition.remove();
    await swf.clock.advance(30_000);

    // The signal aborted during the partition, within the heartbeat timeout (and a second) of
    // the last acknowledged heartbeat, not when the network came back.
    expect(aborted).toHaveLength(1);
    const [{ at, reason }] = aborted as [{ at: number; reason: unknown }];
    expect(at - (acknowledged.at(-1) ?? 0)).toBeLessThanOrEqual(3_000 + 1_000);
    expect(at).toBeLessThan(swf.clock.now() - 30_000);
    expect(reason).toBeInstanceOf(TaskGoneError);
    const cause = (reason as TaskGoneError).cause;
    expect(cause).toBeInstanceOf(ActivityTaskTimedOutError);
    expect((cause as ActivityTaskTimedOutError).timeoutType).toBe('HEARTBEAT');
    expect(of('taskGone')).toMatchObject([{ during: 'heartbeat', error: cause }]);
    expect(
      swf.fake.activityTask(task).closeEvent?.activityTaskTimedOutEventAttributes?.timeoutType,
    ).toBe('HEARTBEAT');
    expect(responsesSent(swf)).toBe(0);
    expect(worker.tasksInFlight).toBe(0);
  });

  it('gives up on a handler that ignores DeadlineExceededError: gone at start-to-close, slot freed, nothing sent', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 60 });
    const reference = await swf.client.send(
      new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
    );
    const events: string[] = [];
    let signal: AbortSignal | undefined;
    const listening = defineActivity({
      name: 'activity',
      version: '1',
      handler: (_input, ctx) => {
        signal = ctx.signal;
        return new Promise<never>(() => {});
      },
    });
    const outcome = runActivityTask(swf.client, reference, listening, {
      domain: 'fake',
      clock: swf.clock,
      logger: silentLogger,
      onEvent: (event) => events.push(event.type === 'warning' ? event.code : event.type),
    });
    // The local deadline, a second before SWF's timeout: the signal aborts.
    await swf.clock.advance(59_000);
    expect(signal?.reason).toBeInstanceOf(DeadlineExceededError);
    // SWF's timeout passes: the task is gone. Five seconds after the abort, it is given up.
    await swf.clock.advance(5_000);
    const ended = await outcome;
    expect(ended.status).toBe('gone');
    expect(ended.error).toBeInstanceOf(DeadlineExceededError);
    expect(events).toContain('taskGone');
    expect(events.slice(-2)).toEqual(['handlerIgnoredAbort', 'taskFinished']);
    expect(responsesSent(swf)).toBe(0);
    expect(
      swf.fake.activityTask(task).closeEvent?.activityTaskTimedOutEventAttributes?.timeoutType,
    ).toBe('START_TO_CLOSE');
  });

  it("reports a handler that ignores DeadlineExceededError failed when abortWaitMs ends before SWF's timeout", async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const reference = await swf.client.send(
      new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
    );
    const outcome = runActivityTask(swf.client, reference, deaf, {
      domain: 'fake',
      clock: swf.clock,
      logger: silentLogger,
      abortWaitMs: 500,
    });
    await swf.clock.advance(600_000);
    const ended = await outcome;
    expect(ended).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^DeadlineExceededError/),
    });
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskFailed');
  });

  it('frees the slot of a handler that ignores a TaskGoneError, with a warning naming it', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 3600 });
    const { worker, of } = swf.startWorker({ activities: [deaf], maxConcurrentTasks: 1 });
    await swf.clock.advance(1_000);
    await swf.client.send(
      new TerminateWorkflowExecutionCommand({
        domain: 'fake',
        workflowId: task.workflowExecution.workflowId,
      }),
    );
    // The next heartbeat (within 10 s) finds the task gone; 2 s later (abortWaitMs) the handler
    // is given up.
    await swf.clock.advance(16_000);
    expect(worker.tasksInFlight).toBe(0);
    expect(of('taskGone')).toHaveLength(1);
    expect(of('warning')).toMatchObject([
      {
        code: 'handlerIgnoredAbort',
        message: expect.stringMatching(
          /^The handler of activity@1 did not settle within 2000 ms[\s\S]*unreported/,
        ),
      },
    ]);
    expect(responsesSent(swf)).toBe(0);
    // The slot is free: the next task runs.
    const next = swf.fake.scheduleActivityTask({
      heartbeatTimeout: 30,
      startToCloseTimeout: 3600,
      activityType: { name: 'other', version: '1' },
    });
    await swf.clock.advance(2_000);
    expect(swf.fake.activityTask(next).closeEvent?.eventType).toBe('ActivityTaskFailed');
  });

  it('times the task out locally when its very first heartbeat is never answered', async () => {
    // The watchdog starts with the first beat; a beat black-holed from the task's start must
    // still end it within the heartbeat timeout (and the second of grace) of the start.
    const swf = await open();
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 6, startToCloseTimeout: 600 });
    swf.fake.faults.inject({
      operations: ['RecordActivityTaskHeartbeat'],
      delayMs: 3_600_000,
      times: Number.POSITIVE_INFINITY,
    });
    const reasons: unknown[] = [];
    const { of } = swf.startWorker({ activities: [workingActivity(60_000, reasons)] });
    const startedAt = swf.clock.now();
    await swf.clock.advance(5_900);
    // The first beat and its retries went out; none was answered.
    expect(swf.fake.callCount('RecordActivityTaskHeartbeat')).toBeGreaterThan(0);
    expect(reasons).toEqual([]);
    await swf.clock.advance(1_200);
    expect(reasons).toHaveLength(1);
    const cause = (reasons[0] as TaskGoneError).cause;
    expect(cause).toBeInstanceOf(ActivityTaskTimedOutError);
    expect((cause as ActivityTaskTimedOutError).timeoutType).toBe('HEARTBEAT');
    expect(of('taskGone')).toHaveLength(1);
    expect(swf.clock.now() - startedAt).toBeLessThanOrEqual(6_000 + 1_100);
  });

  it('aborts a working handler with TaskGoneError after the heartbeat timeout when every heartbeat is lost', async () => {
    const swf = await open();
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 6, startToCloseTimeout: 600 });
    swf.fake.faults.inject({
      operations: ['RecordActivityTaskHeartbeat'],
      drop: 'request',
      times: Number.POSITIVE_INFINITY,
    });
    const reasons: unknown[] = [];
    swf.startWorker({ activities: [workingActivity(60_000, reasons)] });
    await swf.clock.advance(5_000);
    expect(reasons).toEqual([]);
    await swf.clock.advance(2_000);
    expect(reasons).toHaveLength(1);
    expect((reasons[0] as TaskGoneError).cause).toBeInstanceOf(ActivityTaskTimedOutError);
  });

  describe('a response at shutdown', () => {
    async function blackHoledResponse(swf: WorkerHarness) {
      swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
      const reference = await swf.client.send(
        new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
      );
      swf.fake.faults.inject({
        operations: [...RESPONSES],
        delayMs: 3_600_000,
        times: Number.POSITIVE_INFINITY,
      });
      const shutdown = new AbortController();
      const events: string[] = [];
      let respondFailed: unknown;
      const outcome = runActivityTask(swf.client, reference, workingActivity(10_000), {
        domain: 'fake',
        clock: swf.clock,
        logger: silentLogger,
        signal: shutdown.signal,
        onEvent: (event) => {
          events.push(event.type);
          if (event.type === 'respondFailed') respondFailed = event.error;
        },
      });
      let endedAt = Number.NaN;
      void outcome.then(() => {
        endedAt = swf.clock.now();
      });
      return {
        shutdown,
        outcome,
        events,
        ended: () => endedAt,
        respondFailed: () => respondFailed,
      };
    }

    it('is retried for 2 s at most once shutdown began before it', async () => {
      const swf = await open();
      const run = await blackHoledResponse(swf);
      await swf.clock.advance(1_000);
      const abortedAt = swf.clock.now();
      run.shutdown.abort();
      await swf.clock.advance(5_000);
      expect((await run.outcome).status).toBe('unreported');
      expect(run.ended() - abortedAt).toBeLessThanOrEqual(2_000);
      expect(run.events).toContain('respondFailed');
    });

    it('is cut 2 s after shutdown begins while it is being retried', async () => {
      const swf = await open();
      const run = await blackHoledResponse(swf);
      // The handler finished at 10 s; its response has been black-holed for 20 s.
      await swf.clock.advance(30_000);
      expect(Number.isNaN(run.ended())).toBe(true);
      const abortedAt = swf.clock.now();
      run.shutdown.abort();
      await swf.clock.advance(5_000);
      expect((await run.outcome).status).toBe('unreported');
      expect(run.ended() - abortedAt).toBeLessThanOrEqual(2_000);
      expect(run.respondFailed()).toBeInstanceOf(WorkerShutdownError);
    });
  });
});
