import { defineActivity } from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { useWorkerHarness } from '../worker/support/harness.js';

/** An activity of type `name@1` that works `ms` on the worker's clock. */
function working(name: string, ms: number) {
  return defineActivity({
    name,
    version: '1',
    handler: async (_input, ctx) => {
      await ctx.sleep(ms);
      return 'done';
    },
  });
}

describe('heartbeats while the timeouts of a task are being found', () => {
  const open = useWorkerHarness('in-process');

  it('keeps a task alive when finding its timeouts outlasts its heartbeat timeout', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({
      activityType: { name: 'slowly-resolved', version: '1' },
      heartbeatTimeout: 4,
      startToCloseTimeout: 600,
    });
    // The history read hangs past the try's time limit (5 s): the timeouts are known only
    // after a retry, more than 5 s after the task started, past its 4 s heartbeat timeout.
    swf.fake.faults.inject({ operations: ['GetWorkflowExecutionHistory'], delayMs: 8_000 });
    const { events, of } = swf.startWorker({
      activities: [working('slowly-resolved', 10_000)],
      timeoutStrategy: 'history',
      heartbeat: { intervalWhenUnknownMs: 1_500 },
    });
    await swf.clock.advance(30_000);

    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    const [started] = of('taskStarted');
    expect(started?.timeouts).toMatchObject({ heartbeatTimeoutMs: 4_000, source: 'history' });
    // Beats went out before the handler could start.
    const firstBeat = events.findIndex((event) => event.type === 'heartbeatSent');
    expect(firstBeat).toBeGreaterThanOrEqual(0);
    expect(firstBeat).toBeLessThan(events.findIndex((event) => event.type === 'taskStarted'));
    expect(of('taskGone')).toEqual([]);
  });

  it('keeps the resolved pace once the timeouts are known', async () => {
    const swf = await open();
    swf.fake.scheduleActivityTask({
      activityType: { name: 'quickly-resolved', version: '1' },
      heartbeatTimeout: 30,
      startToCloseTimeout: 600,
    });
    const { of } = swf.startWorker({
      activities: [working('quickly-resolved', 60_000)],
      timeoutStrategy: 'history',
      heartbeat: { intervalWhenUnknownMs: 1_500 },
    });
    await swf.clock.advance(59_000);
    // A third of the 30 s timeout apart, not the 1.5 s of an unknown timeout (the first beat
    // falls in the second half of its interval: 5 or 6 beats in 59 s).
    const beats = of('heartbeatSent').length;
    expect(beats).toBeGreaterThanOrEqual(5);
    expect(beats).toBeLessThanOrEqual(6);
  });
});
