import type { SWFClient } from '@aws-sdk/client-swf';
import type { ActivityDefinition } from '../activity/define-activity.js';
import type { Clock, ClockTimer } from '../clock/clock.js';
import {
  ActivityCancelledError,
  DeadlineExceededError,
  InputDecodingError,
  TaskGoneError,
  WorkerShutdownError,
} from '../errors.js';
import type { ActivityEvent, ActivityEventListener } from '../events/activity-events.js';
import type { EventLoopLagWatch, LagWatchEntry } from '../heartbeat/event-loop-lag.js';
import type { HeartbeatBudget } from '../heartbeat/heartbeat-budget.js';
import { type HeartbeatSettings, heartbeatSchedule } from '../heartbeat/heartbeat-schedule.js';
import { Heartbeater, type HeartbeatOwner } from '../heartbeat/heartbeater.js';
import type { InterceptorChain } from '../interceptors/interceptor-chain.js';
import { MAX_HEARTBEAT_DETAILS_LENGTH, truncate } from '../limits/swf-limits.js';
import { childLogger, type Logger } from '../logger.js';
import type { EffectiveTimeouts, TimeoutResolver } from '../timeouts/timeout-resolver.js';
import { type ActivityContextHost, TaskContext } from './activity-context.js';
import type { ActivityTaskInfo } from './activity-task-info.js';
import { decideResponse, type HandlerSettlement } from './outcome.js';
import { respond } from './respond.js';
import { deliverTaskEvent } from './task-events.js';

/** What a {@link TaskRun} needs, every default already applied. */
export interface TaskRunSettings {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onEvent: ActivityEventListener | undefined;
  /** Finds each task's timeouts (and caches what it can). */
  readonly timeouts: TimeoutResolver;
  readonly heartbeat: HeartbeatSettings | undefined;
  readonly heartbeatBudget: HeartbeatBudget;
  readonly signal: AbortSignal | undefined;
  readonly abortWaitMs: number;
  readonly lagWatch: EventLoopLagWatch;
  /** The interceptors of the handler, the SWF calls and the events. */
  readonly interceptors: InterceptorChain;
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

/**
 * One task from its poll to its response: finds its timeouts, keeps it alive, runs the handler
 * with its context, turns what happens (cancellation, a vanished task, the local deadline,
 * shutdown) into the abort reason of its signal, and reports the outcome.
 *
 * The run's state lives in fields and its callbacks are methods (it is the heartbeats' owner,
 * the lag watch's entry, the context's host and the listener of the outside signal), so a task
 * in flight costs few objects: thousands may be.
 */
export class TaskRun implements HeartbeatOwner, LagWatchEntry, ActivityContextHost<unknown> {
  readonly client: SWFClient;
  readonly task: ActivityTaskInfo;
  readonly clock: Clock;
  readonly budget: HeartbeatBudget;
  readonly #definition: ActivityDefinition;
  readonly #settings: TaskRunSettings;
  readonly #receivedAt: number;
  readonly #heartbeater: Heartbeater;
  /** Made when someone reads the signal: a handler that never does costs none. */
  #controller: AbortController | undefined;
  #abortReason: unknown;
  #aborted = false;
  #cancelRequested = false;
  #gone = false;
  #logger: Logger | undefined;
  #deadlineTimer: ClockTimer | undefined;
  #abortWaitTimer: ClockTimer | undefined;
  /** Settles the handler's wait: when the handler settles, or when the wait after shutdown ends. */
  #settle: ((settlement: HandlerSettlement) => void) | undefined;

  /**
   * Prepares the run of `task`, received at `receivedAt` on the settings' clock; its heartbeats
   * start at once.
   */
  constructor(
    client: SWFClient,
    task: ActivityTaskInfo,
    definition: ActivityDefinition,
    settings: TaskRunSettings,
    receivedAt: number,
  ) {
    this.client = client;
    this.task = task;
    this.clock = settings.clock;
    this.budget = settings.heartbeatBudget;
    this.#definition = definition;
    this.#settings = settings;
    this.#receivedAt = receivedAt;
    // Until the timeouts are found, beat at the pace for an unknown timeout: finding them may
    // take retries, and the task's heartbeat timeout runs meanwhile.
    this.#heartbeater = new Heartbeater(
      this,
      heartbeatSchedule(Number.NaN, settings.heartbeat),
      receivedAt,
    );
  }

