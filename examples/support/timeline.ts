/**
 * An execution's history as a readable timeline: event id, time since the start, event type,
 * and the attributes worth reading.
 */
import type { HistoryEvent } from '@aws-sdk/client-swf';

/** One line per event, with a header line first. */
export function formatTimeline(events: readonly HistoryEvent[]): string[] {
  const start = events[0]?.eventTimestamp?.getTime() ?? 0;
  const activityIds = new Map<number, string>();
  for (const event of events) {
    const activityId = event.activityTaskScheduledEventAttributes?.activityId;
    if (activityId !== undefined) activityIds.set(event.eventId ?? 0, activityId);
  }
  const lines = [`${'id'.padStart(3)}  ${'time'.padStart(7)}  ${'event'.padEnd(32)}  attributes`];
  for (const event of events) {
    const seconds = ((event.eventTimestamp?.getTime() ?? start) - start) / 1000;
    lines.push(
      `${String(event.eventId).padStart(3)}  ${`+${seconds.toFixed(2)}s`.padStart(7)}  ${(event.eventType ?? '').padEnd(32)}  ${describe(event, activityIds)}`.trimEnd(),
    );
  }
  return lines;
}

/** The attributes worth reading, as `key=value` pairs. */
function describe(event: HistoryEvent, activityIds: ReadonlyMap<number, string>): string {
  const activity = (scheduledEventId: number | undefined) =>
    activityIds.get(scheduledEventId ?? 0) ?? `scheduled #${scheduledEventId}`;
  const pairs: Record<string, string | number | undefined> = {};
  switch (event.eventType) {
    case 'WorkflowExecutionStarted': {
      const a = event.workflowExecutionStartedEventAttributes;
      pairs.workflowType = `${a?.workflowType?.name}@${a?.workflowType?.version}`;
      pairs.taskList = a?.taskList?.name;
      break;
    }
    case 'DecisionTaskStarted':
      pairs.identity = event.decisionTaskStartedEventAttributes?.identity;
      break;
    case 'ActivityTaskScheduled': {
      const a = event.activityTaskScheduledEventAttributes;
      pairs.activityId = a?.activityId;
      pairs.type = `${a?.activityType?.name}@${a?.activityType?.version}`;
      pairs.heartbeatTimeout = a?.heartbeatTimeout;
      pairs.startToCloseTimeout = a?.startToCloseTimeout;
      break;
    }
    case 'ActivityTaskStarted': {
      const a = event.activityTaskStartedEventAttributes;
      pairs.activityId = activity(a?.scheduledEventId);
      pairs.identity = a?.identity;
      break;
    }
    case 'ActivityTaskCompleted': {
      const a = event.activityTaskCompletedEventAttributes;
      pairs.activityId = activity(a?.scheduledEventId);
      pairs.result = a?.result;
      break;
    }
    case 'ActivityTaskFailed': {
      const a = event.activityTaskFailedEventAttributes;
      pairs.activityId = activity(a?.scheduledEventId);
      pairs.reason = a?.reason;
      break;
    }
    case 'ActivityTaskCanceled': {
      const a = event.activityTaskCanceledEventAttributes;
      pairs.activityId = activity(a?.scheduledEventId);
      pairs.details = firstLine(a?.details);
      break;
    }
    case 'ActivityTaskTimedOut': {
      const a = event.activityTaskTimedOutEventAttributes;
      pairs.activityId = activity(a?.scheduledEventId);
      pairs.timeoutType = a?.timeoutType;
      pairs.lastHeartbeat = a?.details;
      break;
    }
    case 'ActivityTaskCancelRequested':
      pairs.activityId = event.activityTaskCancelRequestedEventAttributes?.activityId;
      break;
    case 'TimerStarted':
      pairs.timerId = event.timerStartedEventAttributes?.timerId;
      pairs.startToFireTimeout = event.timerStartedEventAttributes?.startToFireTimeout;
      break;
    case 'TimerFired':
      pairs.timerId = event.timerFiredEventAttributes?.timerId;
      break;
    case 'TimerCanceled':
      pairs.timerId = event.timerCanceledEventAttributes?.timerId;
      break;
    case 'WorkflowExecutionCompleted':
      pairs.result = event.workflowExecutionCompletedEventAttributes?.result;
      break;
    default:
      break;
  }
  return Object.entries(pairs)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${clip(String(value))}`)
    .join(' ');
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n')[0];
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
