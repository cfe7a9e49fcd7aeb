import type { ActivityDefinition } from '../activity/define-activity.js';
import { type ActivityResponse, decideResponse } from '../runner/outcome.js';
import {
  createMockActivityContext,
  type MockActivityContext,
  type MockActivityContextOptions,
} from './mock-context.js';

/** What the worker would report for a run: the response it would send. */
export type TestActivityOutcome =
  | { readonly status: 'completed'; readonly result: unknown }
  | {
      readonly status: 'failed';
      readonly reason: string | undefined;
      readonly details: string | undefined;
      readonly error: unknown;
    }
  | { readonly status: 'canceled'; readonly details: string | undefined; readonly error: unknown };

/** A run started by {@link startActivityForTest}. */
export interface TestActivityRun<Details = unknown>
  extends Omit<MockActivityContext<Details>, 'ctx'> {
  /** Settles when the handler does, with what the worker would report. */
  readonly outcome: Promise<TestActivityOutcome>;
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
      (value) => ({ status: 'resolved' as const, value }),
      (error: unknown) => ({ status: 'rejected' as const, error }),
    )
    .then((settlement) =>
      toTestOutcome(
        decideResponse(settlement, mock.cancelRequested, definition.codec),
        settlement.status === 'resolved' ? settlement.value : undefined,
      ),
    );
  return {
    outcome,
    heartbeats: mock.heartbeats,
    get cancelRequested() {
      return mock.cancelRequested;
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
): Promise<TestActivityOutcome> {
  return startActivityForTest(definition, input, options).outcome;
}

function toTestOutcome(response: ActivityResponse, value: unknown): TestActivityOutcome {
  switch (response.outcome) {
    case 'completed':
      return { status: 'completed', result: value };
    case 'failed':
      return {
        status: 'failed',
        reason: response.reason,
        details: response.details,
        error: response.error,
      };
    case 'canceled':
      return { status: 'canceled', details: response.details, error: response.error };
  }
}
