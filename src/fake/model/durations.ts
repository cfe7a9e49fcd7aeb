import { SwfServiceError } from '../errors.js';

/** A timeout as SWF states it: whole seconds, or `NONE` for no limit. */
export type Duration = number | 'NONE';

/**
 * Reads a duration string of the API (`"30"`, `"NONE"`) into whole seconds or `'NONE'`.
 * `undefined` stays `undefined` (not given). Anything else is a ValidationException naming the
 * member, as SWF answers.
 */
export function parseDuration(value: string | undefined, member: string): Duration | undefined {
  if (value === undefined) return undefined;
  if (value === 'NONE') return 'NONE';
  if (/^\d{1,8}$/.test(value)) return Number(value);
  throw new SwfServiceError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must be a whole number of seconds or NONE`,
  );
}

/** An execution may run one year at most. */
export const MAX_EXECUTION_SECONDS = 365 * 24 * 3600;

/**
 * Reads an execution start-to-close timeout: whole seconds up to one year; unlike the other
 * timeouts it cannot be `NONE`. Anything else is a ValidationException naming the member.
 */
export function parseExecutionTimeout(value: string, member: string): number {
  const duration = parseDuration(value, member);
  if (duration === 'NONE' || duration === undefined || duration > MAX_EXECUTION_SECONDS) {
    throw new SwfServiceError(
      'ValidationException',
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must be a number of seconds up to ${MAX_EXECUTION_SECONDS} (one year); NONE is not allowed`,
    );
  }
  return duration;
}

/** The duration in milliseconds, or `undefined` for `NONE` (no timer). */
export function durationMs(duration: Duration): number | undefined {
  return duration === 'NONE' ? undefined : duration * 1000;
}

/** The duration in its wire form. */
export function formatDuration(duration: Duration): string {
  return duration === 'NONE' ? 'NONE' : String(duration);
}
