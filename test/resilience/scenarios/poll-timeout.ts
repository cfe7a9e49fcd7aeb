/**
 * A poll black-holed for good (its connection silent forever, the network healed) only ends at
 * the worker's own poll timeout, above SWF's 60 s (70 s as AWS advises). Rather than wait 70 s,
 * the worker runs on a manual clock (its timers: the poll timeout, the back-off) while the
 * sockets, the proxy and the fake stay real, and the test moves the clock past the timeout.
 */
import { defineActivity } from 'swf-activity-worker';
import { ManualClock } from 'swf-activity-worker/fake';
import { describe, it } from 'vitest';
import {
  DOMAIN,
  delay,
  measure,
  openNetworkRig,
  TASK_LIST,
  until,
} from '../support/network-rig.js';

const echo = defineActivity<string, string>({
  name: 'echo',
  version: '1',
  heartbeatTimeoutMs: 30_000,
  startToCloseTimeoutMs: 60_000,
  handler: async (input) => input,
});

/** Declares these scenarios (run them inside a concurrent suite). */
export function pollTimeoutScenarios(): void {
  describe('a poll black-holed for good', () => {
    it('is given up at the poll timeout, above 60 s, and polling resumes', {
      timeout: 60_000,
    }, async ({ expect, onTestFailed, onTestFinished }) => {
      const rig = await openNetworkRig({ onTestFailed });
      const clock = new ManualClock({ start: Date.now() });
      onTestFinished(async () => {
        // The worker's timers run on the manual clock: keep it moving until the rig is closed.
        let closed = false;
        const closing = rig.close().finally(() => {
          closed = true;
        });
        while (!closed) {
          await clock.advance(1_000);
          await delay(10);
        }
        await closing;
      });
      const fault = rig.proxy.inject({ kind: 'blackHole', operations: ['PollForActivityTask'] });
      const started = rig.startWorker({ activities: [echo], clock, pollers: 1 });
      await until(() => fault.hits === 1, 'the poll went into the black hole');
      // The network heals, but the connection of the poll stays silent: lost for good.
      fault.remove();
      const task = rig.fake.scheduleActivityTask({
        domain: DOMAIN,
        taskList: TASK_LIST,
        activityType: echo,
        input: JSON.stringify('after the poll timeout'),
      });
      // Up to SWF's 60 s, the poll may be waiting for a task: the worker must not give up on it.
      await clock.advance(60_000);
      await delay(200);
      expect(fault.hits).toBe(1);
      expect(rig.fake.callCount('PollForActivityTask')).toBe(0);
      // Past its timeout (70 s as AWS advises, give or take), the worker gives up and polls again.
      let waitedMs = 60_000;
      while (rig.closeOf(task) === undefined && waitedMs < 180_000) {
        await clock.advance(1_000);
        waitedMs += 1_000;
        await delay(20);
      }
      await until(() => rig.closeOf(task) !== undefined, 'the task ran', 5_000);
      measure('poll-recovery', {
        outage: 'poll black-holed for good',
        pollAbandonedWithinMs: waitedMs,
        pollErrors: started.of('pollError').length,
      });
      expect(rig.closeOf(task)?.eventType).toBe('ActivityTaskCompleted');
      expect(waitedMs).toBeLessThanOrEqual(120_000);
    });
  });
}
