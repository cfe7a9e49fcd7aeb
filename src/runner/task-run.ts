import type { SWFClient } from '@aws-sdk/client-swf';
import type { CodecCall } from '../activity/async-codec.js';
import { type ActivityDefinition, activityTypeLabel } from '../activity/define-activity.js';
import { failureReason } from '../activity/failure-description.js';
import type { Clock, ClockTimer } from '../clock/clock.js';
import {
  ActivityCancelledError,
  ActivityTaskTimedOutError,
  DeadlineExceededError,
  InputDecodingError,
  TaskGoneError,
  TaskHandedOff,
  WorkerShutdownError,
} from '../errors.js';
import type { ActivityEvent, ActivityEventListener } from '../events/activity-events.js';
import type { EventLoopLagWatch } from '../heartbeat/event-loop-lag.js';
import type { HeartbeatBudget } from '../heartbeat/heartbeat-budget.js';
import { encodeHeartbeatDetails } from '../heartbeat/heartbeat-details.js';
import { type HeartbeatSettings, heartbeatSchedule } from '../heartbeat/heartbeat-schedule.js';
import { Heartbeater, type HeartbeatOwner } from '../heartbeat/heartbeater.js';
import type { InterceptorChain } from '../interceptors/interceptor-chain.js';
import { childLogger, type Logger } from '../logger.js';
import type { RandomSource } from '../retry/backoff.js';
import { TrySequence } from '../retry/try-sequence.js';
import { safetyMargin } from '../timeouts/safety-margin.js';
import type { EffectiveTimeouts, TimeoutResolver } from '../timeouts/timeout-resolver.js';
import { type AbortWatcher, unwatchAbort, watchAbort } from '../wait/abort-fanout.js';
import { PlainAbortSignal } from '../wait/plain-abort-signal.js';
import { type ActivityContextHost, TaskContext } from './activity-context.js';
import type { ActivityTaskInfo } from './activity-task-info.js';
import { type ActivityTaskOutcome, decideOutcome, type Settled } from './outcome.js';
import { RESPOND_RETRY_WINDOW_MS, respond } from './respond.js';
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
  /** Aborts the task from outside (shutdown); any number of runs may share it. */
  readonly signal: AbortSignal | undefined;
  /** After the task's signal aborted, for whatever reason, how long the handler may take to stop. */
  readonly abortWaitMs: number;
  readonly lagWatch: EventLoopLagWatch;
  /** The jitter of heartbeats and retries. */
  readonly random: RandomSource;
  /** The interceptors of the handler, the SWF calls and the events. */
  readonly interceptors: InterceptorChain;
}

/**
 * Where a run is. It moves forward only:
 *
 * ```text
 * starting ──► running ──► stopping ──► reporting ──► ended
 *     │            ├──────────┴─────────────────────────┤ (ctx.completeLater(): handed off)
 *     └────────────┴──────────┴─────────────────────────┘ (gone, with nothing to report)
 * ```
 *
 * - `starting`: the timeouts are being found, unless they were known at once (a type's tasks
 *   after its first); until they are, heartbeats go out at the cautious pace.
 * - `running`: the handler runs; its signal has not aborted.
 * - `stopping`: the signal aborted (cancel, gone, deadline, shutdown); the handler has
 *   `abortWaitMs` to settle, after which it is given up on.
 * - `reporting`: the response is being sent and retried; heartbeats keep the task alive until
 *   SWF acknowledges it.
 * - `ended`: the outcome is known; timers, heartbeats and watches are gone.
 *
 * `#end` decides how the run ends once the handler settled (or was given up on);
 * `completeLater()` hands the task off without a response; both end in `#finish`, the one
 * exit, which lets go of everything and resolves `run()`.
 */
export type TaskRunState = 'starting' | 'running' | 'stopping' | 'reporting' | 'ended';

/** The longest a try of a response waits for its answer. */
const MAX_RESPOND_TRY_MS = 10_000;

/** The shortest: enough for SWF's answer on a slow network. */
const MIN_RESPOND_TRY_MS = 250;

/**
 * How long a response is retried once the worker is shutting down (its signal aborted): the
 * process is about to end, and the orchestrator's kill will not wait for a minute of retries.
 */
