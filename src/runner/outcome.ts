import type { ActivityCodec } from '../activity/codec.js';
import { ResultTooLargeError } from '../errors.js';
import { MAX_DATA_LENGTH, MAX_REASON_LENGTH, truncate } from '../limits/swf-limits.js';

/** How a handler settled. */
export type HandlerSettlement =
  | { readonly status: 'resolved'; readonly value: unknown }
  | { readonly status: 'rejected'; readonly error: unknown };

/** The response to send for a task: its kind and the members of the Respond call. */
export type ActivityResponse =
  | { readonly outcome: 'completed'; readonly result: string | undefined }
  | {
      readonly outcome: 'failed';
      readonly reason: string | undefined;
      readonly details: string | undefined;
      readonly error: unknown;
    }
  | { readonly outcome: 'canceled'; readonly details: string | undefined; readonly error: unknown };

/**
 * Decides what to tell SWF:
 * - resolved: Completed, with the encoded result; a result SWF cannot take fails the task with
 *   {@link ResultTooLargeError} instead of being cut;
 * - rejected after SWF asked for cancellation: Canceled (never otherwise);
 * - rejected: Failed, with a reason from the error's name and message (at most 256 characters)
 *   and details from its message, stack and causes (at most 32,768).
 */
export function decideResponse(
  settlement: HandlerSettlement,
  cancelRequested: boolean,
  codec: ActivityCodec<unknown, never>,
): ActivityResponse {
  if (settlement.status === 'resolved') {
    let result: string | undefined;
    try {
      result = codec.encodeResult(settlement.value as never);
    } catch (error) {
      return failedResponse(error, codec);
    }
    if (result !== undefined && result.length > MAX_DATA_LENGTH) {
      return failedResponse(new ResultTooLargeError(result.length, MAX_DATA_LENGTH), codec);
    }
    return { outcome: 'completed', result };
  }
  if (cancelRequested) {
    const error = settlement.error;
    let details: string | undefined;
    try {
      details = codec.encodeCanceled ? codec.encodeCanceled(error) : describeError(error);
    } catch {
      details = describeError(error);
    }
    return {
      outcome: 'canceled',
      details: details === undefined ? undefined : truncate(details, MAX_DATA_LENGTH),
      error,
    };
  }
  return failedResponse(settlement.error, codec);
}

/** A Failed response for `error`, encoded by `codec` when it encodes failures. */
export function failedResponse(
  error: unknown,
  codec?: ActivityCodec<unknown, never>,
): ActivityResponse {
  let encoded: { readonly reason?: string; readonly details?: string } | undefined;
  try {
    encoded = codec?.encodeFailure?.(error);
  } catch {
    encoded = undefined;
  }
  const reason = encoded ? encoded.reason : errorReason(error);
  const details = encoded ? encoded.details : describeError(error);
  return {
    outcome: 'failed',
    reason: reason === undefined ? undefined : truncate(reason, MAX_REASON_LENGTH),
    details: details === undefined ? undefined : truncate(details, MAX_DATA_LENGTH),
    error,
  };
}

/** `Name: message`, the first line of what went wrong. */
export function errorReason(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `Non-error thrown: ${safeString(error)}`;
}

/** Message, stack and the chain of causes, for the details of a failure. */
export function describeError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (depth > 0) lines.push('Caused by:');
    if (current instanceof Error) {
      lines.push(current.stack ?? `${current.name}: ${current.message}`);
      current = current.cause;
    } else {
      lines.push(safeString(current));
      current = undefined;
    }
  }
  return lines.join('\n');
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
