/**
 * The two traps of testing a worker on the fake's manual clock, and what the package does
 * about them: a shutdown that waits on the manual clock (`stopWorker`, `advanceUntil`), and a
 * worker given no clock, which would run on real time (refused, or warned about).
 */
import { SWFClient } from '@aws-sdk/client-swf';
import {
  ActivityWorker,
  defineActivity,
  runActivityTask,
  silentLogger,
  systemClock,
} from 'swf-activity-worker';
import { createInProcessClient, FakeSwf, ManualClock } from 'swf-activity-worker/fake';
import { createTestSwf, type TestSwf } from 'swf-activity-worker/testing';
import { afterEach, describe, expect, it } from 'vitest';

const render = defineActivity({
  name: 'render',
  version: '1',
  async handler(_input: unknown, ctx) {
    await ctx.sleep(10 * 60_000);
    return 'rendered';
  },
});

const opened: TestSwf[] = [];
afterEach(() => {
  for (const swf of opened.splice(0)) swf.close();
});

function openTestSwf(): TestSwf {
  const swf = createTestSwf();
  opened.push(swf);
  return swf;
}

function workerOptions(swf: TestSwf) {
  return { client: swf.client, domain: 'fake', taskList: 'default', activities: [render] };
}

/** Lets real time and event-loop turns pass, the clock standing still. */
const realPause = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('a worker shutdown on a manual clock', () => {
  it('waits on the clock: stopWorker moves it until the worker has stopped', async () => {
    const swf = openTestSwf();
    const task = swf.fake.scheduleActivityTask({
      activityType: render,
      heartbeatTimeout: 30,
      startToCloseTimeout: 3_600,
    });
    const worker = new ActivityWorker({
      ...workerOptions(swf),
      clock: swf.clock,
      logger: silentLogger,
    });
    const running = worker.run();
    await swf.clock.advance(1_000);
    expect(worker.tasksInFlight).toBe(1);

    // The trap: the grace, the poll still waiting and the handler's end are all on the clock.
    let stopped = false;
    void worker.shutdown({ graceMs: 5_000 }).then(() => {
      stopped = true;
    });
    await realPause();
    expect(stopped).toBe(false);

    const before = swf.clock.now();
    await swf.stopWorker(worker);
    await running;
    expect(stopped).toBe(true);
    expect(worker.state).toBe('stopped');
    // The grace ran its course on the clock, then the task was failed for the shutdown.
    expect(swf.clock.now() - before).toBeGreaterThanOrEqual(5_000);
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskFailed');
  });

  it('advanceUntil gives up after maxMs of clock time, and checks its options', async () => {
    const clock = new ManualClock();
    const never = new Promise<void>(() => {});
    await expect(clock.advanceUntil(never, { stepMs: 1_000, maxMs: 5_000 })).rejects.toThrow(
      /^ManualClock.advanceUntil: still pending after 5000 ms of clock time/,
    );
    expect(clock.now()).toBe(new ManualClock().now() + 5_000);
    await expect(clock.advanceUntil(never, { stepMs: 0 })).rejects.toThrow(RangeError);
    await expect(clock.advanceUntil(Promise.resolve(7))).resolves.toBe(7);
  });
});

describe('a worker given no clock in a test', () => {
  it("is refused when its client's fake runs on a manual clock, naming the fix", async () => {
    const swf = openTestSwf();
    expect(() => new ActivityWorker(workerOptions(swf))).toThrow(
      /^ActivityWorker: this client is served by a fake SWF on a ManualClock, but no clock was given.*`clock: swf\.clock`.*`clock: systemClock`/,
    );
    const task = swf.fake.scheduleActivityTask({ activityType: render });
    const fake = new FakeSwf({ clock: new ManualClock() });
    const ownClient = createInProcessClient(fake);
    try {
      expect(() => new ActivityWorker({ ...workerOptions(swf), client: ownClient })).toThrow(
        /served by a fake SWF on a ManualClock/,
      );
      await expect(
        runActivityTask(
          swf.client,
          {
            taskToken: 'token',
            activityId: task.activityId,
            startedEventId: 1,
            workflowExecution: { workflowId: 'w', runId: 'r' },
            activityType: { name: 'render', version: '1' },
          },
          render,
          { domain: 'fake' },
        ),
      ).rejects.toThrow(/^runActivityTask: this client is served by a fake SWF on a ManualClock/);
    } finally {
      ownClient.destroy();
      fake.close();
    }
    // Real time on purpose, or a fake on real time: accepted.
    expect(() => new ActivityWorker({ ...workerOptions(swf), clock: systemClock })).not.toThrow();
    const realTimeFake = new FakeSwf();
    const realTimeClient = createInProcessClient(realTimeFake);
    expect(
      () => new ActivityWorker({ ...workerOptions(swf), client: realTimeClient }),
    ).not.toThrow();
    realTimeClient.destroy();
    realTimeFake.close();
  });

  it('is warned about, once per client, when its client cannot tell (msw, HTTP)', async () => {
    new ManualClock(); // this process uses a manual clock, as a test against the fake does
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const client = new SWFClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'fake', secretAccessKey: 'fake' },
    });
    try {
      const options = { client, domain: 'fake', taskList: 'default', activities: [render] };
      new ActivityWorker(options);
      new ActivityWorker(options);
      new ActivityWorker({ ...options, clock: systemClock });
      await realPause();
      const ours = warnings.filter((warning) => warning.name === 'SwfActivityWorkerWarning');
      expect(ours).toHaveLength(1);
      expect(ours[0]?.message).toMatch(
        /^ActivityWorker was given no clock in a process that uses a ManualClock: it runs on real time/,
      );
      expect((ours[0] as Error & { code?: string }).code).toBe('SWF_WORKER_REAL_TIME');
    } finally {
      process.off('warning', onWarning);
      client.destroy();
    }
  });
});