export const SHUTDOWN_RESPOND_WINDOW_MS = 2_000;

/**
 * One task from its poll to its response: finds its timeouts, keeps it alive, runs the handler
 * with its context, turns what happens (cancellation, a vanished task, the local deadline,
 * shutdown) into the abort reason of its signal, and reports the outcome. `#end`
 * is the one place that decides how it ends.
 *
 * A task in flight costs few objects (thousands may be): the run is itself the context's host
 * and the heartbeats' owner, whose callbacks are its `on...` methods.
 */
export class TaskRun implements HeartbeatOwner, ActivityContextHost<unknown>, AbortWatcher {
  readonly client: SWFClient;
  readonly task: ActivityTaskInfo;
  readonly clock: Clock;
  readonly budget: HeartbeatBudget;
  readonly random: RandomSource;
  readonly interceptors: InterceptorChain;
  readonly #definition: ActivityDefinition;
  readonly #settings: TaskRunSettings;
  readonly #receivedAt: number;
  readonly #heartbeater: Heartbeater;
  /** The timeouts when they were known at once (every task of a type after the first). */
  readonly #knownTimeouts: EffectiveTimeouts | undefined;
  #state: TaskRunState = 'starting';
  /**
   * The task's abort and its reason; the standard signal is made when someone reads it, so a
   * handler that never does costs none.
   */
  readonly #abortSignal = new PlainAbortSignal();
  /** SWF answered a heartbeat with `cancelRequested`. */
  #cancelRequested = false;
  /** The task is gone (SWF said so, or one of its timeouts passed): nothing is sent. */
  #gone: TaskGoneError | undefined;
  /** Start-to-close: the local deadline first, then the timeout itself. */
  #deadlineTimer: ClockTimer | undefined;
  #abortWaitTimer: ClockTimer | undefined;
  /**
   * The response's tries, stopped (with the encoding of the outcome: a store's call) when the
   * task turns out to be gone while they run, or when the shutdown cuts them short.
   */
  #respondTries: TrySequence | undefined;
  /** The outside signal aborted: the response gets {@link SHUTDOWN_RESPOND_WINDOW_MS} at most. */
  #shuttingDown = false;
  #cutResponseTimer: ClockTimer | undefined;
  /** The response is out: from then on, only SWF's answer to it says whether the task is gone. */
  #responding = false;
  /** When SWF times the task out (start-to-close), on the clock; Infinity for none. */
  #closesAt = Number.POSITIVE_INFINITY;
  #resolve: ((outcome: ActivityTaskOutcome) => void) | undefined;
  #logger: Logger | undefined;

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
    this.random = settings.random;
    this.interceptors = settings.interceptors;
    this.#definition = definition;
    this.#settings = settings;
    this.#receivedAt = receivedAt;
    // Known at once for every task of a type after the first. Until they are found, beat at
    // the pace for an unknown timeout: finding them may take retries, and the task's heartbeat
    // timeout runs meanwhile.
    const known = settings.timeouts.known(task, definition);
    this.#knownTimeouts = known;
    this.#heartbeater = new Heartbeater(
      this,
      heartbeatSchedule(known?.heartbeatTimeoutMs ?? Number.NaN, settings.heartbeat),
      receivedAt,
      known !== undefined,
    );
  }

  /** Where the run is. */
  get state(): TaskRunState {
    return this.#state;
  }

  /** Runs the task to its end. Never rejects. */
  run(): Promise<ActivityTaskOutcome> {
    return new Promise<ActivityTaskOutcome>((resolve) => {
      this.#resolve = resolve;
      void this.#start();
    });
  }

  // ---- the context's host ------------------------------------------------------------------

  get signal(): AbortSignal {
    return this.#abortSignal.standard;
  }

  /** The task's logger, made on first use: most tasks never log. */
  get logger(): Logger {
    const task = this.task;
    this.#logger ??= childLogger(this.#settings.logger, {
      activityId: task.activityId,
      activityType: activityTypeLabel(task.activityType),
      workflowId: task.workflowExecution.workflowId,
    });
    return this.#logger;
  }

  /** `ctx.heartbeat(details)`: encodes, cuts to SWF's limit and hands them to the heartbeats. */
  heartbeat(details?: unknown): void {
    const encoded = encodeHeartbeatDetails(this.#definition.codec, details, this.task, (event) =>
      this.#emit(event),
    );
    if (encoded !== null) this.#heartbeater.setDetails(encoded);
  }

  /**
   * `ctx.completeLater()`: the run ends here, handed off (unless the task is already gone,
   * which the handler's settlement then reports), and the handler ends with the marker.
   */
  completeLater(): never {
    const state = this.#state;
    if (state !== 'running' && state !== 'stopping') {
      throw new Error(
        `ctx.completeLater() was called after the run of ${this.task} ended (${state}): call it from the handler, before it settles`,
      );
    }
    if (this.#gone === undefined) {
      this.#emit({ type: 'taskHandedOff', task: this.task });
      this.#finish({ status: 'handedOff' });
    }
    throw new TaskHandedOff();
  }

  // ---- the heartbeats' callbacks -----------------------------------------------------------

  onHeartbeatEvent(event: ActivityEvent): void {
    this.#emit(event);
  }

  onCancelRequested(): void {
    if (this.#state === 'reporting' || this.#state === 'ended') return;
    this.#cancelRequested = true;
    this.#emit({ type: 'cancelRequested', task: this.task });
    this.#abort(new ActivityCancelledError());
  }

  onTaskGone(cause: unknown): void {
    // While the response is out, SWF's answer to it says what became of the task: a heartbeat
    // that raced it and lost says nothing more. Only a timeout that passed ends the tries.
    if (this.#responding && !(cause instanceof ActivityTaskTimedOutError)) return;
    this.#taskGone(cause);
  }

  // ---- the outside signal's watcher --------------------------------------------------------

  /**
   * The outside signal (shutdown) aborted: the handler's signal aborts with its reason, or,
   * once the response is out, the response gets a last short window.
   */
  onAbort(): void {
    this.#shuttingDown = true;
    if (this.#state === 'reporting') this.#cutResponseShort();
    else this.#abort(this.#settings.signal?.reason ?? new WorkerShutdownError());
  }

  // ---- the run -----------------------------------------------------------------------------

  async #start(): Promise<void> {
    const { signal, lagWatch } = this.#settings;
    if (signal?.aborted) this.onAbort();
    else if (signal !== undefined) watchAbort(signal, this);
    let timeouts = this.#knownTimeouts;
    if (timeouts === undefined) {
      timeouts = await this.#settings.timeouts.resolve(this.task, this.#definition);
      this.#applyFoundTimeouts(timeouts);
    }
    this.#setDeadline(timeouts);
    lagWatch.watch(this.#heartbeater);
    this.#emit({ type: 'taskStarted', task: this.task, timeouts });
    if (this.#gone !== undefined) {
      // Gone before it began: the handler does not run at all.
      this.#end({ error: this.#gone });
      return;
    }
    this.#state = 'running';
    if (this.#abortSignal.aborted) this.#startStopping();
    void this.#invokeHandler(new TaskContext(this.task, timeouts, this));
  }

  /** Calls the handler: the one place it is called. Its settlement ends the run. */
  async #invokeHandler(context: TaskContext<unknown>): Promise<void> {
    let settled: Settled;
    try {
      const input = await this.#decodeInput();
      settled = {
        result: await this.interceptors.execute(this.#definition.handler, input, context),
      };
    } catch (error) {
      settled = { error };
    }
    this.#end(settled);
  }

  /**
   * The one place that decides how the run ends, once: called when the handler settles, or
   * with `undefined` when it was given up on (it did not settle within `abortWaitMs` after
   * its signal aborted: the abort reason stands for what it threw). A task that is gone ends
   * unreported; any other is reported as {@link decideOutcome} decides, the heartbeats going
   * on until SWF acknowledges the response.
   */
  #end(settled: Settled | undefined): void {
    if (this.#state === 'reporting' || this.#state === 'ended') return;
    this.#abortWaitTimer?.cancel();
    let outcomeOf = settled;
    if (outcomeOf === undefined) {
      this.#warnGivenUp();
      outcomeOf = { error: this.#abortSignal.reason };
    }
    if (this.#gone !== undefined) {
      this.#finish({ ...outcomeOf, status: 'gone' });
      return;
    }
    this.#state = 'reporting';
    const tries = new TrySequence(this.clock);
    this.#respondTries = tries;
    void this.#report(outcomeOf, tries);
  }

  /**
   * Encodes the outcome (awaited: a claim check may store a large result, the heartbeats going
   * on meanwhile; the store's call ends if the task is gone) and sends it.
   */
  async #report(settled: Settled, tries: TrySequence): Promise<void> {
    const decision = await decideOutcome(
      settled,
      this.#cancelRequested,
      this.#definition.codec,
      this.#codecCall(() => tries.signal),
    );
    if (tries.stopped) {
      // Gone, or shutdown cut the report short while the outcome was being encoded.
      const gone = tries.reason instanceof TaskGoneError;
      if (!gone) this.#emit({ type: 'respondFailed', task: this.task, error: tries.reason });
      this.#finish({ ...decision.outcome, status: gone ? 'gone' : 'unreported' });
      return;
    }
    this.#responding = true;
    // Not awaited: this frame ends here, and the response in flight holds one callback.
    void respond(this.client, this.task, decision, {
      clock: this.clock,
      random: this.random,
      emit: (event) => this.#emit(event),
      tries,
      tryTimeoutMs: (now) => this.#respondTryMs(now),
      interceptors: this.interceptors,
      ...(this.#shuttingDown ? { windowMs: SHUTDOWN_RESPOND_WINDOW_MS } : {}),
    }).then((outcome) => this.#finish(outcome));
  }

  /** The run is over: everything it holds is let go, and `run()` resolves. */
  #finish(outcome: ActivityTaskOutcome): void {
    this.#state = 'ended';
    this.#deadlineTimer?.cancel();
    this.#abortWaitTimer?.cancel();
    this.#cutResponseTimer?.cancel();
    this.#heartbeater.stop();
    this.#settings.lagWatch.unwatch(this.#heartbeater);
    unwatchAbort(this.#settings.signal, this);
    const resolve = this.#resolve;
    this.#resolve = undefined;
    this.#emit({ type: 'taskFinished', task: this.task, outcome });
    resolve?.(outcome);
  }

  /** Shutdown began while the response was out: it gets a last short window. */
  #cutResponseShort(): void {
    this.#cutResponseTimer = this.clock.setTimer(
      () =>
        this.#respondTries?.stop(
          new WorkerShutdownError(
            `The worker shut down before SWF acknowledged the response (retried ${SHUTDOWN_RESPOND_WINDOW_MS} ms after shutdown)`,
          ),
        ),
      SHUTDOWN_RESPOND_WINDOW_MS,
    );
  }

  /**
   * How long a try of the response may wait: half the time left before the heartbeat
   * deadline, so that another try fits before it; at least 250 ms, at most ten seconds. Near
   * the deadline the tries shrink with it: a try sent into a black hole just before the network
   * heals must end in time for the next one to reach SWF before the task times out.
   */
  #respondTryMs(now: number): number {
    const left = this.#heartbeater.deadline() - now;
    return Math.min(MAX_RESPOND_TRY_MS, Math.max(MIN_RESPOND_TRY_MS, left / 2));
  }

  /** Timeouts found after the start: the heartbeats move from the cautious pace to theirs. */
  #applyFoundTimeouts(timeouts: EffectiveTimeouts): void {
    if (timeouts.source === 'unknown') {
      this.#emit({
        type: 'warning',
        code: 'timeoutsUnresolved',
        message: `The timeouts of ${this.task} could not be found; heartbeats go out at a cautious interval`,
        task: this.task,
      });
      return;
    }
    this.#heartbeater.reschedule(
      heartbeatSchedule(timeouts.heartbeatTimeoutMs, this.#settings.heartbeat),
    );
  }

  /** The local deadline, a little before SWF's start-to-close timeout (none when unknown). */
  #setDeadline(timeouts: EffectiveTimeouts): void {
    const startToClose = timeouts.startToCloseTimeoutMs;
    if (Number.isFinite(startToClose)) {
      // Abort a little before SWF's own timeout, so that the failure can still be reported;
      // once the timeout itself has passed, the task is gone.
      const closesAt = this.#receivedAt + startToClose;
      this.#closesAt = closesAt;
      this.#deadlineTimer = this.clock.setTimer(
        () => {
          this.#abort(new DeadlineExceededError());
          this.#deadlineTimer = this.clock.setTimer(
            () => this.#taskGone(new ActivityTaskTimedOutError('START_TO_CLOSE', startToClose)),
            closesAt - this.clock.now(),
          );
        },
        closesAt - safetyMargin(startToClose) - this.clock.now(),
      );
    }
  }

  /**
   * Aborts the task's signal; the first reason wins. A running handler then has `abortWaitMs`
   * to settle (one that starts with its signal aborted, from when it starts).
   */
  #abort(reason: unknown): void {
    if (this.#state === 'reporting' || this.#state === 'ended') return;
    if (this.#abortSignal.abort(reason) && this.#state === 'running') this.#startStopping();
  }

  #startStopping(): void {
    this.#state = 'stopping';
    this.#abortWaitTimer = this.clock.setTimer(
      () => this.#end(undefined),
      this.#settings.abortWaitMs,
    );
  }

  /** The task is gone (`cause` says how we know): nothing more is sent for it. */
  #taskGone(cause: unknown): void {
    if (this.#gone !== undefined || this.#state === 'ended') return;
    const gone = new TaskGoneError(undefined, { cause });
    this.#gone = gone;
    this.#heartbeater.stop();
    this.#emit({
      type: 'taskGone',
      task: this.task,
      during: this.#state === 'reporting' ? 'respond' : 'heartbeat',
      error: cause,
    });
    if (this.#state === 'reporting') this.#respondTries?.stop(gone);
    else this.#abort(gone);
  }

  #warnGivenUp(): void {
    const task = this.task;
    const handler = activityTypeLabel(task.activityType);
    const what =
      this.#gone !== undefined
        ? 'SWF no longer knows the task: it is given up, unreported'
        : this.#cancelRequested
          ? 'it is reported canceled'
          : 'it is reported failed';
    this.#emit({
      type: 'warning',
      code: 'handlerIgnoredAbort',
      message: `The handler of ${handler} did not settle within ${this.#settings.abortWaitMs} ms after its signal aborted (${failureReason(this.#abortSignal.reason)}) for ${task}; ${what}. Its slot is free again, while the handler may still be running: make it stop on ctx.signal.`,
      task,
    });
  }

  #emit(event: ActivityEvent): void {
    deliverTaskEvent(event, this.#settings.onEvent, this);
    if (this.interceptors.listens) this.interceptors.emit(event, this.#settings.logger);
  }

  /**
   * The handler's input, decoded by the codec (awaited: a claim check reads it from its store,
   * a call that ends with the task's signal and its start-to-close timeout).
   */
  async #decodeInput(): Promise<unknown> {
    const task = this.task;
    try {
      return await this.#definition.codec.decodeInput(
        task.input,
        this.#codecCall(() => this.signal),
      );
    } catch (error) {
      throw new InputDecodingError(
        `The input of ${task} could not be decoded: ${failureReason(error)}`,
        { cause: error },
      );
    }
  }

  /**
   * What a codec member is given: the signal `signal()` returns, made only if the codec reads
   * it (most never do); and as its deadline the local start-to-close deadline (a little before
   * SWF's timeout, so that a failure can still be reported), or a minute from now when the
   * task has none.
   */
  #codecCall(signal: () => AbortSignal): CodecCall {
    const clock = this.clock;
    const closesAt = this.#closesAt;
    const deadline = Number.isFinite(closesAt)
      ? closesAt - safetyMargin(closesAt - this.#receivedAt)
      : clock.now() + RESPOND_RETRY_WINDOW_MS;
    return new LazySignalCodecCall(signal, deadline, clock);
  }
}

/** A {@link CodecCall} whose signal is made when the codec first reads it. */
class LazySignalCodecCall implements CodecCall {
  readonly #signal: () => AbortSignal;

  constructor(
    signal: () => AbortSignal,
    readonly deadline: number,
    readonly clock: Clock,
  ) {
    this.#signal = signal;
  }

  get signal(): AbortSignal {
    return this.#signal();
  }
}