  /** Runs the task to its end. Never rejects. */
  async run(): Promise<ActivityTaskOutcome> {
    const outcome = await this.#run();
    this.emit({ type: 'taskFinished', task: this.task, outcome });
    return outcome;
  }

  async #run(): Promise<ActivityTaskOutcome> {
    const settings = this.#settings;
    const task = this.task;
    settings.signal?.addEventListener('abort', this, { once: true });
    const timeouts = await settings.timeouts.resolve(task, this.#definition);
    this.#applyTimeouts(timeouts);
    if (settings.signal?.aborted) this.handleEvent();
    settings.lagWatch.watch(this);
    this.emit({ type: 'taskStarted', task, timeouts });

    const settlement = await this.#runHandler(new TaskContext(task, timeouts, this));
    this.#deadlineTimer?.cancel();
    this.#abortWaitTimer?.cancel();
    settings.lagWatch.unwatch(this);
    settings.signal?.removeEventListener('abort', this);
    await this.#heartbeater.stop();

    const handled =
      settlement.status === 'resolved' ? { result: settlement.value } : { error: settlement.error };
    if (this.#gone) return { status: 'gone', ...handled };
    const response = decideResponse(settlement, this.#cancelRequested, this.#definition.codec);
    const result = await respond(
      this.client,
      task,
      response,
      this.clock,
      (event) => this.emit(event),
      (withinMs) => this.#heartbeater.keepAlive(withinMs),
      settings.interceptors,
    );
    if (result !== 'responded') return { status: result, ...handled };
    return response.outcome === 'failed'
      ? { status: 'failed', reason: response.reason, ...handled, error: response.error }
      : { status: response.outcome, ...handled };
  }

  // ---- the context's host ------------------------------------------------------------------

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  /** The task's logger, made on first use: most tasks never log. */
  get logger(): Logger {
    const task = this.task;
    this.#logger ??= childLogger(this.#settings.logger, {
      activityId: task.activityId,
      activityType: `${task.activityType.name}@${task.activityType.version}`,
      workflowId: task.workflowExecution.workflowId,
    });
    return this.#logger;
  }

  /** `ctx.heartbeat(details)`: encodes, cuts to SWF's limit and hands them to the heartbeats. */
  heartbeat(details?: unknown): void {
    const task = this.task;
    let encoded: string | undefined;
    try {
      encoded = this.#definition.codec.encodeDetails(details);
    } catch (error) {
      this.emit({
        type: 'warning',
        code: 'detailsUnencodable',
        message: `Heartbeat details of ${task} could not be encoded: ${String(error)}`,
        task,
      });
      return;
    }
    if (encoded !== undefined && encoded.length > MAX_HEARTBEAT_DETAILS_LENGTH) {
      this.emit({
        type: 'detailsTruncated',
        task,
        length: encoded.length,
        limit: MAX_HEARTBEAT_DETAILS_LENGTH,
      });
      encoded = truncate(encoded, MAX_HEARTBEAT_DETAILS_LENGTH);
    }
    this.#heartbeater.setDetails(encoded);
  }

  // ---- the heartbeats' owner ---------------------------------------------------------------

