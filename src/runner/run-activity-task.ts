import type { ActivityTask, SWFClient } from '@aws-sdk/client-swf';
import type { ActivityDefinition } from '../activity/define-activity.js';
import { type Clock, systemClock } from '../clock/clock.js';
import {
  ActivityCancelledError,
  DeadlineExceededError,
  InputDecodingError,
  TaskGoneError,
  WorkerShutdownError,
} from '../errors.js';
import type { ActivityEvent, ActivityEventListener } from '../events/activity-events.js';
import { EventLoopLagWatch } from '../heartbeat/event-loop-lag.js';
import { HeartbeatBudget, type HeartbeatBudgetOptions } from '../heartbeat/heartbeat-budget.js';
import { type HeartbeatSettings, heartbeatSchedule } from '../heartbeat/heartbeat-schedule.js';
import { Heartbeater } from '../heartbeat/heartbeater.js';
import { MAX_HEARTBEAT_DETAILS_LENGTH, truncate } from '../limits/swf-limits.js';
import { childLogger, consoleWarningsLogger, type Logger } from '../logger.js';
import { TimeoutResolver, type TimeoutStrategy } from '../timeouts/timeout-resolver.js';
import { createActivityContext } from './activity-context.js';
import { ActivityTaskInfo } from './activity-task-info.js';
import { decideResponse, type HandlerSettlement } from './outcome.js';
import { respond } from './respond.js';

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
   * After the signal aborts for shutdown, how long to wait for the handler to stop before the
   * task is reported failed anyway. Default 5 s.
   */
  readonly abortWaitMs?: number;
  /** When the task was received (on the clock). Default: now. */
  readonly receivedAt?: number;
  /** Watches the event loop for stalls that threaten heartbeats. Default: one per process. */
  readonly lagWatch?: EventLoopLagWatch;
}

/** What became of a task. */
export interface ActivityTaskOutcome {
  /**
   * `completed`, `failed` or `canceled` once SWF accepted that response; `gone` when SWF no
   * longer knew the task (nothing could be reported); `unreported` when the response could
   * not be sent (see the `respondFailed` event).
   */
  readonly status: 'completed' | 'failed' | 'canceled' | 'gone' | 'unreported';
  /** The failure reason sent, for `failed`. */
  readonly reason?: string;
  /** The handler's result, when it resolved. */
  readonly result?: unknown;
  /** What the handler threw, when it rejected. */
  readonly error?: unknown;
}

const budgets = new WeakMap<Clock, HeartbeatBudget>();
const processLagWatch = new EventLoopLagWatch();

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
  try {
    info = new ActivityTaskInfo(task, options.domain);
  } catch (error) {
    return Promise.reject(error);
  }
  // The task runs on its info alone: the SDK's output object is not kept while it runs.
  return runTask(client, info, definition, options);
}

