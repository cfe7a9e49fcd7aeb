import type { ActivityDefinition } from '../activity/define-activity.js';
import { type ActivityTaskOutcome, decideOutcome, type Settled } from '../runner/outcome.js';
import {
  createMockActivityContext,
  type MockActivityContext,
  type MockActivityContextOptions,
} from './mock-context.js';

/** A run started by {@link startActivityForTest}. */
export interface TestActivityRun<Details = unknown>
  extends Omit<MockActivityContext<Details>, 'ctx'> {
  /** Settles when the handler does, with what the worker would report. */
  readonly outcome: Promise<ActivityTaskOutcome>;
}

/**
 * Starts a definition's handler with `input` (passed as is, not encoded) on a mock context,
 * and gives the test its heartbeats, a way to request cancellation, and the outcome the worker
 * would report, by the same rules (results too large for SWF fail, rejections after a cancel
 * request are Canceled, and so on).
 *
 * @example
 * ```ts
 * const run = startActivityForTest(resizeImage, { key: 'cat.png' });
 * run.requestCancel();
 * expect(await run.outcome).toMatchObject({ status: 'canceled' });
 * ```
 */
export function startActivityForTest<Input, Result, Details>(
  definition: ActivityDefinition<Input, Result, Details>,
  input: Input,
  options: MockActivityContextOptions = {},
): TestActivityRun<Details> {
  const mock = createMockActivityContext<Details>({ codec: definition.codec, ...options });
  const outcome = Promise.resolve()
    .then(() => definition.handler(input, mock.ctx))
    .then(
      (result): Settled => ({ result }),
      (error: unknown): Settled => ({ error }),
    )
    .then(async (settled) => {
      if (mock.handedOff) return { status: 'handedOff' } as const;
      const decision = await decideOutcome(settled, mock.cancelRequested, definition.codec);
      return decision.outcome;
    });
  return {
    outcome,
    heartbeats: mock.heartbeats,
    get cancelRequested() {
      return mock.cancelRequested;
    },
    get handedOff() {
      return mock.handedOff;
    },
    requestCancel: () => mock.requestCancel(),
    abort: (reason) => mock.abort(reason),
  };
}

/**
 * Runs a handler to its end on a mock context, and gives what the worker would report; see
 * {@link startActivityForTest}.
 *
 * @example
 * ```ts
 * const outcome = await runActivityForTest(resizeImage, { key: 'cat.png', width: 0 });
 * expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^RangeError/) });
 * ```
 */
export function runActivityForTest<Input, Result, Details>(
  definition: ActivityDefinition<Input, Result, Details>,
  input: Input,
  options: MockActivityContextOptions = {},
): Promise<ActivityTaskOutcome> {
  return startActivityForTest(definition, input, options).outcome;
}
