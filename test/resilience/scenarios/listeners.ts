/**
 * No MaxListenersExceededWarning from the library, at any number of tasks sharing a caller's
 * signal or of concurrent `ctx.sleep`: over real sockets, many tasks at once.
 */
import { PollForActivityTaskCommand } from '@aws-sdk/client-swf';
import { defineActivity, runActivityTask, silentLogger } from 'swf-activity-worker';
import { describe, it } from 'vitest';
import { DOMAIN, eventually, measure, openNetworkRig, TASK_LIST } from '../support/network-rig.js';

const TASKS = 24;
const SLEEPS = 24;

/** Sleeps `SLEEPS` times at once, then returns. */
const napper = defineActivity<unknown, string>({
  name: 'napper',
  version: '1',
  heartbeatTimeoutMs: 30_000,
  startToCloseTimeoutMs: 60_000,
  async handler(_input, ctx) {
    await Promise.all(Array.from({ length: SLEEPS }, (_, index) => ctx.sleep(50 + index)));
    return 'rested';
  },
});

/** Declares these scenarios (run them inside a concurrent suite). */
export function listenerScenarios(): void {
  describe('many tasks and sleeps at once', () => {
    it('raise no listener-leak warning: runActivityTask with one shared signal, and a worker', {
      timeout: 60_000,
    }, async ({ expect, onTestFailed, onTestFinished }) => {
      const warnings: Error[] = [];
      const onWarning = (warning: Error): void => {
        warnings.push(warning);
      };
      process.on('warning', onWarning);
      onTestFinished(() => {
        process.off('warning', onWarning);
      });
      const rig = await openNetworkRig({ onTestFailed });
      onTestFinished(() => rig.close());
      const schedule = () =>
        Array.from({ length: TASKS }, () =>
          rig.fake.scheduleActivityTask({
            domain: DOMAIN,
            taskList: TASK_LIST,
            activityType: napper,
          }),
        );

      // A poll loop of one's own: every task runs with the same caller signal.
      const own = schedule();
      const caller = new AbortController();
      const polled = await Promise.all(
        own.map(() =>
          rig.client.send(
            new PollForActivityTaskCommand({ domain: DOMAIN, taskList: { name: TASK_LIST } }),
          ),
        ),
      );
      const outcomes = await Promise.all(
        polled.map((task) =>
          runActivityTask(rig.client, task, napper, {
            domain: DOMAIN,
            signal: caller.signal,
            logger: silentLogger,
          }),
        ),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(own.map(() => 'completed'));

      // A worker running as many at once.
      const byWorker = schedule();
      rig.startWorker({ activities: [napper], maxConcurrentTasks: TASKS, pollers: 4 });
      await eventually(() => byWorker.every((task) => rig.closeOf(task) !== undefined), 30_000);
      expect(byWorker.map((task) => rig.closeOf(task)?.eventType)).toEqual(
        byWorker.map(() => 'ActivityTaskCompleted'),
      );
      // Node emits warnings on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
      const leaks = warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning');
      measure('listeners', {
        tasks: TASKS,
        sleepsPerTask: SLEEPS,
        maxListenersWarnings: leaks.length,
        first: leaks[0]?.message,
      });
      expect(leaks.map((warning) => warning.message)).toEqual([]);
    });
  });
}
