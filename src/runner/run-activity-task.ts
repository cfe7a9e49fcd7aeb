import type { ActivityTask, SWFClient } from '@aws-sdk/client-swf';
import type { ActivityDefinition } from '../activity/define-activity.js';
import { type Clock, systemClock } from '../clock/clock.js';
import type { ActivityEventListener } from '../events/activity-events.js';
import { EventLoopLagWatch } from '../heartbeat/event-loop-lag.js';
import { HeartbeatBudget, type HeartbeatBudgetOptions } from '../heartbeat/heartbeat-budget.js';
import type { HeartbeatSettings } from '../heartbeat/heartbeat-schedule.js';
import type { ActivityInterceptor } from '../interceptors/interceptor.js';
import { InterceptorChain } from '../interceptors/interceptor-chain.js';
import { consoleWarningsLogger, type Logger } from '../logger.js';
import { TimeoutResolver, type TimeoutStrategy } from '../timeouts/timeout-resolver.js';
import { ActivityTaskInfo } from './activity-task-info.js';
import type { ActivityTaskOutcome } from './outcome.js';
import { TaskRun } from './task-run.js';

/** Options of {@link runActivityTask}. */
export interface RunActivityTaskOptions {
  /** The domain the task was polled from. */
  readonly domain: string;
  /** Where time comes from. Default: the system clock. */
  readonly clock?: Clock;
  /** Default: warnings and errors to the console. */
  readonly logger?: Logger;
  /** Receives the task's events. */
  readonly onEvent?: ActivityEventListener;
  /** How to find timeouts the definition does not give. Default `'activity-type'`. */
  readonly timeoutStrategy?: TimeoutStrategy;
  /** Heartbeat pacing. */
  readonly heartbeat?: HeartbeatSettings;
  /**
   * The budget of heartbeat calls to share. Default: one budget per clock for the whole
   * process, at SWF's default quota.
   */
  readonly heartbeatBudget?: HeartbeatBudget;
  /**
   * Aborts the task from outside: its signal aborts with this signal's reason (a
   * {@link WorkerShutdownError} by default).
   */
  readonly signal?: AbortSignal;
  /**
   * After the task's signal aborts (for any reason), how long to wait for the handler to stop
   * before it is given up on: the task is reported if it still can be. Default 5 s.
   */
  readonly abortWaitMs?: number;
  /** When the task was received (on the clock). Default: now. */
  readonly receivedAt?: number;
  /** Watches the event loop for stalls that threaten heartbeats. Default: one per process. */
  readonly lagWatch?: EventLoopLagWatch;
  /**
   * Wrap the handler's execution and the task's SWF calls, and receive its events; the first
   * is the outermost. See {@link ActivityInterceptor}.
   * @defaultValue `[]`
   */
  readonly interceptors?: readonly ActivityInterceptor[];
}

const budgets = new WeakMap<Clock, HeartbeatBudget>();
/** The lag watch of the process, shared by every worker and task. */
export const processLagWatch = new EventLoopLagWatch();

/** The process-wide heartbeat budget of `clock`, created at SWF's default quota on first use. */
export function sharedHeartbeatBudget(
  clock: Clock,
  options?: HeartbeatBudgetOptions,
): HeartbeatBudget {
  let budget = budgets.get(clock);
  if (budget === undefined) {
    budget = new HeartbeatBudget(clock, options);
    budgets.set(clock, budget);
  }
  return budget;
}

/**
 * Runs one polled activity task to its end, for users with their own poll loop: finds its
 * timeouts, keeps it alive with heartbeats, turns cancellation, a vanished task, the local
 * deadline and shutdown into its signal's abort reason, and reports the outcome to SWF.
 * Rejects only when `task` has no task token (an empty poll): a TypeError that says so.
 *
 * @example
 * ```ts
 * const task = await client.send(new PollForActivityTaskCommand({ domain, taskList: { name: 'images' } }));
 * if (task.taskToken) {
 *   const outcome = await runActivityTask(client, task, resizeImage, { domain });
 *   console.log(outcome.status);
 * }
 * ```
 */
export function runActivityTask(
  client: SWFClient,
  task: ActivityTask,
  definition: ActivityDefinition,
  options: RunActivityTaskOptions,
): Promise<ActivityTaskOutcome> {
  let info: ActivityTaskInfo;
  let interceptors: InterceptorChain;
  try {
    info = new ActivityTaskInfo(task, options.domain);
    interceptors = new InterceptorChain(
      options.interceptors ?? [],
      'runActivityTask: interceptors',
    );
  } catch (error) {
    return Promise.reject(error);
  }
  // The task runs on its info alone: the SDK's output object is not kept while it runs.
  const clock = options.clock ?? systemClock;
  return new TaskRun(
    client,
    info,
    definition,
    {
      clock,
      logger: options.logger ?? consoleWarningsLogger,
      onEvent: options.onEvent,
      timeouts: new TimeoutResolver(
        client,
        clock,
        options.timeoutStrategy ?? 'activity-type',
        Math.random,
        interceptors,
      ),
      heartbeat: options.heartbeat,
      heartbeatBudget: options.heartbeatBudget ?? sharedHeartbeatBudget(clock),
      signal: options.signal,
      abortWaitMs: options.abortWaitMs ?? 5000,
      lagWatch: options.lagWatch ?? processLagWatch,
      random: Math.random,
      interceptors,
    },
    options.receivedAt ?? clock.now(),
  ).run();
}