async function runTask(
  client: SWFClient,
  info: ActivityTaskInfo,
  definition: ActivityDefinition,
  options: RunActivityTaskOptions,
): Promise<ActivityTaskOutcome> {
  const clock = options.clock ?? systemClock;
  const receivedAt = options.receivedAt ?? clock.now();
  // Made on first use: most tasks never log, and thousands may be in flight.
  let taskLogger: Logger | undefined;
  const logger = (): Logger => {
    taskLogger ??= childLogger(options.logger ?? consoleWarningsLogger, {
      activityId: info.activityId,
      activityType: `${info.activityType.name}@${info.activityType.version}`,
      workflowId: info.workflowExecution.workflowId,
    });
    return taskLogger;
  };
  const emit = eventEmitter(options.onEvent, logger);
  const abort = new AbortController();
  const external = options.signal;
  const onExternalAbort = (): void => {
    abort.abort(external?.reason ?? new WorkerShutdownError());
  };
  external?.addEventListener('abort', onExternalAbort, { once: true });

  let cancelRequested = false;
  let gone = false;
  const heartbeater = new Heartbeater({
    client,
    task: info,
    clock,
    budget: options.heartbeatBudget ?? sharedHeartbeatBudget(clock),
    // Until the timeouts are found, beat at the pace for an unknown timeout: finding them may
    // take retries, and the task's heartbeat timeout runs meanwhile.
    schedule: heartbeatSchedule(Number.NaN, options.heartbeat),
    startedAt: receivedAt,
    emit,
    onCancelRequested: () => {
      cancelRequested = true;
      emit({ type: 'cancelRequested', task: info });
      abort.abort(new ActivityCancelledError());
    },
    onTaskGone: (error) => {
      gone = true;
      emit({ type: 'taskGone', task: info, during: 'heartbeat', error });
      abort.abort(new TaskGoneError(undefined, { cause: error }));
    },
  });

  const timeouts = await new TimeoutResolver(
    client,
    clock,
    options.timeoutStrategy ?? 'activity-type',
  ).resolve(info, definition);
  if (timeouts.source === 'unknown') {
    emit({
      type: 'warning',
      code: 'timeoutsUnresolved',
      message: `The timeouts of ${info} could not be found; heartbeats go out at a cautious interval`,
      task: info,
    });
  } else {
    heartbeater.reschedule(heartbeatSchedule(timeouts.heartbeatTimeoutMs, options.heartbeat));
  }
  const deadlineTimer = Number.isFinite(timeouts.startToCloseTimeoutMs)
    ? clock.setTimer(
        () => abort.abort(new DeadlineExceededError()),
        receivedAt +
          timeouts.startToCloseTimeoutMs -
          Math.min(1000, timeouts.startToCloseTimeoutMs * 0.1) -
          clock.now(),
      )
    : undefined;
  if (external?.aborted) onExternalAbort();
  const unwatch = (options.lagWatch ?? processLagWatch).watch({
    clock,
    deadline: () => heartbeater.deadline,
    warn: (lagMs, slackMs) =>
      emit({
        type: 'warning',
        code: 'eventLoopLag',
        message:
          slackMs < 0
            ? `The event loop stalled for ${Math.round(lagMs)} ms and the heartbeat deadline of ${info} passed ${Math.round(-slackMs)} ms ago: SWF may time it out. Move CPU-bound work to worker_threads.`
            : `The event loop stalled for ${Math.round(lagMs)} ms; ${info} has only ${Math.round(slackMs)} ms left before its heartbeat deadline. Move CPU-bound work to worker_threads.`,
        task: info,
      }),
  });

  const context = createActivityContext({
    task: info,
    signal: abort.signal,
    timeouts,
    logger: { make: logger },
    clock,
    heartbeat: (details) => {
      let encoded: string | undefined;
      try {
        encoded = definition.codec.encodeDetails(details);
      } catch (error) {
        emit({
          type: 'warning',
          code: 'detailsUnencodable',
          message: `Heartbeat details of ${info} could not be encoded: ${String(error)}`,
          task: info,
        });
        return;
      }
      if (encoded !== undefined && encoded.length > MAX_HEARTBEAT_DETAILS_LENGTH) {
        emit({
          type: 'detailsTruncated',
          task: info,
          length: encoded.length,
          limit: MAX_HEARTBEAT_DETAILS_LENGTH,
        });
        encoded = truncate(encoded, MAX_HEARTBEAT_DETAILS_LENGTH);
      }
      heartbeater.setDetails(encoded);
    },
  });
  emit({ type: 'taskStarted', task: info, timeouts });

  const settlement = await settle(
    () => definition.handler(decodeInput(definition, info), context),
    abort.signal,
    clock,
    options.abortWaitMs ?? 5000,
    () =>
      emit({
        type: 'warning',
        code: 'handlerIgnoredAbort',
        message: `The handler of ${info} did not stop after its signal aborted for shutdown; reporting it failed`,
        task: info,
      }),
  );
  deadlineTimer?.cancel();
  unwatch();
  external?.removeEventListener('abort', onExternalAbort);
  await heartbeater.stop();

  const handled =
    settlement.status === 'resolved' ? { result: settlement.value } : { error: settlement.error };
  if (gone) return { status: 'gone', ...handled };
  const response = decideResponse(settlement, cancelRequested, definition.codec);
  const result = await respond(client, info, response, clock, emit, (withinMs) =>
    heartbeater.keepAlive(withinMs),
  );
  if (result === 'responded') {
    return {
      status: response.outcome,
      ...(response.outcome === 'failed' ? { reason: response.reason, error: response.error } : {}),
      ...handled,
    };
  }
  return { status: result, ...handled };
}

function decodeInput(definition: ActivityDefinition, info: ActivityTaskInfo): unknown {
  try {
    return definition.codec.decodeInput(info.input);
  } catch (error) {
    throw new InputDecodingError(
      `The input of ${info} could not be decoded: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Runs the handler and waits for it to settle; once the signal has aborted for shutdown, waits
 * at most `abortWaitMs` more.
 */
function settle(
  run: () => Promise<unknown>,
  signal: AbortSignal,
  clock: Clock,
  abortWaitMs: number,
  onIgnoredAbort: () => void,
): Promise<HandlerSettlement> {
  return new Promise<HandlerSettlement>((resolve) => {
    let timer: { cancel(): void } | undefined;
    const done = (settlement: HandlerSettlement): void => {
      timer?.cancel();
      signal.removeEventListener('abort', onAbort);
      resolve(settlement);
    };
    const onAbort = (): void => {
      if (!(signal.reason instanceof WorkerShutdownError)) return;
      timer = clock.setTimer(() => {
        onIgnoredAbort();
        done({ status: 'rejected', error: signal.reason });
      }, abortWaitMs);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    Promise.resolve()
      .then(run)
      .then(
        (value) => done({ status: 'resolved', value }),
        (error: unknown) => done({ status: 'rejected', error }),
      );
  });
}

/** Delivers events to the listener and logs the ones that need a person's eye. */
function eventEmitter(
  listener: ActivityEventListener | undefined,
  logger: () => Logger,
): ActivityEventListener {
  return (event: ActivityEvent) => {
    switch (event.type) {
      case 'heartbeatFailed':
        logger().warn({ err: event.error }, 'heartbeat failed');
        break;
      case 'taskGone':
        logger().warn(
          { during: event.during },
          'SWF no longer knows this task (timed out or closed)',
        );
        break;
      case 'respondFailed':
        logger().error({ err: event.error }, 'the outcome could not be reported to SWF');
        break;
      case 'warning':
        logger().warn({ code: event.code }, event.message);
        break;
      default:
        break;
    }
    if (listener === undefined) return;
    try {
      listener(event);
    } catch (error) {
      logger().error({ err: error }, `an event listener threw on ${event.type}`);
    }
  };
}
