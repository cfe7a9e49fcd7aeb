import type { SWFClient } from '@aws-sdk/client-swf';
import type { Clock } from '../clock/clock.js';
import type { ActivityEventListener } from '../events/activity-events.js';
import { InterceptorChain } from '../interceptors/interceptor-chain.js';
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
  interceptors: InterceptorChain = InterceptorChain.EMPTY,
): Promise<RespondResult> {
  const taskToken = task.taskToken;
  const send = (abortSignal: AbortSignal): Promise<unknown> => {
    switch (response.outcome) {
      case 'completed':
        return interceptors.send(client, 'RespondActivityTaskCompleted', {
          request: { taskToken, result: response.result },
          task,
          abortSignal,
        });
      case 'failed':
        return interceptors.send(client, 'RespondActivityTaskFailed', {
          request: { taskToken, reason: response.reason, details: response.details },
          task,
          abortSignal,
        });
      case 'canceled':
        return interceptors.send(client, 'RespondActivityTaskCanceled', {
          request: { taskToken, details: response.details },
          task,
          abortSignal,
        });
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
