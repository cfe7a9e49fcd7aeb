import type { ActivityCodec } from '../activity/codec.js';
import { failureReason } from '../activity/failure-description.js';
import type { ActivityEvent } from '../events/activity-events.js';
import { MAX_HEARTBEAT_DETAILS_LENGTH, truncate } from '../limits/swf-limits.js';
import type { ActivityTaskInfo } from '../runner/activity-task-info.js';

/**
 * The `details` of a heartbeat for what a handler gave `ctx.heartbeat(details)`: encoded by
 * the activity's codec and cut to SWF's 2,048 characters (a `detailsTruncated` event says
 * so). `null` when the codec could not encode them (a `detailsUnencodable` warning says why):
 * nothing changes then. Never throws.
 */
export function encodeHeartbeatDetails(
  codec: Pick<ActivityCodec, 'encodeDetails'>,
  details: unknown,
  task: ActivityTaskInfo,
  emit: (event: ActivityEvent) => void,
): string | undefined | null {
  let encoded: string | undefined;
  try {
    encoded = codec.encodeDetails(details);
  } catch (error) {
    emit({
      type: 'warning',
      code: 'detailsUnencodable',
      message: `Heartbeat details of ${task} could not be encoded: ${failureReason(error)}`,
      task,
    });
    return null;
  }
  if (encoded !== undefined && encoded.length > MAX_HEARTBEAT_DETAILS_LENGTH) {
    emit({
      type: 'detailsTruncated',
      task,
      length: encoded.length,
      limit: MAX_HEARTBEAT_DETAILS_LENGTH,
    });
    encoded = truncate(encoded, MAX_HEARTBEAT_DETAILS_LENGTH);
  }
  return encoded;
}
