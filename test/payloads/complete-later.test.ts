/** Handing a task off with ctx.completeLater(), and finishing it by its token. */
import {
  ActivityTaskClient,
  defineActivity,
  silentLogger,
  TaskHandedOff,
  type WorkerEvent,
} from 'swf-activity-worker';
import { runActivityForTest } from 'swf-activity-worker/testing';
import { describe, expect, it } from 'vitest';
import { useWorkerHarness } from '../worker/support/harness.js';

describe('ctx.completeLater()', () => {
  const open = useWorkerHarness('in-process');

  it('frees the slot, stops the heartbeats, sends nothing; the token completes the task later', async () => {
    const swf = await open();
    const first = swf.fake.scheduleActivityTask({
      activityId: 'approval',
      heartbeatTimeout: 'NONE',
      startToCloseTimeout: 3600,
      input: '{"amount":120}',
    });
    const handedOn: { token: string; amount: number }[] = [];
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      async handler(input: { amount: number }, ctx) {
        if (ctx.task.activityId === 'approval') {
          handedOn.push({ token: ctx.task.taskToken, amount: input.amount });
          return ctx.completeLater();
        }
        return 'second done';
      },
    });
    const worker = swf.startWorker({ activities: [activity], maxConcurrentTasks: 1 });
    await swf.clock.advance(5_000);
    expect(handedOn).toHaveLength(1);
    expect(worker.of('taskHandedOff').map((event) => event.task.activityId)).toEqual(['approval']);
    expect(worker.of('taskResponded')).toEqual([]);
    // The one slot is free again: the next task runs while the first is still open.
    const second = swf.fake.scheduleActivityTask({
      heartbeatTimeout: 30,
      startToCloseTimeout: 600,
    });
    await swf.clock.advance(5_000);
    expect(swf.fake.activityTask(second).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(swf.fake.activityTask(first).status).toBe('STARTED');
    // No heartbeat of the worker's for the handed-off task, however long it waits.
    const beatsOf = (events: WorkerEvent[]) =>
      events.filter(
        (event) => event.type === 'heartbeatSent' && event.task.activityId === 'approval',
      );
    await swf.clock.advance(10 * 60_000);
    expect(beatsOf(worker.events)).toEqual([]);

    // Elsewhere in the program, the approval arrives.
    const client = new ActivityTaskClient(swf.client, handedOn[0]?.token ?? '', {
      clock: swf.clock,
      logger: silentLogger,
    });
    await client.complete({ approved: true });
    expect(
      swf.fake.activityTask(first).closeEvent?.activityTaskCompletedEventAttributes?.result,
    ).toBe('{"approved":true}');
  });

  it('a handed-off task with a heartbeat timeout times out unless someone keeps it alive', async () => {
    const swf = await open();
    const kept = swf.fake.scheduleActivityTask({
      activityId: 'kept',
      heartbeatTimeout: 20,
      startToCloseTimeout: 3600,
    });
    const dropped = swf.fake.scheduleActivityTask({
      activityId: 'dropped',
      heartbeatTimeout: 20,
      startToCloseTimeout: 3600,
    });
    const clients = new Map<string, ActivityTaskClient>();
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      async handler(_input, ctx) {
        clients.set(
          ctx.task.activityId,
          new ActivityTaskClient(swf.client, ctx.task.taskToken, {
            clock: swf.clock,
            logger: silentLogger,
            heartbeatTimeoutMs: ctx.timeouts.heartbeatTimeoutMs,
          }),
        );
        return ctx.completeLater();
      },
    });
    swf.startWorker({ activities: [activity] });
    await swf.clock.advance(2_000);
    const alive = clients.get('kept')?.keepAlive();
    await swf.clock.advance(120_000);
    expect(swf.fake.activityTask(dropped).closeEvent?.eventType).toBe('ActivityTaskTimedOut');
    expect(swf.fake.activityTask(kept).status).toBe('STARTED');
    expect(alive?.signal.aborted).toBe(false);
    await clients.get('kept')?.fail(new Error('rejected by the approver'));
    expect(swf.fake.activityTask(kept).closeEvent?.activityTaskFailedEventAttributes?.reason).toBe(
      'Error: rejected by the approver',
    );
  });

  it('stands even if the handler catches the marker and returns a value', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    let caught: unknown;
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      async handler(_input, ctx) {
        try {
          ctx.completeLater();
        } catch (error) {
          caught = error;
        }
        return 'ignored';
      },
    });
    const worker = swf.startWorker({ activities: [activity] });
    await swf.clock.advance(5_000);
    expect(caught).toBeInstanceOf(TaskHandedOff);
    expect(worker.of('taskHandedOff')).toHaveLength(1);
    expect(worker.of('taskResponded')).toEqual([]);
    await swf.clock.advance(60_000);
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskTimedOut');
  });

  it('cannot be called once the run ended', async () => {
    const swf = await open();
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    let later: (() => never) | undefined;
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      async handler(_input, ctx) {
        later = ctx.completeLater;
        return 'done';
      },
    });
    const worker = swf.startWorker({ activities: [activity] });
    await swf.clock.advance(5_000);
    expect(worker.of('taskResponded')).toHaveLength(1);
    expect(() => later?.()).toThrow(/was called after the run of .* ended/);
  });

  it('is reported as handedOff by runActivityForTest', async () => {
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (_input, ctx) => ctx.completeLater(),
    });
    expect(await runActivityForTest(activity, undefined)).toEqual({ status: 'handedOff' });
  });
});
