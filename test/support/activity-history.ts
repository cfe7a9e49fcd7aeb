/**
 * The events of one activity in a history read from the fake: for checks that an activity was
 * scheduled, started and closed exactly once (FakeSwf.activityTask reports the first close
 * only).
 */
import type { WireEvent } from 'swf-activity-worker/fake';

const CLOSE_EVENTS: ReadonlySet<string> = new Set([
  'ActivityTaskCompleted',
  'ActivityTaskFailed',
  'ActivityTaskCanceled',
  'ActivityTaskTimedOut',
]);

/** An activity's events, each list in history order. */
export interface ActivityEvents {
  readonly scheduled: readonly WireEvent[];
  readonly started: readonly WireEvent[];
  /** Completed, failed, canceled and timed-out events. */
  readonly closes: readonly WireEvent[];
}

/** The ActivityTaskScheduled, ActivityTaskStarted and close events of activity `activityId`. */
export function activityEvents(history: readonly WireEvent[], activityId: string): ActivityEvents {
  const scheduled = history.filter(
    (event) =>
      event.eventType === 'ActivityTaskScheduled' &&
      event.activityTaskScheduledEventAttributes?.activityId === activityId,
  );
  const scheduledIds = new Set(scheduled.map((event) => event.eventId));
  const started = history.filter(
    (event) =>
      event.eventType === 'ActivityTaskStarted' &&
      scheduledIds.has(event.activityTaskStartedEventAttributes?.scheduledEventId ?? 0),
  );
  const closes = history.filter(
    (event) => CLOSE_EVENTS.has(event.eventType) && scheduledIds.has(closedScheduledId(event)),
  );
  return { scheduled, started, closes };
}

function closedScheduledId(event: WireEvent): number {
  return (
    (
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes ??
      event.activityTaskCanceledEventAttributes ??
      event.activityTaskTimedOutEventAttributes
    )?.scheduledEventId ?? 0
  );
}
