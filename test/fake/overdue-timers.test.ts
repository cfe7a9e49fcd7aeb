/**
 * A busy event loop delays the fake's timers as much as the caller's. SWF's clock does not
 * wait for the caller: a call that arrives after a timeout fell due must find its effect,
 * even if the timer that records it has not run yet.
 */
import type { Clock, ClockTimer } from 'swf-activity-worker';
import type { ActivityTaskReference, ScheduleActivityTaskOptions } from 'swf-activity-worker/fake';
import { FakeSwf, SwfServiceError } from 'swf-activity-worker/fake';
import { describe, expect, test } from 'vitest';

/** A clock whose time moves by hand while its timers wait, as when the event loop is blocked. */
class StalledClock implements Clock {
  #now = Date.UTC(2026, 0, 1);
  readonly #timers = new Set<{ due: number; callback: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, delayMs: number): ClockTimer {
    const timer = { due: this.#now + Math.max(0, delayMs), callback };
    this.#timers.add(timer);
    return { cancel: () => this.#timers.delete(timer) };
  }

  /** Moves time without running any timer. */
  stall(ms: number): void {
    this.#now += ms;
  }

  get pending(): number {
    return this.#timers.size;
  }
}

/** Where a test stands: a task started on a fake whose clock stalls. */
interface StalledTask {
  readonly clock: StalledClock;
  readonly fake: FakeSwf;
  readonly reference: ActivityTaskReference;
  readonly taskToken: string;
}

/**
 * Schedules a task with `timeouts` on a fake whose clock stalls, polls it, and hands it to
 * `body`; then closes the fake and checks that no timer of it is left.
 */
async function withStalledTask(
  timeouts: Pick<ScheduleActivityTaskOptions, 'heartbeatTimeout' | 'startToCloseTimeout'>,
  body: (task: StalledTask) => Promise<void>,
): Promise<void> {
  const clock = new StalledClock();
  const fake = new FakeSwf({ clock });
  try {
    const reference = fake.scheduleActivityTask(timeouts);
    const task = await fake.handle('PollForActivityTask', {
      domain: reference.domain,
      taskList: { name: 'default' },
    });
    await body({ clock, fake, reference, taskToken: task.taskToken ?? '' });
  } finally {
    fake.close();
  }
  expect(clock.pending).toBe(0);
}

describe('timers overdue when a call arrives', () => {
  test('a heartbeat after the heartbeat timeout finds the task timed out, with its last details', async () => {
    await withStalledTask(
      { heartbeatTimeout: 2, startToCloseTimeout: 60 },
      async ({ clock, fake, reference, taskToken }) => {
        clock.stall(1_500);
        await fake.handle('RecordActivityTaskHeartbeat', { taskToken, details: 'step 3' });
        clock.stall(2_500);

        const late = fake.handle('RecordActivityTaskHeartbeat', { taskToken, details: 'step 4' });

        await expect(late).rejects.toBeInstanceOf(SwfServiceError);
        await expect(late).rejects.toMatchObject({ name: 'UnknownResourceFault' });
        const closeEvent = fake.activityTask(reference).closeEvent;
        expect(closeEvent?.eventType).toBe('ActivityTaskTimedOut');
        expect(closeEvent?.activityTaskTimedOutEventAttributes).toMatchObject({
          timeoutType: 'HEARTBEAT',
          details: 'step 3',
        });
        // The timed-out event carries the time it fell due, not the time the call arrived.
        const started = fake
          .history(reference.domain, reference.workflowExecution)
          .find((event) => event.eventType === 'ActivityTaskStarted');
        expect(closeEvent?.eventTimestamp).toBe((clock.now() - 500) / 1000);
        expect(started?.eventTimestamp).toBe((clock.now() - 4_000) / 1000);
      },
    );
  });

  test('a heartbeat just before the timeout keeps the task alive', async () => {
    await withStalledTask(
      { heartbeatTimeout: 2, startToCloseTimeout: 60 },
      async ({ clock, fake, reference, taskToken }) => {
        clock.stall(1_999);
        await expect(fake.handle('RecordActivityTaskHeartbeat', { taskToken })).resolves.toEqual({
          cancelRequested: false,
        });
        expect(fake.activityTask(reference).status).toBe('STARTED');
      },
    );
  });

  test('after hundreds of heartbeats, the timeout still falls due two seconds after the last', async () => {
    await withStalledTask(
      { heartbeatTimeout: 2, startToCloseTimeout: 'NONE' },
      async ({ clock, fake, reference, taskToken }) => {
        for (let beat = 1; beat <= 500; beat++) {
          clock.stall(1_000);
          await fake.handle('RecordActivityTaskHeartbeat', { taskToken, details: String(beat) });
        }
        const anyCall = () =>
          fake.handle('CountPendingActivityTasks', {
            domain: reference.domain,
            taskList: { name: 'default' },
          });
        clock.stall(1_999);
        await anyCall();
        expect(fake.activityTask(reference).status).toBe('STARTED');
        clock.stall(1);
        await anyCall();
        expect(
          fake.activityTask(reference).closeEvent?.activityTaskTimedOutEventAttributes,
        ).toMatchObject({ timeoutType: 'HEARTBEAT', details: '500' });
      },
    );
  });
});
