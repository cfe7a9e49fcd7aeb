/**
 * A small decider for the examples, written with the SDK client: it schedules the activities it
 * is given, asks to cancel one after a timer if told to, schedules a timed-out activity again
 * if told to, and completes the workflow once every activity is closed. It works the same
 * against the fake and against Amazon SWF.
 */
import { randomUUID } from 'node:crypto';
import {
  type Decision,
  GetWorkflowExecutionHistoryCommand,
  type HistoryEvent,
  PollForDecisionTaskCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { EXAMPLE_WORKFLOW_TYPE, type ExampleSwf } from './example-swf.js';

/** An activity for the decider to run. */
export interface ActivityToRun {
  /** The activity id of the first attempt; later attempts add `-attempt-<n>`. */
  readonly activityId: string;
  /** Its type (an activity definition will do). */
  readonly activityType: { readonly name: string; readonly version: string };
  /** Sent as JSON. */
  readonly input?: unknown;
  readonly taskList: string;
  /** Ask SWF to cancel it this many seconds after the workflow started (a decider timer). */
  readonly cancelAfterSeconds?: number;
  /** Schedule it again, as a new attempt, each time it times out, at most this many times. */
  readonly retriesOnTimeout?: number;
}

/** How an activity ended, from the history. */
export interface ActivityResult {
  /** The activity id of its first attempt. */
  readonly activityId: string;
  /** How many attempts were scheduled. */
  readonly attempts: number;
  readonly outcome: 'completed' | 'failed' | 'canceled' | 'timedOut';
  /** The completed attempt's result, decoded from JSON. */
  readonly result?: unknown;
  /** The failure reason, or the timeout type. */
  readonly reason?: string;
  /** The failure or cancellation details, or the last heartbeat details of a timed-out attempt. */
  readonly details?: string;
}

/** A workflow execution started by {@link startWorkflow}. */
export interface WorkflowRun {
  readonly workflowExecution: { readonly workflowId: string; readonly runId: string };
  /** Resolves once the decider completed the workflow, with how each activity ended. */
  readonly finished: Promise<ActivityResult[]>;
}

/** Starts a workflow execution whose decider runs `activities`. */
export async function startWorkflow(
  swf: ExampleSwf,
  activities: readonly ActivityToRun[],
): Promise<WorkflowRun> {
  const decisionTaskList = swf.taskList('decisions');
  const workflowId = `example-${randomUUID().slice(0, 8)}`;
  const { runId } = await swf.client.send(
    new StartWorkflowExecutionCommand({
      domain: swf.domain,
      workflowId,
      workflowType: EXAMPLE_WORKFLOW_TYPE,
      taskList: { name: decisionTaskList },
      executionStartToCloseTimeout: '600',
      taskStartToCloseTimeout: '30',
      childPolicy: 'TERMINATE',
    }),
  );
  const finished = runDecider(swf, decisionTaskList, activities);
  // The caller may never await it if the example fails first; the error then shows there.
  finished.catch(() => {});
  return { workflowExecution: { workflowId, runId: runId ?? '' }, finished };
}

/** Every event of an execution's history, oldest first. */
export async function readHistory(
  client: SWFClient,
  domain: string,
  execution: { readonly workflowId: string; readonly runId: string },
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await client.send(
      new GetWorkflowExecutionHistoryCommand({
        domain,
        execution: { workflowId: execution.workflowId, runId: execution.runId },
        nextPageToken,
      }),
    );
    events.push(...(page.events ?? []));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return events;
}

async function runDecider(
  swf: ExampleSwf,
  taskList: string,
  activities: readonly ActivityToRun[],
): Promise<ActivityResult[]> {
  const { client, domain, signal } = swf;
  for (;;) {
    const task = await client.send(
      new PollForDecisionTaskCommand({
        domain,
        taskList: { name: taskList },
        identity: 'example-decider',
      }),
      { abortSignal: signal },
    );
    if (!task.taskToken) continue;
    const events = [...(task.events ?? [])];
    let nextPageToken = task.nextPageToken;
    while (nextPageToken) {
      const page = await client.send(
        new PollForDecisionTaskCommand({ domain, taskList: { name: taskList }, nextPageToken }),
        { abortSignal: signal },
      );
      events.push(...(page.events ?? []));
      nextPageToken = page.nextPageToken;
    }
    const { decisions, results } = decide(events, activities);
    await client.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }),
    );
    if (results !== undefined) return results;
  }
}

interface Attempt {
  readonly activityId: string;
  readonly number: number;
  readonly scheduledEventId: number;
  closeEvent?: HistoryEvent;
  cancelRequested: boolean;
}

