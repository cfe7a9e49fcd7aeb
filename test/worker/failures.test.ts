import { TerminateWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { DeadlineExceededError, HeartbeatBudget, TaskGoneError } from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { workingActivity } from './support/activities.js';
import { useWorkerHarness } from './support/harness.js';

describe('failures', () => {
  const open = useWorkerHarness('in-process');

  it('retries throttled, failed and slow heartbeats while the timeout allows', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 3600 });
    const { of } = swf.startWorker({ activities: [workingActivity(5 * 60_000)] });
    const heartbeats = ['RecordActivityTaskHeartbeat'] as const;
    // One kind of trouble per minute: throttling, server errors, then a slow network.
    swf.fake.faults.inject({ operations: heartbeats, error: 'ThrottlingException', times: 3 });
    await swf.clock.advance(60_000);
    swf.fake.faults.inject({ operations: heartbeats, error: 'InternalFailure', times: 3 });
    await swf.clock.advance(60_000);
    swf.fake.faults.inject({ operations: heartbeats, delayMs: 8_000, times: 3 });
    await swf.clock.advance(3 * 60_000 + 2_000);

    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    const retriedFor = of('heartbeatRetried').map((event) => (event.error as Error).name);
    expect(retriedFor.filter((name) => name === 'ThrottlingException')).toHaveLength(3);
    expect(retriedFor.filter((name) => name === 'InternalFailure')).toHaveLength(3);
    expect(of('heartbeatFailed')).toEqual([]);
  });

  it('keeps a finished task alive while its response is throttled for long', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 3600 });
    // About 40 s of throttled responses: four heartbeat timeouts.
    swf.fake.faults.inject({
      operations: ['RespondActivityTaskCompleted'],
      error: 'ThrottlingException',
      times: 11,
    });
    const { of } = swf.startWorker({ activities: [workingActivity(5_000)] });
    await swf.clock.advance(70_000);

    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(of('respondRetried')).toHaveLength(11);
    expect(swf.fake.callCount('RecordActivityTaskHeartbeat')).toBeGreaterThanOrEqual(4);
  });

  it('aborts with TaskGoneError and sends nothing when SWF timed the task out', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 20, startToCloseTimeout: 3600 });
    // Every heartbeat is lost for a minute: SWF times the task out meanwhile.
    const lost = swf.fake.faults.inject({
      operations: ['RecordActivityTaskHeartbeat'],
      drop: 'request',
      times: Number.POSITIVE_INFINITY,
    });
    const reasons: unknown[] = [];
    const { of } = swf.startWorker({ activities: [workingActivity(10 * 60_000, reasons)] });
    await swf.clock.advance(60_000);
    expect(
      swf.fake.activityTask(task).closeEvent?.activityTaskTimedOutEventAttributes?.timeoutType,
    ).toBe('HEARTBEAT');
    lost.remove();
    await swf.clock.advance(30_000);

    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(TaskGoneError);
    expect(of('taskGone').map((event) => event.during)).toEqual(['heartbeat']);
    expect(swf.fake.callCount('RespondActivityTaskFailed')).toBe(0);
    expect(swf.fake.callCount('RespondActivityTaskCompleted')).toBe(0);
    expect(swf.fake.callCount('RespondActivityTaskCanceled')).toBe(0);
  });

  it('aborts with TaskGoneError when the execution is terminated', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 3600 });
    const reasons: unknown[] = [];
    const { of } = swf.startWorker({ activities: [workingActivity(10 * 60_000, reasons)] });
    await swf.clock.advance(1_000);
    await swf.client.send(
      new TerminateWorkflowExecutionCommand({
        domain: task.domain,
        workflowId: task.workflowExecution.workflowId,
      }),
    );
    await swf.clock.advance(15_000);
    expect(reasons[0]).toBeInstanceOf(TaskGoneError);
    expect(of('taskGone')).toHaveLength(1);
    expect(of('taskResponded')).toEqual([]);
  });

  it('aborts with DeadlineExceededError before the start-to-close timeout and reports it', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 20, startToCloseTimeout: 60 });
    const reasons: unknown[] = [];
    swf.startWorker({ activities: [workingActivity(10 * 60_000, reasons)] });
    await swf.clock.advance(59_500);

    expect(reasons[0]).toBeInstanceOf(DeadlineExceededError);
    const closed = swf.fake.activityTask(task).closeEvent;
    expect(closed?.eventType).toBe('ActivityTaskFailed');
    expect(closed?.activityTaskFailedEventAttributes?.reason).toMatch(/^DeadlineExceededError: /);
  });

  it('shares a heartbeat budget that backs off when SWF throttles, keeping every task alive', async () => {
    // SWF allows 1 heartbeat per second here; the worker starts out allowing 20.
    const swf = await open({
      throttling: { RecordActivityTaskHeartbeat: { bucketSize: 3, refillPerSecond: 1 } },
    });
    const budget = new HeartbeatBudget(swf.clock, { ratePerSecond: 20, burst: 20 });
    const tasks = Array.from({ length: 8 }, () =>
      swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 3600 }),
    );
    const { of } = swf.startWorker({
      activities: [workingActivity(5 * 60_000)],
      maxConcurrentTasks: 8,
      heartbeatBudget: budget,
    });
    let lowestRate = budget.ratePerSecond;
    for (let second = 0; second < 6 * 60; second++) {
      await swf.clock.advance(1000);
      lowestRate = Math.min(lowestRate, budget.ratePerSecond);
    }

    for (const task of tasks) {
      expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    }
    const throttled = of('heartbeatRetried').filter(
      (event) => (event.error as Error).name === 'ThrottlingException',
    );
    expect(throttled.length).toBeGreaterThan(0);
    expect(lowestRate).toBeLessThanOrEqual(10);
  });
});
