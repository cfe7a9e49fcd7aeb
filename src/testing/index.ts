/**
 * Helpers for testing activity handlers and workers.
 *
 * - Unit tests, no SWF at all: {@link runActivityForTest} / {@link startActivityForTest} run a
 *   definition's handler on a mock context that records heartbeats and lets the test request
 *   cancellation; {@link createMockActivityContext} gives a bare context for calling a handler
 *   yourself.
 * - Integration tests: {@link createTestSwf} wires the in-memory fake SWF, a manual clock and
 *   an SDK client together, so a real {@link swf-activity-worker!ActivityWorker} runs against
 *   it in milliseconds.
 *
 * ## Two traps of tests on a manual clock
 * - **A teardown that never ends.** `await worker.shutdown()` waits for the poll in flight,
 *   the grace and the handlers' ends, all on the manual clock, which moves only when the test
 *   moves it. End a worker with {@link TestSwf.stopWorker} (`await swf.stopWorker(worker)`),
 *   or with `await clock.advanceUntil(worker.shutdown())`
 *   ({@link swf-activity-worker/fake!ManualClock.advanceUntil}).
 * - **A worker on real time.** A worker (or `runActivityTask`) given no `clock` runs on real
 *   time, whatever the fake's clock does. Pass the fake's clock: `clock: swf.clock`. With a
 *   client of {@link createTestSwf} (or `createInProcessClient` of a fake on a manual clock)
 *   a worker without a clock is refused with an error that says so; with an msw or HTTP
 *   client, a process that created a `ManualClock` gets a warning (`SWF_WORKER_REAL_TIME`).
 *   `clock: systemClock` runs on real time on purpose.
 *
 * @module swf-activity-worker/testing
 */
export {
  MemoryPayloadStore,
  type MemoryPayloadStoreOptions,
} from '../claim-check/memory-payload-store.js';
export {
  createMockActivityContext,
  type MockActivityContext,
  type MockActivityContextOptions,
} from './mock-context.js';
export {
  runActivityForTest,
  startActivityForTest,
  type TestActivityRun,
} from './run-activity-for-test.js';
export { createTestSwf, type TestSwf, type TestSwfOptions } from './test-swf.js';
