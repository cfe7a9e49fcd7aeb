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
      readonly reason: string;
      readonly details: string;
      readonly error: unknown;
    }
  | { readonly outcome: 'canceled'; readonly details: string; readonly error: unknown };

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
  codec: ActivityCodec,
): ActivityResponse {
  if (settlement.status === 'resolved') {
    let result: string | undefined;
    try {
      result = codec.encodeResult(settlement.value);
    } catch (error) {
      return failedResponse(error);
    }
    if (result !== undefined && result.length > MAX_DATA_LENGTH) {
      return failedResponse(new ResultTooLargeError(result.length, MAX_DATA_LENGTH));
    }
    return { outcome: 'completed', result };
  }
  if (cancelRequested) {
    return {
      outcome: 'canceled',
      details: truncate(describeError(settlement.error), MAX_DATA_LENGTH),
      error: settlement.error,
    };
  }
  return failedResponse(settlement.error);
}

/** A Failed response for `error`. */
export function failedResponse(error: unknown): ActivityResponse {
  return {
    outcome: 'failed',
    reason: truncate(errorReason(error), MAX_REASON_LENGTH),
    details: truncate(describeError(error), MAX_DATA_LENGTH),
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
