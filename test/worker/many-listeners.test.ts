import { afterEach, describe, expect, it } from 'vitest';
import { workingActivity } from './support/activities.js';
import { useWorkerHarness } from './support/harness.js';

describe('a worker with many tasks and pollers', () => {
  const open = useWorkerHarness('in-process');
  const warnings: Error[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(warning);
  };
  afterEach(() => {
    process.off('warning', onWarning);
  });

  it('runs more than ten tasks and pollers at once without a listener-leak warning', async () => {
    process.on('warning', onWarning);
    const swf = await open();
    const tasks = Array.from({ length: 24 }, () =>
      swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 }),
    );
    const { worker } = swf.startWorker({
      activities: [workingActivity(60_000)],
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