/** What to do next, from the whole history; `results` once the workflow is done. */
function decide(
  events: readonly HistoryEvent[],
  activities: readonly ActivityToRun[],
): { decisions: Decision[]; results?: ActivityResult[] } {
  const attempts = new Map<string, Attempt[]>(activities.map((a) => [a.activityId, []]));
  const byScheduledId = new Map<number, Attempt>();
  const byActivityId = new Map<string, Attempt>();
  const openTimers = new Set<string>();
  const firedTimers = new Set<string>();
  for (const event of events) {
    const id = event.eventId ?? 0;
    switch (event.eventType) {
      case 'ActivityTaskScheduled': {
        const attributes = event.activityTaskScheduledEventAttributes;
        const control = JSON.parse(attributes?.control ?? '{}') as { first?: string };
        const list = attempts.get(control.first ?? '');
        if (list === undefined || attributes === undefined) break;
        const attempt: Attempt = {
          activityId: attributes.activityId ?? '',
          number: list.length + 1,
          scheduledEventId: id,
          cancelRequested: false,
        };
        list.push(attempt);
        byScheduledId.set(id, attempt);
        byActivityId.set(attempt.activityId, attempt);
        break;
      }
      case 'ActivityTaskCancelRequested': {
        const attempt = byActivityId.get(
          event.activityTaskCancelRequestedEventAttributes?.activityId ?? '',
        );
        if (attempt) attempt.cancelRequested = true;
        break;
      }
      case 'ActivityTaskCompleted':
      case 'ActivityTaskFailed':
      case 'ActivityTaskCanceled':
      case 'ActivityTaskTimedOut': {
        const attempt = byScheduledId.get(scheduledEventIdOf(event));
        if (attempt) attempt.closeEvent = event;
        break;
      }
      case 'TimerStarted':
        openTimers.add(event.timerStartedEventAttributes?.timerId ?? '');
        break;
      case 'TimerFired':
        openTimers.delete(event.timerFiredEventAttributes?.timerId ?? '');
        firedTimers.add(event.timerFiredEventAttributes?.timerId ?? '');
        break;
      case 'TimerCanceled':
        openTimers.delete(event.timerCanceledEventAttributes?.timerId ?? '');
        break;
      case 'ScheduleActivityTaskFailed':
      case 'StartTimerFailed':
      case 'RequestCancelActivityTaskFailed':
        throw new Error(`The decider's decision failed: ${JSON.stringify(event)}`);
      default:
        break;
    }
  }

  const decisions: Decision[] = [];
  const results: ActivityResult[] = [];
  for (const activity of activities) {
    const list = attempts.get(activity.activityId) ?? [];
    const latest = list.at(-1);
    const timerId = `cancel-${activity.activityId}`;
    if (latest === undefined) {
      decisions.push(scheduleDecision(activity, activity.activityId));
      if (activity.cancelAfterSeconds !== undefined) {
        decisions.push({
          decisionType: 'StartTimer',
          startTimerDecisionAttributes: {
            timerId,
            startToFireTimeout: String(activity.cancelAfterSeconds),
          },
        });
      }
      continue;
    }
    const close = latest.closeEvent;
    if (close === undefined) {
      if (firedTimers.has(timerId) && !latest.cancelRequested) {
        decisions.push({
          decisionType: 'RequestCancelActivityTask',
          requestCancelActivityTaskDecisionAttributes: { activityId: latest.activityId },
        });
      }
      continue;
    }
    if (
      close.eventType === 'ActivityTaskTimedOut' &&
      list.length <= (activity.retriesOnTimeout ?? 0)
    ) {
      decisions.push(
        scheduleDecision(activity, `${activity.activityId}-attempt-${list.length + 1}`),
      );
      continue;
    }
    if (openTimers.has(timerId)) {
      decisions.push({ decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId } });
    }
    results.push(resultOf(activity.activityId, list.length, close));
  }
  if (results.length < activities.length) return { decisions };
  decisions.push({
    decisionType: 'CompleteWorkflowExecution',
    completeWorkflowExecutionDecisionAttributes: {
      result: JSON.stringify(results.map(({ activityId, outcome }) => ({ activityId, outcome }))),
    },
  });
  return { decisions, results };
}

function scheduleDecision(activity: ActivityToRun, activityId: string): Decision {
  return {
    decisionType: 'ScheduleActivityTask',
    scheduleActivityTaskDecisionAttributes: {
      activityId,
      activityType: { name: activity.activityType.name, version: activity.activityType.version },
      taskList: { name: activity.taskList },
      input: activity.input === undefined ? undefined : JSON.stringify(activity.input),
      control: JSON.stringify({ first: activity.activityId }),
      // Timeouts not given here are the activity type's registered defaults.
    },
  };
}

function scheduledEventIdOf(event: HistoryEvent): number {
  return (
    (
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes ??
      event.activityTaskCanceledEventAttributes ??
      event.activityTaskTimedOutEventAttributes
    )?.scheduledEventId ?? 0
  );
}

function resultOf(activityId: string, attempts: number, close: HistoryEvent): ActivityResult {
  const base = { activityId, attempts };
  switch (close.eventType) {
    case 'ActivityTaskCompleted': {
      const result = close.activityTaskCompletedEventAttributes?.result;
      return {
        ...base,
        outcome: 'completed',
        ...(result === undefined ? {} : { result: JSON.parse(result) }),
      };
    }
    case 'ActivityTaskFailed':
      return {
        ...base,
        outcome: 'failed',
        reason: close.activityTaskFailedEventAttributes?.reason ?? '',
        details: close.activityTaskFailedEventAttributes?.details ?? '',
      };
    case 'ActivityTaskCanceled':
      return {
        ...base,
        outcome: 'canceled',
        details: close.activityTaskCanceledEventAttributes?.details ?? '',
      };
    default:
      return {
        ...base,
        outcome: 'timedOut',
        reason: close.activityTaskTimedOutEventAttributes?.timeoutType ?? '',
        details: close.activityTaskTimedOutEventAttributes?.details ?? '',
      };
  }
}
