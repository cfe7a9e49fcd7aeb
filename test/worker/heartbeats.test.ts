import { ActivityCancelledError, defineActivity } from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { workingActivity } from './support/activities.js';
import { useWorkerHarness, type WorkerHarness } from './support/harness.js';

describe('heartbeats', () => {
  const open = useWorkerHarness('in-process');

  it('keeps a handler that never heartbeats alive through many heartbeat timeouts', async () => {
    const swf = await open();
    const silent = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (_input, ctx) => {
        await ctx.sleep(10 * 60_000);
        return 'done';
      },
    });
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 3600 });
    const { of } = swf.startWorker({ activities: [silent] });

    await swf.clock.advance(10 * 60_000 + 1000);

    const state = swf.fake.activityTask(task);
    expect(state.closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(state.closeEvent?.activityTaskCompletedEventAttributes?.result).toBe('"done"');
    // Sixty heartbeat timeouts long, at three beats per timeout window.
    const beats = swf.fake.callCount('RecordActivityTaskHeartbeat');
    expect(beats).toBeGreaterThanOrEqual(170);
    expect(beats).toBeLessThanOrEqual(181);
    expect(of('heartbeatFailed')).toEqual([]);
    expect(of('taskResponded').map((event) => event.outcome)).toEqual(['completed']);
  });

  it('spreads the first heartbeats of tasks that start together', async () => {
    const swf = await open();
    for (let task = 0; task < 20; task++) {
      swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 3600 });
    }
    const { worker } = swf.startWorker({
      activities: [workingActivity(60_000)],
      maxConcurrentTasks: 20,
    });
    const firstBeats = new Map<string, number>();
    const startedAt = swf.clock.now();
    worker.on('heartbeatSent', ({ task }) => {
      if (!firstBeats.has(task.activityId)) {
        firstBeats.set(task.activityId, swf.clock.now() - startedAt);
      }
    });
    await swf.clock.advance(11_000);
    const times = [...firstBeats.values()];
    expect(times).toHaveLength(20);
    // In the second half of the 10 s interval, not all at once.
    for (const time of times) {
      expect(time).toBeGreaterThanOrEqual(5_000);
      expect(time).toBeLessThanOrEqual(10_000);
    }
    expect(new Set(times).size).toBeGreaterThan(10);
  });

  it('sends the latest details, coalesced, no more often than the minimum interval', async () => {
    const swf = await open();
    const progress = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (_input, ctx) => {
        for (let step = 1; step <= 50; step++) {
          ctx.heartbeat({ step });
          await ctx.sleep(100);
        }
        await ctx.sleep(60_000);
      },
    });
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 3600 });
    swf.startWorker({ activities: [progress] });
    // 50 calls in 5 s; with a 30 s timeout the minimum interval is 10 s / 3, so two calls carry
    // them all, the second with the latest details.
    await swf.clock.advance(10_000);
    expect(swf.fake.callCount('RecordActivityTaskHeartbeat')).toBe(2);
    expect(swf.fake.activityTask(task).lastHeartbeatDetails).toBe('{"step":50}');
  });

  it('turns a cancel request into ActivityCancelledError and RespondActivityTaskCanceled', async () => {
    const swf = await open();
    let reason: unknown;
    const cancellable = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (_input, ctx) => {
        try {
          await ctx.sleep(60 * 60_000);
        } catch (error) {
          reason = ctx.signal.reason;
          throw error;
        }
      },
    });
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 7200 });
    const { of } = swf.startWorker({ activities: [cancellable] });
    await swf.clock.advance(5_000);
    swf.fake.requestActivityTaskCancel(task);
    await swf.clock.advance(15_000);

    expect(reason).toBeInstanceOf(ActivityCancelledError);
    const state = swf.fake.activityTask(task);
    expect(state.closeEvent?.eventType).toBe('ActivityTaskCanceled');
    expect(state.closeEvent?.activityTaskCanceledEventAttributes?.details).toContain(
      'ActivityCancelledError',
    );
    expect(of('cancelRequested')).toHaveLength(1);
    expect(of('taskResponded').map((event) => event.outcome)).toEqual(['canceled']);
  });

  /** A handler that waits `ms` on the clock without looking at ctx.signal. */
  const stubbornActivity = (swf: WorkerHarness, ms: number) =>
    defineActivity({
      name: 'activity',
      version: '1',
      handler: async () => {
        await new Promise<void>((resolve) => swf.clock.setTimer(resolve, ms));
        return 'finished anyway';
      },
    });

  it('completes normally when the handler finishes within abortWaitMs of a cancel request', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 7200 });
    const finishing = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (_input, ctx) => {
        // Finishes its work 2 s after the cancel request, and completes.
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        await new Promise<void>((resolve) => swf.clock.setTimer(resolve, 2_000));
        return 'finished anyway';
      },
    });
    const { of } = swf.startWorker({ activities: [finishing], abortWaitMs: 5_000 });
    await swf.clock.advance(5_000);
    swf.fake.requestActivityTaskCancel(task);
    await swf.clock.advance(60_000);

    const state = swf.fake.activityTask(task);
    expect(state.cancelRequested).toBe(true);
    expect(state.closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(of('cancelRequested')).toHaveLength(1);
    expect(of('warning')).toEqual([]);
  });

  it('gives up on a handler that ignores a cancel request for abortWaitMs: reported canceled', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 7200 });
    const { of, worker } = swf.startWorker({
      activities: [stubbornActivity(swf, 120_000)],
      abortWaitMs: 5_000,
    });
    await swf.clock.advance(5_000);
    swf.fake.requestActivityTaskCancel(task);
    // The cancel request is seen on the next heartbeat (10 s apart), then 5 s of abortWaitMs.
    await swf.clock.advance(16_000);

    const state = swf.fake.activityTask(task);
    expect(state.closeEvent?.eventType).toBe('ActivityTaskCanceled');
    expect(worker.tasksInFlight).toBe(0);
    expect(of('warning')).toEqual([
      expect.objectContaining({
        code: 'handlerIgnoredAbort',
        message: expect.stringMatching(/^The handler of activity@1 did not settle within 5000 ms/),
      }),
    ]);
  });
});
