import type { PointerFormat } from '../claim-check/payload-pointer.js';
import { failureDetails, failureReason } from './failure-description.js';

/**
 * How an activity's input, result and heartbeat details travel as SWF's strings.
 *
 * The default, {@link jsonCodec}, reads the input as JSON and writes the result and details as
 * JSON. {@link textCodec} passes strings through untouched. Bring your own for anything else
 * (compression, a schema library). For fields larger than SWF takes, wrap it in a
 * {@link swf-activity-worker!claimCheck}; a codec whose members are async is an
 * {@link AsyncActivityCodec}.
 *
 * @example
 * ```ts
 * import { gunzipSync, gzipSync } from 'node:zlib';
 *
 * const unzip = (text: string) => gunzipSync(Buffer.from(text, 'base64')).toString();
 * const gzipJson: ActivityCodec = {
 *   decodeInput: (input) => (input === undefined ? undefined : JSON.parse(unzip(input))),
 *   encodeResult: (result) => gzipSync(JSON.stringify(result)).toString('base64'),
 *   encodeDetails: (details) => JSON.stringify(details),
 * };
 * const archive = defineActivity({ name: 'archive', version: '1', codec: gzipJson, handler });
 * ```
 */
export interface ActivityCodec<Input = unknown, Result = unknown> {
  /** Turns the task's `input` (absent when the decider sent none) into the handler's input. */
  decodeInput(input: string | undefined): Input;
  /**
   * Turns the handler's result into the `result` string (`undefined` sends none). Throw for a
   * result it cannot encode: the task then fails with a `ResultEncodingError`.
   */
  encodeResult(result: Result): string | undefined;
  /** Turns heartbeat details into the `details` string (`undefined` sends none). */
  encodeDetails(details: unknown): string | undefined;
  /**
   * The `reason` and `details` of `RespondActivityTaskFailed` for what a handler threw: any
   * value, however hostile (an Error whose getters throw, a revoked Proxy, `null`, a Symbol).
   * Members left `undefined` are sent empty. It should not throw; if it does, the worker uses
   * {@link jsonCodec}'s. The worker cuts both to SWF's limits.
   * Absent: {@link jsonCodec}'s: `Name: message`, and the message, stack and causes.
   */
  encodeFailure?(error: unknown): { readonly reason?: string; readonly details?: string };
  /**
   * The `details` of `RespondActivityTaskCanceled` for the value the handler threw after a
   * cancel request (`undefined` sends none). Absent, or if it throws: {@link jsonCodec}'s:
   * the message, stack and causes.
   */
  encodeCanceled?(error: unknown): string | undefined;
  /**
   * The pointer a {@link swf-activity-worker!claimCheck} around this codec writes in place of
   * a stored field, so that the deciders this codec speaks to can follow it: `'simpleflow'` for
   * simpleflow's jumbo fields. Absent: `'json'`.
   */
  readonly pointerFormat?: PointerFormat;
}

/**
 * JSON both ways: `undefined` stays absent, anything else goes through `JSON`. JSON carries no
 * type: its input type is `never`, so a handler's declared input type is taken on trust. A
 * result JSON cannot hold (a Symbol, a function, a BigInt, a circular object) throws, which
 * fails the task rather than completing it with an empty result. Failures are reported as
 * `Name: message` with the stack and causes as details; any thrown value can be described.
 */
export const jsonCodec: ActivityCodec<never, unknown> = {
  decodeInput: (input) =>
    (input === undefined || input === '' ? undefined : JSON.parse(input)) as never,
  encodeResult: (result) => {
    if (result === undefined) return undefined;
    const encoded = JSON.stringify(result);
    if (encoded === undefined) {
      throw new TypeError(`JSON has no encoding for a ${typeof result}`);
    }
    return encoded;
  },
  encodeDetails: (details) => (details === undefined ? undefined : JSON.stringify(details)),
  encodeFailure: (error) => ({ reason: failureReason(error), details: failureDetails(error) }),
  encodeCanceled: (error) => failureDetails(error),
};

/**
 * Strings as they are; any other value is turned into a string with `String()`. Failures are
 * reported as {@link jsonCodec} reports them.
 */
export const textCodec: ActivityCodec<string | undefined, unknown> = {
  decodeInput: (input) => input,
  encodeResult: (result) => (result === undefined ? undefined : String(result)),
  encodeDetails: (details) => (details === undefined ? undefined : String(details)),
};
