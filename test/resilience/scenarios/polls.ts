/**
 * Polls recover once the network heals, over real sockets: after resets, and after
 * black-holed polls whose connections the healed network resets. (Polls black-holed for good:
 * poll-timeout.test.ts.)
 */
import { defineActivity } from 'swf-activity-worker';
import { describe, it } from 'vitest';
import { DOMAIN, measure, openNetworkRig, TASK_LIST, until } from '../support/network-rig.js';

const OUTAGE_MS = 3_000;

const echo = defineActivity<string, string>({
  name: 'echo',
  version: '1',
  heartbeatTimeoutMs: 30_000,
  startToCloseTimeoutMs: 60_000,
  handler: async (input) => input,
});

/** Declares these scenarios (run them inside a concurrent suite). */
export function pollRecoveryScenarios(): void {
  describe('polls after the network heals', () => {
    it.for([
      { outage: 'resets every poll', fault: { kind: 'reset' } as const, recoverWithinMs: 10_000 },
      {
        outage: 'black-holes every poll, then resets their connections',
        fault: { kind: 'blackHole', onEnd: 'reset' } as const,
        recoverWithinMs: 5_000,
      },
    ])(
      'resume when the network $outage',
      { timeout: 60_000 },
      async (scenario, { expect, onTestFailed, onTestFinished }) => {
        // Short long polls: the polls open when the outage starts end soon, and the next ones meet it.
        const rig = await openNetworkRig({ onTestFailed }, { fake: { pollTimeoutMs: 1_000 } });
        onTestFinished(() => rig.close());
        const started = rig.startWorker({ activities: [echo] });
        const polling = () => rig.fake.waitingPolls(DOMAIN, TASK_LIST) > 0;
        await until(
          () => rig.fake.callCount('PollForActivityTask') > 0 && polling(),
          'the worker polls',
        );
        const fault = rig.proxy.inject({
          ...scenario.fault,
          operations: ['PollForActivityTask'],
          forMs: OUTAGE_MS,
        });
        await fault.ended;
        const healedAt = Date.now();
        const task = rig.fake.scheduleActivityTask({
          domain: DOMAIN,
          taskList: TASK_LIST,
          activityType: echo,
          input: JSON.stringify('after the outage'),
        });
        await until(
          () => rig.closeOf(task) !== undefined,
          'the task ran',
          scenario.recoverWithinMs,
        );
        const recoveredAfterMs = Date.now() - healedAt;
        measure('poll-recovery', {
          outage: scenario.outage,
          caught: fault.hits,
          pollErrors: started.of('pollError').length,
          taskDoneAfterHealMs: recoveredAfterMs,
        });
        expect(fault.hits).toBeGreaterThan(0);
        expect(rig.closeOf(task)?.eventType).toBe('ActivityTaskCompleted');
        expect(started.worker.state).toBe('running');
      },
    );
  });
}
