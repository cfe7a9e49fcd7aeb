/**
 * How an activity's input, result and heartbeat details travel as SWF's strings.
 *
 * The default, {@link jsonCodec}, reads the input as JSON and writes the result and details as
 * JSON. {@link textCodec} passes strings through untouched. Bring your own for anything else
 * (compression, a schema library, references to blobs in S3).
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
  /** Turns the handler's result into the `result` string (`undefined` sends none). */
  encodeResult(result: Result): string | undefined;
  /** Turns heartbeat details into the `details` string (`undefined` sends none). */
  encodeDetails(details: unknown): string | undefined;
  /**
   * The `reason` and `details` of `RespondActivityTaskFailed` for a thrown value (any value:
   * it must not throw). Members left `undefined` are sent empty. Absent: the reason is the
   * error's name and message, the details its message, stack and causes.
   */
  encodeFailure?(error: unknown): { readonly reason?: string; readonly details?: string };
  /**
   * The `details` of `RespondActivityTaskCanceled` for the value the handler threw after a
   * cancel request. Absent: the error's message, stack and causes.
   */
  encodeCanceled?(error: unknown): string | undefined;
}

/**
 * JSON both ways: `undefined` stays absent, anything else goes through `JSON`. JSON carries no
 * type: its input type is `never`, so a handler's declared input type is taken on trust.
 */
export const jsonCodec: ActivityCodec<never, unknown> = {
  decodeInput: (input) =>
    (input === undefined || input === '' ? undefined : JSON.parse(input)) as never,
  encodeResult: (result) => (result === undefined ? undefined : JSON.stringify(result)),
  encodeDetails: (details) => (details === undefined ? undefined : JSON.stringify(details)),
};

/** Strings as they are; any other value is turned into a string with `String()`. */
export const textCodec: ActivityCodec<string | undefined, unknown> = {
  decodeInput: (input) => input,
  encodeResult: (result) => (result === undefined ? undefined : String(result)),
  encodeDetails: (details) => (details === undefined ? undefined : String(details)),
};
