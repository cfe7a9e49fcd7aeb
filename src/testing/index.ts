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
