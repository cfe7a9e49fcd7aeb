import { SwfServiceError } from '../errors.js';

/** SWF's task priorities are Java ints: higher goes first. */
const MIN_PRIORITY = -2147483648;
const MAX_PRIORITY = 2147483647;

/**
 * Checks a task priority string (`"10"`, `"-3"`); absent is fine. Anything else is a
 * ValidationException naming the member.
 */
export function checkTaskPriority(value: string | undefined, member: string): void {
  if (value === undefined) return;
  const priority = Number(value);
  if (
    !/^[+-]?\d{1,10}$/.test(value) ||
    !Number.isInteger(priority) ||
    priority < MIN_PRIORITY ||
    priority > MAX_PRIORITY
  ) {
    throw new SwfServiceError(
      'ValidationException',
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must be an integer from ${MIN_PRIORITY} to ${MAX_PRIORITY}`,
    );
  }
}
