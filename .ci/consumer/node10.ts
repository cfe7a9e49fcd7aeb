/**
 * The types of every entry point, as a project on the old `node10` module resolution (no
 * `exports`) finds them: through `types` and `typesVersions`. Compiled, not run.
 */
import { ActivityWorker, defineActivity, UnsupportedClientError } from 'swf-activity-worker';
import type { FakeSwf, ManualClock } from 'swf-activity-worker/fake';
import { javaFlowCodec } from 'swf-activity-worker/interop';
import { createSwfHandlers } from 'swf-activity-worker/msw';
import { createTestSwf, type TestSwf } from 'swf-activity-worker/testing';

const echo = defineActivity({
  name: 'echo',
  version: '1',
  handler: async (input: { text: string }) => input.text.length,
});

export function start(swf: TestSwf): ActivityWorker {
  return new ActivityWorker({
    client: swf.client,
    clock: swf.clock,
    domain: 'fake',
    taskList: 'default',
    activities: [echo],
  });
}

export const swf: TestSwf = createTestSwf();
export const clock: ManualClock = swf.clock;
export const fake: FakeSwf = swf.fake;
export const codec = javaFlowCodec({ returns: 'java.lang.String' });
export const handlers: (service: FakeSwf) => unknown = createSwfHandlers;
export const isUnsupported = (error: unknown): boolean => error instanceof UnsupportedClientError;
