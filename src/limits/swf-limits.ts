/**
 * SWF's length limits on what a worker sends, from the official API model, and how the worker
 * fits text into them.
 */

/** `details` of RecordActivityTaskHeartbeat (LimitedData). */
export const MAX_HEARTBEAT_DETAILS_LENGTH = 2048;
/** `result` of RespondActivityTaskCompleted, `details` of Failed and Canceled (Data). */
export const MAX_DATA_LENGTH = 32768;
/** `reason` of RespondActivityTaskFailed (FailureReason). */
export const MAX_REASON_LENGTH = 256;
/** `identity` of PollForActivityTask (Identity). */
export const MAX_IDENTITY_LENGTH = 256;
/** Domain, task list and type names (DomainName, Name). */
export const MAX_NAME_LENGTH = 256;
/** Type versions (Version). */
export const MAX_VERSION_LENGTH = 64;
/** Type descriptions (Description). */
export const MAX_DESCRIPTION_LENGTH = 1024;

const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `limit` characters (UTF-16 units, as SWF counts them), ending with
 * `…` when cut, and never splitting a surrogate pair, so the result stays valid text.
 */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = Math.max(0, limit - ELLIPSIS.length);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}
