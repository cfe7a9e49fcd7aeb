import { defineActivity } from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { heldActivity } from './support/activities.js';
import { useWorkerHarness, type WorkerHarness } from './support/harness.js';

/** The calls a task in flight makes; a black hole swallows them (accepted, never answered). */
const TASK_CALLS = [
  'RecordActivityTaskHeartbeat',
  'RespondActivityTaskCompleted',
  'RespondActivityTaskFailed',
  'RespondActivityTaskCanceled',
] as const;

const RESPONSES = TASK_CALLS.slice(1);

/**
 * Black-holes `operations` from now for `spanMs` of the fake's clock: each call in that span
 * is accepted and never answered (an hour is longer than any test), as a dead route does.
 */
function blackHole(
  swf: WorkerHarness,
  operations: readonly (typeof TASK_CALLS)[number][],
): { end(): void } {
  const fault = swf.fake.faults.inject({
    operations,
    delayMs: 3_600_000,
    times: Number.POSITIVE_INFINITY,
  });
  return { end: () => fault.remove() };
}

/** An activity that works `ms` on the worker's clock, then returns its input. */
const working = (ms: number) =>
  defineActivity({
    name: 'activity',
    version: '1',
    handler: async (input: unknown, ctx) => {
      await ctx.sleep(ms);
      return input;
    },
  });

describe('network blips while tasks finish', () => {
  const open = useWorkerHarness('in-process');

  async function finishDuringBlackHole(
    heartbeatTimeout: number,
    operations: readonly (typeof TASK_CALLS)[number][],
    startsAtMs: number,
    spanMs: number,
  ) {
    const swf = await open();
    const tasks = [1, 2, 3].map((n) =>
      swf.fake.scheduleActivityTask({
        heartbeatTimeout,
        startToCloseTimeout: 600,
        input: String(n),
      }),
    );
    const { of } = swf.startWorker({ activities: [working(10_000)] });
    await swf.clock.advance(startsAtMs);
    const hole = blackHole(swf, operations);
    await swf.clock.advance(spanMs);
    hole.end();
    await swf.clock.advance(60_000);
    return { swf, tasks, of };
  }

  it('loses no finished task to a 1.5 s black hole of every call (heartbeat timeout 3 s)', async () => {
    // The handlers finish at about 10 s, in the middle of the black hole.
    const { swf, tasks, of } = await finishDuringBlackHole(3, TASK_CALLS, 9_500, 1_500);
    for (const task of tasks) {
      expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    }
    expect(of('taskGone')).toEqual([]);
    expect(of('respondRetried').length).toBeGreaterThanOrEqual(3);
  });

  it('loses no finished task when only the responses are black-holed for 2 s (heartbeat timeout 10 s)', async () => {
    const { swf, tasks, of } = await finishDuringBlackHole(10, RESPONSES, 9_000, 2_000);
    for (const task of tasks) {
      expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    }
    expect(of('taskGone')).toEqual([]);
  });

  it('loses no task whose last heartbeat came a whole interval before a 1.5 s black hole (heartbeat timeout 3 s)', async () => {
    // The tightest phase: the task's latest heartbeat is acknowledged 0.9 s before every call
    // is black-holed, its handler finishes 0.1 s into the hole, and the hole ends 2.4 s after
    // that heartbeat: 0.6 s before SWF times the task out. A try sent just before the hole ends
    // is never answered; the next one must still go out, and get through, in that 0.6 s.
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 3, startToCloseTimeout: 600 });
    const { activity, release: finish } = heldActivity();
    const { of } = swf.startWorker({ activities: [activity] });
    // The first heartbeat is due within its interval (1 s): look for it, 10 ms at a time.
    for (let waited = 0; of('heartbeatSent').length === 0 && waited < 2_000; waited += 10) {
      await swf.clock.advance(10);
    }
    await swf.clock.advance(900);
    expect(of('heartbeatSent')).toHaveLength(1);
    const hole = blackHole(swf, TASK_CALLS);
    await swf.clock.advance(100);
    finish();
    await swf.clock.advance(1_400);
    hole.end();
    await swf.clock.advance(60_000);
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(of('taskGone')).toEqual([]);
  });

  it('keeps a finished task alive with heartbeats while its response is black-holed for many heartbeat timeouts', async () => {
    const { swf, tasks } = await finishDuringBlackHole(3, RESPONSES, 9_000, 20_000);
    for (const task of tasks) {
      const state = swf.fake.activityTask(task);
      expect(state.closeEvent?.eventType).toBe('ActivityTaskCompleted');
    }
    // The heartbeats went on through the 20 s: at least one per heartbeat timeout per task.
    expect(swf.fake.callCount('RecordActivityTaskHeartbeat')).toBeGreaterThanOrEqual(3 * 7);
  });
});
