/**
 * Integration tests of a handler in a real ActivityWorker, through the real SDK client, against
 * the in-memory fake of SWF served by msw handlers (for suites that already intercept HTTP with
 * msw). The fake, the worker and the test share a manual clock: minutes pass in milliseconds.
 *
 *   npx vitest run examples/testing
 */
import { SWFClient } from '@aws-sdk/client-swf';
import { setupServer } from 'msw/node';
import { ActivityWorker, silentLogger } from 'swf-activity-worker';
import { FakeSwf, ManualClock } from 'swf-activity-worker/fake';
import { createSwfHandlers } from 'swf-activity-worker/msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeThumbnail } from './thumbnail.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('makeThumbnail, in a worker against the fake', () => {
  let clock: ManualClock;
  let fake: FakeSwf;
  let client: SWFClient;
  let worker: ActivityWorker;
  let running: Promise<void>;

  beforeEach(() => {
    clock = new ManualClock();
    fake = new FakeSwf({ clock });
    server.use(...createSwfHandlers(fake));
    // The SDK client as in production: msw answers its requests to the real endpoint.
    client = new SWFClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    });
    worker = new ActivityWorker({
      client,
      clock,
      domain: 'media',
      taskList: 'thumbnails',
      activities: [makeThumbnail],
      logger: silentLogger,
    });
    running = worker.run();
  });

  afterEach(async () => {
    // The shutdown waits on the manual clock (the poll in flight, the grace): move it along.
    await clock.advanceUntil(worker.shutdown({ graceMs: 0 }));
    await running;
    fake.close();
    client.destroy();
    server.resetHandlers();
  });

  /** What a decider would do: schedule a makeThumbnail task, with a 5 s heartbeat timeout. */
  function scheduleThumbnail() {
    return fake.scheduleActivityTask({
      domain: 'media',
      taskList: 'thumbnails',
      activityType: makeThumbnail,
      input: JSON.stringify({ key: 'cat.png', width: 320 }),
      heartbeatTimeout: 5,
      startToCloseTimeout: 60,
    });
  }

  it('completes, with its heartbeats keeping a 5 s heartbeat timeout at bay', async () => {
    const task = scheduleThumbnail();
    await clock.advance(10_000);

    const { closeEvent } = fake.activityTask(task);
    expect(closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(closeEvent?.activityTaskCompletedEventAttributes?.result).toBe(
      JSON.stringify({ key: 'thumbnails/320/cat.png' }),
    );
  });

  it('is recorded canceled after a decider asks to cancel it', async () => {
    const task = scheduleThumbnail();
    await clock.advance(1_000);
    fake.requestActivityTaskCancel(task); // the decision a decider would make
    await clock.advance(5_000);

    const state = fake.activityTask(task);
    expect(state.closeEvent?.eventType).toBe('ActivityTaskCanceled');
    expect(state.closeEvent?.activityTaskCanceledEventAttributes?.details).toContain(
      'ActivityCancelledError',
    );
  });
});
