import type { SWFClient } from '@aws-sdk/client-swf';
import { type Clock, SystemClock } from '../clock/clock.js';
import type { ActivityEventListener } from '../events/activity-events.js';
import { threadLagWatch } from '../heartbeat/event-loop-lag.js';
import { HeartbeatBudget, type HeartbeatBudgetOptions } from '../heartbeat/heartbeat-budget.js';
import type { HeartbeatSettings } from '../heartbeat/heartbeat-schedule.js';
import type { ActivityInterceptor } from '../interceptors/interceptor.js';
import { checkInterceptors, InterceptorChain } from '../interceptors/interceptor-chain.js';
import { consoleWarningsLogger, type Logger } from '../logger.js';
import type { TaskRunSettings } from '../runner/task-run.js';
import { TimeoutResolver, type TimeoutStrategy } from '../timeouts/timeout-resolver.js';
import {
  fraction,
  milliseconds,
  type OptionCheck,
  oneOf,
  positive,
  positiveMilliseconds,
  record,
  withMethods,
} from './check-options.js';

/**
 * How tasks run: the options {@link ActivityWorker} and {@link runActivityTask} share. Every
 * one has a default.
 */
export interface TaskRunOptions {
  /**
   * Where time comes from: heartbeats, timeouts, back-off and the shutdown grace all run on it.
   *
   * @defaultValue a system clock of its own (`Date.now()` and the platform's timers)
   */
  readonly clock?: Clock;
  /**
   * Where warnings and errors go (`console`, a pino logger, ...).
   *
   * @defaultValue {@link consoleWarningsLogger}
   */
  readonly logger?: Logger;
  /**
   * How to find the timeouts that activity definitions do not give.
   *
   * @defaultValue `'activity-type'`
   */
  readonly timeoutStrategy?: TimeoutStrategy;
  /**
   * Heartbeat pacing; each member has its own default.
   *
   * @defaultValue `{}`
   */
  readonly heartbeat?: HeartbeatSettings;
  /**
   * The budget of heartbeat calls: a {@link HeartbeatBudget} to share (give the same one to
   * every worker of a process to share SWF's quota between them), or the options of one of
   * their own.
   *
   * @defaultValue a budget of its own at SWF's default quota (160 calls per second), one per
   * worker (one per call of runActivityTask)
   */
  readonly heartbeatBudget?: HeartbeatBudget | HeartbeatBudgetOptions;
  /**
   * How long a handler may take to settle after its signal aborted (a cancel request, the
   * shutdown grace's end, the local deadline, a task gone) before it is given up on: the task is reported if it still can be, its slot is
   * freed, and a `handlerIgnoredAbort` warning names the handler.
   *
   * @defaultValue `2000`
   */
  readonly abortWaitMs?: number;
  /**
   * Wrap each task's handler and SWF calls (a worker's polls too), and receive every event;
   * the first is the outermost. See {@link ActivityInterceptor}.
   *
   * @defaultValue none
   */
  readonly interceptors?: readonly ActivityInterceptor[];
}

/** The defaults of {@link TaskRunOptions} that are plain values. */
export const TASK_RUN_DEFAULTS = {
  timeoutStrategy: 'activity-type',
  abortWaitMs: 2000,
} as const satisfies Partial<TaskRunOptions>;

const heartbeatSettingsCheck = record({
  intervalRatio: fraction,
  minIntervalMs: positiveMilliseconds,
  intervalWithoutTimeoutMs: positiveMilliseconds,
  intervalWhenUnknownMs: positiveMilliseconds,
} satisfies Record<keyof HeartbeatSettings, OptionCheck>);

const heartbeatBudgetOptionsCheck = record({
  ratePerSecond: positive,
  burst: positive,
  minRatePerSecond: positive,
} satisfies Record<keyof HeartbeatBudgetOptions, OptionCheck>);

/** The check of every member of {@link TaskRunOptions}. */
export const TASK_RUN_OPTION_CHECKS = {
  clock: withMethods('a Clock', 'now', 'setTimer'),
  logger: withMethods('a Logger', 'debug', 'info', 'warn', 'error'),
  timeoutStrategy: oneOf(['activity-type', 'history']),
  heartbeat: heartbeatSettingsCheck,
  heartbeatBudget: (value, name) => {
    if (!(value instanceof HeartbeatBudget)) heartbeatBudgetOptionsCheck(value, name);
  },
  abortWaitMs: milliseconds(0),
  interceptors: checkInterceptors,
} as const satisfies Record<keyof TaskRunOptions, OptionCheck>;

/** What the caller of a run adds to the user's options. */
export interface TaskRunHooks {
  /** Receives the events of every task. */
  readonly onEvent?: ActivityEventListener | undefined;
  /** Aborts the tasks from outside (the worker's shutdown). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Builds the settings tasks run with from checked user options, every default applied here
 * and nowhere else. What tasks share is made once per call (the heartbeat budget, when none is
 * given: call it once per worker) or is the thread's (the lag watch) or the client's (the cache
 * of type timeouts).
 */
export function resolveTaskRunSettings(
  client: SWFClient,
  options: TaskRunOptions,
  hooks: TaskRunHooks = {},
): TaskRunSettings {
  const clock = options.clock ?? new SystemClock();
  const budget = options.heartbeatBudget;
  const interceptors = new InterceptorChain(options.interceptors ?? []);
  return {
    clock,
    logger: options.logger ?? consoleWarningsLogger,
    onEvent: hooks.onEvent,
    timeouts: new TimeoutResolver(
      client,
      clock,
      options.timeoutStrategy ?? TASK_RUN_DEFAULTS.timeoutStrategy,
      Math.random,
      interceptors,
    ),
    heartbeat: options.heartbeat ?? {},
    heartbeatBudget:
      budget instanceof HeartbeatBudget ? budget : new HeartbeatBudget(clock, budget),
    signal: hooks.signal,
    abortWaitMs: options.abortWaitMs ?? TASK_RUN_DEFAULTS.abortWaitMs,
    lagWatch: threadLagWatch,
    random: Math.random,
    interceptors,
  };
}
