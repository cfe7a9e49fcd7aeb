import type { SWFClient, SWFClientConfig } from '@aws-sdk/client-swf';
import { ManualClock } from '../clock/manual-clock.js';
import { FakeSwf, type FakeSwfOptions } from '../fake/fake-swf.js';
import { createInProcessClient } from '../fake/transports/in-process.js';

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
 * await Promise.all([worker.shutdown({ graceMs: 0 }), swf.clock.advance(60_000)]);
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
    close: () => {
      fake.close();
      client.destroy();
    },
  };
}
