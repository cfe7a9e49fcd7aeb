import type { SWFClient, SWFClientConfig } from '@aws-sdk/client-swf';
import { ManualClock } from '../clock/manual-clock.js';
import { FakeSwf, type FakeSwfOptions } from '../fake/fake-swf.js';
import { createInProcessClient } from '../fake/transports/in-process.js';
import type { ActivityWorker, ShutdownOptions } from '../worker/activity-worker.js';

/** Options of {@link createTestSwf}. */
export interface TestSwfOptions extends Omit<FakeSwfOptions, 'clock'> {
  /** Options of the SDK client. Default: one attempt per call, so faults show as they are. */
  readonly clientConfig?: SWFClientConfig;
}

/** A fake SWF on a manual clock, with an SDK client served in-process. */
export interface TestSwf {
  readonly fake: FakeSwf;
  /** Give it to the worker under test too (`clock` option), then `await clock.advance(ms)`. */
  readonly clock: ManualClock;
  readonly client: SWFClient;
  /**
   * Shuts `worker` down ({@link swf-activity-worker!ActivityWorker.shutdown}) and moves the
   * clock until it has stopped. `await worker.shutdown()` alone never ends here: the poll it
   * waits for, its grace and its handlers' ends all fall due on the manual clock, which only
   * moves when the test moves it.
   */
  stopWorker(worker: ActivityWorker, options?: ShutdownOptions): Promise<void>;
  /** Closes the fake and the client. */
  close(): void;
}

/**
 * A fake SWF for integration tests of workers: a {@link ManualClock}, a {@link FakeSwf} on
 * it, and an in-process `SWFClient`.
 *
 * @example
 * ```ts
 * const swf = createTestSwf();
 * const task = swf.fake.scheduleActivityTask({ activityType: { name: 'resizeImage', version: '1' }, heartbeatTimeout: 30 });
 * const worker = new ActivityWorker({ client: swf.client, clock: swf.clock, domain: task.domain, taskList: 'default', activities: [resizeImage] });
 * const running = worker.run();
 * await swf.clock.advance(10 * 60_000);
 * expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
 * await swf.stopWorker(worker); // not `await worker.shutdown()`: that waits on the clock
 * await running;
 * swf.close();
 * ```
 */
export function createTestSwf(options: TestSwfOptions = {}): TestSwf {
  const { clientConfig, ...fakeOptions } = options;
  const clock = new ManualClock();
  const fake = new FakeSwf({ ...fakeOptions, clock });
  const client = createInProcessClient(fake, { maxAttempts: 1, ...clientConfig });
  return {
    fake,
    clock,
    client,
    stopWorker: async (worker, shutdownOptions) =>
      clock.advanceUntil(worker.shutdown(shutdownOptions)),
    close: () => {
      fake.close();
      client.destroy();
    },
  };
}
