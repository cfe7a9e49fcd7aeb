import { PollForActivityTaskCommand } from '@aws-sdk/client-swf';
import { defineActivity, runActivityTask, silentLogger } from 'swf-activity-worker';
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
    warnings.length = 0;
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

  it('keeps more than ten polls open at once without a listener-leak warning', async () => {
    process.on('warning', onWarning);
    const swf = await open();
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const { worker } = swf.startWorker({
      activities: [workingActivity(60_000)],
      maxConcurrentTasks: 17,
      pollers: 16,
    });
    await swf.clock.advance(1_000);
    expect(worker.tasksInFlight).toBe(1);
    expect(worker.pollsInFlight).toBe(16);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
      [],
    );
  });

  it('adds one listener to a caller signal shared by any number of runActivityTask calls', async () => {
    process.on('warning', onWarning);
    const swf = await open();
    const caller = new AbortController();
    const count = 40;
    for (let i = 0; i < count; i++) {
      swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    }
    const polled = [];
    for (let i = 0; i < count; i++) {
      polled.push(
        await swf.client.send(
          new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
        ),
      );
    }
    const outcomes = polled.map((task) =>
      runActivityTask(swf.client, task, workingActivity(60_000), {
        domain: 'fake',
        clock: swf.clock,
        logger: silentLogger,
        signal: caller.signal,
      }),
    );
    await swf.clock.advance(1_000);
    caller.abort();
    await swf.clock.advance(1_000);
    const statuses = (await Promise.all(outcomes)).map((outcome) => outcome.status);
    expect(statuses).toEqual(Array.from({ length: count }, () => 'failed'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
      [],
    );
  });

  it('lets a handler run any number of ctx.sleep at once without a listener-leak warning', async () => {
    process.on('warning', onWarning);
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const sleepy = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (_input, ctx) => {
        await Promise.all(Array.from({ length: 50 }, (_, i) => ctx.sleep(1_000 + i)));
        return 'rested';
      },
    });
    swf.startWorker({ activities: [sleepy] });
    await swf.clock.advance(5_000);
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
      [],
    );
  });
});
