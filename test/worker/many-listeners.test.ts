import { defineActivity } from 'swf-activity-worker';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerHarness, type WorkerHarness } from './support/harness.js';

describe('a worker with many tasks and pollers', () => {
  let swf: WorkerHarness;
  const warnings: Error[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(warning);
  };
  afterEach(async () => {
    process.off('warning', onWarning);
    await swf.close();
  });

  it('runs more than ten tasks and pollers at once without a listener-leak warning', async () => {
    process.on('warning', onWarning);
    swf = await createWorkerHarness('in-process');
    const working = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (_input, ctx) => {
        await ctx.sleep(60_000);
        return 'done';
      },
    });
    const tasks = Array.from({ length: 24 }, () =>
      swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 }),
    );
    const { worker } = swf.startWorker({
      activities: [working],
      maxConcurrentTasks: 20,
      pollers: 16,
    });
    await swf.clock.advance(1_000);
    expect(worker.tasksInFlight).toBe(20);
    await swf.clock.advance(2 * 61_000);
    for (const task of tasks) {
      expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    }
    // Node emits warnings on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
      [],
    );
  });
});
