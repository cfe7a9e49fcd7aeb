import type { SWFClient } from '@aws-sdk/client-swf';
import type { Clock } from '../clock/clock.js';
import { TaskGoneError } from '../errors.js';
import type { ActivityEventListener } from '../events/activity-events.js';
import { InterceptorChain } from '../interceptors/interceptor-chain.js';
import type { RandomSource } from '../retry/backoff.js';
import { callWithRetry } from '../retry/call-with-retry.js';
import { classifySwfError } from '../retry/classify-error.js';
import { TrySequence } from '../retry/try-sequence.js';
import type { TrySignal } from '../retry/try-signal.js';
import type { ActivityTaskInfo } from './activity-task-info.js';
import type { ActivityTaskOutcome, Decision } from './outcome.js';

/** How long a response is retried on transient errors before it is given up. */
export const RESPOND_RETRY_WINDOW_MS = 60_000;

/** What {@link respond} needs besides the task and the decision. */
export interface RespondOptions {
  readonly clock: Clock;
  readonly random: RandomSource;
  /** Hears `respondRetried`, `taskResponded`, `respondFailed` and `taskGone`. */
  readonly emit: ActivityEventListener;
  /**
   * The sequence the tries run in, for the caller to stop: the try in flight is abandoned and
   * nothing more is sent. Stopped with a {@link TaskGoneError} (the task is known to be gone:
   * the caller has said why), the outcome is `gone`; with any other reason, `unreported` (a
   * `respondFailed` event carries the reason). Default: one nobody stops.
   */
  readonly tries?: TrySequence;
  /**
   * How long the response may be retried, from now.
   *
   * @defaultValue {@link RESPOND_RETRY_WINDOW_MS}
   */
  readonly windowMs?: number;
  /** How long each try may wait for its answer. Default: half the time left, at least 1 s. */
  readonly tryTimeoutMs?: (now: number) => number;
  /** Wrap each try. Default: none. */
  readonly interceptors?: InterceptorChain;
}

/**
 * Sends a task's response, retrying throttling and transient errors for up to a minute, never
 * after a success. UnknownResourceFault means the task is gone (timed out or closed): it is
 * reported as such, not thrown. Resolves with the decided outcome, its status `gone` or
 * `unreported` when it did not reach SWF. Never rejects.
 *
 * Not an `async` function: while the response is in flight it holds its callbacks, not a
 * suspended frame as well.
 */
export function respond(
  client: SWFClient,
  task: ActivityTaskInfo,
  decision: Decision,
  options: RespondOptions,
): Promise<ActivityTaskOutcome> {
  const { clock, emit } = options;
  const tries = options.tries ?? new TrySequence(clock);
  const { outcome } = decision;
  const taskToken = task.taskToken;
  const interceptors = options.interceptors ?? InterceptorChain.EMPTY;
  const send = (signal: TrySignal): Promise<unknown> => {
    switch (outcome.status) {
      case 'completed':
        return interceptors.send(client, 'RespondActivityTaskCompleted', {
          request: { taskToken, result: decision.encodedResult },
          task,
          signal,
        });
      case 'failed':
        return interceptors.send(client, 'RespondActivityTaskFailed', {
          request: { taskToken, reason: outcome.reason, details: outcome.details },
          task,
          signal,
        });
      case 'canceled':
        return interceptors.send(client, 'RespondActivityTaskCanceled', {
          request: { taskToken, details: outcome.details },
          task,
          signal,
        });
    }
  };
  return callWithRetry(send, {
    clock,
    random: options.random,
    deadline: clock.now() + (options.windowMs ?? RESPOND_RETRY_WINDOW_MS),
    tries,
    ...(options.tryTimeoutMs === undefined ? {} : { tryTimeoutMs: options.tryTimeoutMs }),
    onRetry: ({ attempt, delayMs, error }) =>
      emit({ type: 'respondRetried', task, attempt, delayMs, error }),
  }).then(
    (): ActivityTaskOutcome => {
      emit({
        type: 'taskResponded',
        task,
        outcome: outcome.status,
        ...(outcome.status === 'failed' ? { reason: outcome.reason } : {}),
      });
      return outcome;
    },
    (error: unknown): ActivityTaskOutcome => {
      if (tries.reason instanceof TaskGoneError) return { ...outcome, status: 'gone' };
      if (!tries.stopped && classifySwfError(error) === 'task-gone') {
        emit({ type: 'taskGone', task, during: 'respond', error });
        return { ...outcome, status: 'gone' };
      }
      emit({ type: 'respondFailed', task, error: tries.stopped ? tries.reason : error });
      return { ...outcome, status: 'unreported' };
    },
  );
}
