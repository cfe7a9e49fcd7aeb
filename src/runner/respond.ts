import {
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  type SWFClient,
} from '@aws-sdk/client-swf';
import type { Clock } from '../clock/clock.js';
import type { ActivityEventListener } from '../events/activity-events.js';
import { callWithRetry } from '../retry/call-with-retry.js';
import { classifySwfError } from '../retry/classify-error.js';
import type { ActivityTaskInfo } from './activity-task-info.js';
import type { ActivityResponse } from './outcome.js';

/** How long a response is retried on transient errors before it is given up. */
export const RESPOND_RETRY_WINDOW_MS = 60_000;

/** What became of a response. */
export type RespondResult = 'responded' | 'gone' | 'unreported';

/**
 * Sends a task's response, retrying throttling and transient errors for up to a minute, never
 * after a success; between tries, `keepAlive` may send a heartbeat so the task outlives a long
 * wait. UnknownResourceFault means the task is gone (timed out or closed): it is
 * reported as such, not thrown.
 */
export async function respond(
  client: SWFClient,
  task: ActivityTaskInfo,
  response: ActivityResponse,
  clock: Clock,
  emit: ActivityEventListener,
  keepAlive?: (withinMs: number) => Promise<void>,
): Promise<RespondResult> {
  const taskToken = task.taskToken;
  const send = (abortSignal: AbortSignal): Promise<unknown> => {
    switch (response.outcome) {
      case 'completed':
        return client.send(
          new RespondActivityTaskCompletedCommand({ taskToken, result: response.result }),
          { abortSignal },
        );
      case 'failed':
        return client.send(
          new RespondActivityTaskFailedCommand({
            taskToken,
            reason: response.reason,
            details: response.details,
          }),
          { abortSignal },
        );
      case 'canceled':
        return client.send(
          new RespondActivityTaskCanceledCommand({ taskToken, details: response.details }),
          { abortSignal },
        );
    }
  };
  try {
    await callWithRetry(send, {
      clock,
      deadline: clock.now() + RESPOND_RETRY_WINDOW_MS,
      onRetry: ({ attempt, delayMs, error }) =>
        emit({ type: 'respondRetried', task, attempt, delayMs, error }),
      beforeWait: keepAlive && (({ delayMs }) => keepAlive(delayMs)),
    });
  } catch (error) {
    if (classifySwfError(error) === 'task-gone') {
      emit({ type: 'taskGone', task, during: 'respond', error });
      return 'gone';
    }
    emit({ type: 'respondFailed', task, error });
    return 'unreported';
  }
  emit({
    type: 'taskResponded',
    task,
    outcome: response.outcome,
    ...(response.outcome === 'failed' ? { reason: response.reason } : {}),
  });
  return 'responded';
}
