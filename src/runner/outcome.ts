import type { AsyncActivityCodec, CodecCall } from '../activity/async-codec.js';
import { jsonCodec } from '../activity/codec.js';
import { ResultEncodingError, ResultTooLargeError } from '../errors.js';
import { MAX_DATA_LENGTH, MAX_REASON_LENGTH, truncate } from '../limits/swf-limits.js';

/**
 * What became of an activity task: what `runActivityTask` resolves with, what the
 * `taskResponded` event tells, and what the test helpers give.
 */
export interface ActivityTaskOutcome {
  /**
   * - `completed`, `failed`, `canceled`: that response was decided (and, from a worker or
   *   `runActivityTask`, SWF accepted it);
   * - `gone`: SWF no longer knew the task, or must have timed it out: nothing was reported;
   * - `unreported`: the response could not be sent (see the `respondFailed` event);
   * - `handedOff`: the handler called `ctx.completeLater()`; nothing was sent, whoever holds
   *   the task token reports it.
   */
  readonly status: 'completed' | 'failed' | 'canceled' | 'gone' | 'unreported' | 'handedOff';
  /** The handler's result, when it resolved. */
  readonly result?: unknown;
  /**
   * Why the task did not complete: what the handler threw, or what stood in for it (a
   * {@link ResultTooLargeError}, a {@link ResultEncodingError}, the abort reason of a handler
   * that did not stop).
   */
  readonly error?: unknown;
  /** The `reason` of RespondActivityTaskFailed, for `failed`. */
  readonly reason?: string;
  /** The `details` of RespondActivityTaskFailed or RespondActivityTaskCanceled. */
  readonly details?: string;
}

/** Any activity's codec, as the runner sees it: its result type is the handler's business. */
export type AnyCodec = AsyncActivityCodec<unknown, never>;

/** How the handler settled: with a result, or with what it threw. */
export type Settled = { readonly result: unknown } | { readonly error: unknown };

/** An outcome to report, with the encoded result for RespondActivityTaskCompleted. */
export interface Decision {
  readonly outcome: ActivityTaskOutcome & { readonly status: 'completed' | 'failed' | 'canceled' };
  /** The `result` to send, for `completed`. */
  readonly encodedResult?: string;
}

/** The fallback reason when not even the default codec could describe a failure. */
const UNDESCRIBED_FAILURE = 'The activity failed with a value that could not be described';

/**
 * Decides what to tell SWF, the one place that does:
 * - resolved: Completed, with the encoded result; a result the codec cannot encode fails the
 *   task with {@link ResultEncodingError}, one too large for SWF with
 *   {@link ResultTooLargeError}, never cut;
 * - rejected after SWF asked for cancellation: Canceled (never otherwise), with the codec's
 *   `encodeCanceled` details;
 * - rejected: Failed, with the codec's `encodeFailure` reason and details (the JSON codec's
 *   when it has none, or when it throws), cut to SWF's limits.
 *
 * The codec's members are awaited (a claim check stores large fields), each given `call`.
 */
export async function decideOutcome(
  settled: Settled,
  cancelRequested: boolean,
  codec: AnyCodec,
  call?: CodecCall,
): Promise<Decision> {
  if ('result' in settled) {
    const { result } = settled;
    let encodedResult: string | undefined;
    try {
      encodedResult = await codec.encodeResult(result as never, call);
      if (encodedResult !== undefined && typeof encodedResult !== 'string') {
        throw new TypeError(`encodeResult returned a ${typeof encodedResult}, not a string`);
      }
    } catch (error) {
      return failure(
        new ResultEncodingError(
          `The result could not be encoded for SWF: ${failureReasonOf(error)}`,
          { cause: error },
        ),
        codec,
        call,
      );
    }
    if (encodedResult !== undefined && encodedResult.length > MAX_DATA_LENGTH) {
      return failure(new ResultTooLargeError(encodedResult.length, MAX_DATA_LENGTH), codec, call);
    }
    return {
      outcome: { status: 'completed', result },
      ...(encodedResult === undefined ? {} : { encodedResult }),
    };
  }
  const { error } = settled;
  if (cancelRequested) {
    const details = await canceledDetails(codec, error, call);
    return {
      outcome: {
        status: 'canceled',
        error,
        ...(details === undefined ? {} : { details: truncate(details, MAX_DATA_LENGTH) }),
      },
    };
  }
  return failure(error, codec, call);
}

/**
 * A Failed decision for `error`: the reason and details the codec gives (members it leaves
 * `undefined` are sent empty; the JSON codec's when it has no `encodeFailure` or that throws),
 * cut to SWF's limits.
 */
export async function failure(
  error: unknown,
  codec: AnyCodec = jsonCodec,
  call?: CodecCall,
): Promise<Decision> {
  const encoded = (await readFailure(codec, error, call)) ??
    (await readFailure(jsonCodec, error)) ?? { reason: UNDESCRIBED_FAILURE, details: undefined };
  return {
    outcome: {
      status: 'failed',
      error,
      ...(encoded.reason === undefined
        ? {}
        : { reason: truncate(encoded.reason, MAX_REASON_LENGTH) }),
      ...(encoded.details === undefined
        ? {}
        : { details: truncate(encoded.details, MAX_DATA_LENGTH) }),
    },
  };
}

/** The codec's failure encoding, if it has one that works on `error`. */
async function readFailure(
  codec: AnyCodec,
  error: unknown,
  call?: CodecCall,
): Promise<{ reason: string | undefined; details: string | undefined } | undefined> {
  if (codec.encodeFailure === undefined) return undefined;
  const encoded = await guarded(() => codec.encodeFailure?.(error, call));
  if (typeof encoded !== 'object' || encoded === null) return undefined;
  return {
    reason: stringOrUndefined(await guarded(() => encoded.reason)),
    details: stringOrUndefined(await guarded(() => encoded.details)),
  };
}

/**
 * The codec's details for a cancellation (`undefined` sends none); the JSON codec's when it
 * has no `encodeCanceled`, or that throws.
 */
async function canceledDetails(
  codec: AnyCodec,
  error: unknown,
  call?: CodecCall,
): Promise<string | undefined> {
  const encode = codec.encodeCanceled ?? jsonCodec.encodeCanceled;
  try {
    return stringOrUndefined(await encode?.(error, call));
  } catch {
    return stringOrUndefined(await guarded(() => jsonCodec.encodeCanceled?.(error)));
  }
}

/** `Name: message` of what a codec threw (for the reason of a ResultEncodingError). */
function failureReasonOf(error: unknown): string {
  const reason = guardedNow(() => jsonCodec.encodeFailure?.(error).reason);
  return typeof reason === 'string' ? reason : UNDESCRIBED_FAILURE;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** What `read` gives, or `undefined` if it throws: user codecs are not trusted to behave. */
function guardedNow<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** What `read` gives or resolves to, or `undefined` if it throws or rejects. */
async function guarded<T>(read: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}