  emit(event: ActivityEvent): void {
    deliverTaskEvent(event, this.#settings.onEvent, this);
    const interceptors = this.#settings.interceptors;
    if (interceptors.listens) interceptors.emit(event, this.#settings.logger);
  }

  get interceptors(): InterceptorChain {
    return this.#settings.interceptors;
  }

  cancelRequested(): void {
    this.#cancelRequested = true;
    this.emit({ type: 'cancelRequested', task: this.task });
    this.#abort(new ActivityCancelledError());
  }

  taskGone(error: unknown): void {
    this.#gone = true;
    this.emit({ type: 'taskGone', task: this.task, during: 'heartbeat', error });
    this.#abort(new TaskGoneError(undefined, { cause: error }));
  }

  // ---- the lag watch's entry ---------------------------------------------------------------

  deadline(): number {
    return this.#heartbeater.deadline;
  }

  warn(lagMs: number, slackMs: number): void {
    const task = this.task;
    const lag = `The event loop stalled for ${Math.round(lagMs)} ms`;
    this.emit({
      type: 'warning',
      code: 'eventLoopLag',
      message:
        slackMs < 0
          ? `${lag} and the heartbeat deadline of ${task} passed ${Math.round(-slackMs)} ms ago: SWF may time it out. Move CPU-bound work to worker_threads.`
          : `${lag}; ${task} has only ${Math.round(slackMs)} ms left before its heartbeat deadline. Move CPU-bound work to worker_threads.`,
      task,
    });
  }

  // ---- the outside signal (worker shutdown) ------------------------------------------------

  /** The outside signal aborted (this run is its listener object). */
  handleEvent(): void {
    this.#abort(this.#settings.signal?.reason ?? new WorkerShutdownError());
  }

  // ---- internals ---------------------------------------------------------------------------

  #applyTimeouts(timeouts: EffectiveTimeouts): void {
    if (timeouts.source === 'unknown') {
      this.emit({
        type: 'warning',
        code: 'timeoutsUnresolved',
        message: `The timeouts of ${this.task} could not be found; heartbeats go out at a cautious interval`,
        task: this.task,
      });
    } else {
      this.#heartbeater.reschedule(
        heartbeatSchedule(timeouts.heartbeatTimeoutMs, this.#settings.heartbeat),
      );
    }
    const startToClose = timeouts.startToCloseTimeoutMs;
    if (Number.isFinite(startToClose)) {
      // A little before SWF's own timeout, so that the failure can still be reported.
      const abortAt = this.#receivedAt + startToClose - Math.min(1000, startToClose * 0.1);
      this.#deadlineTimer = this.clock.setTimer(
        () => this.#abort(new DeadlineExceededError()),
        abortAt - this.clock.now(),
      );
    }
  }

  /** The first reason wins; a shutdown also starts the wait for the handler to stop. */
  #abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    this.#awaitStopAfterShutdown();
  }

  /**
   * Runs the handler and waits for it to settle, or, once the task aborted for shutdown, for
   * `abortWaitMs` at most.
   */
  #runHandler(context: TaskContext<unknown>): Promise<HandlerSettlement> {
    const settled = new Promise<HandlerSettlement>((resolve) => {
      this.#settle = resolve;
    });
    this.#awaitStopAfterShutdown();
    void this.#invokeHandler(context);
    return settled;
  }

  async #invokeHandler(context: TaskContext<unknown>): Promise<void> {
    try {
      const value: unknown = await this.#settings.interceptors.execute(
        this.#definition.handler,
        this.#decodeInput(),
        context,
      );
      this.#finish({ status: 'resolved', value });
    } catch (error) {
      this.#finish({ status: 'rejected', error });
    }
  }

  #awaitStopAfterShutdown(): void {
    if (
      this.#settle === undefined ||
      this.#abortWaitTimer !== undefined ||
      !(this.#abortReason instanceof WorkerShutdownError)
    ) {
      return;
    }
    const reason = this.#abortReason;
    this.#abortWaitTimer = this.clock.setTimer(() => {
      this.emit({
        type: 'warning',
        code: 'handlerIgnoredAbort',
        message: `The handler of ${this.task} did not stop after its signal aborted for shutdown; reporting it failed`,
        task: this.task,
      });
      this.#finish({ status: 'rejected', error: reason });
    }, this.#settings.abortWaitMs);
  }

  #finish(settlement: HandlerSettlement): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(settlement);
  }

  #decodeInput(): unknown {
    const task = this.task;
    try {
      return this.#definition.codec.decodeInput(task.input);
    } catch (error) {
      throw new InputDecodingError(
        `The input of ${task} could not be decoded: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}
