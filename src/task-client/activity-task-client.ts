import {
  RecordActivityTaskHeartbeatCommand,
  type RecordActivityTaskHeartbeatCommandOutput,
  type SWFClient,
} from '@aws-sdk/client-swf';
import type { AsyncActivityCodec, CodecCall } from '../activity/async-codec.js';
import { jsonCodec } from '../activity/codec.js';
import { type Clock, systemClock } from '../clock/clock.js';
import { ActivityCancelledError, TaskGoneError } from '../errors.js';
import type { ActivityEvent, ActivityEventListener } from '../events/activity-events.js';
import { HeartbeatBudget } from '../heartbeat/heartbeat-budget.js';
import { encodeHeartbeatDetails } from '../heartbeat/heartbeat-details.js';
import {
  type HeartbeatSchedule,
  type HeartbeatSettings,
  heartbeatSchedule,
} from '../heartbeat/heartbeat-schedule.js';
import { Heartbeater, type HeartbeatOwner } from '../heartbeat/heartbeater.js';
import { InterceptorChain } from '../interceptors/interceptor-chain.js';
import { consoleWarningsLogger, type Logger } from '../logger.js';
import { checkMembers, type OptionCheck, positive, withMethods } from '../options/check-options.js';
import { TASK_RUN_OPTION_CHECKS } from '../options/task-run-options.js';
import type { RandomSource } from '../retry/backoff.js';
import { callWithRetry } from '../retry/call-with-retry.js';
import { classifySwfError } from '../retry/classify-error.js';
import { ActivityTaskInfo } from '../runner/activity-task-info.js';
import { type Decision, decideOutcome } from '../runner/outcome.js';
import { RESPOND_RETRY_WINDOW_MS, respond } from '../runner/respond.js';
import { deliverTaskEvent } from '../runner/task-events.js';
import { onAbort } from '../wait/abort-fanout.js';

/** The check of every member of {@link ActivityTaskClientOptions}. */
const CLIENT_OPTION_CHECKS = {
  codec: withMethods('a codec', 'decodeInput', 'encodeResult', 'encodeDetails'),
  heartbeatTimeoutMs: positive,
  heartbeat: TASK_RUN_OPTION_CHECKS.heartbeat,
  heartbeatBudget: (value, name) => {
    if (!(value instanceof HeartbeatBudget))
      throw new TypeError(`${name} must be a HeartbeatBudget`);
  },
  clock: TASK_RUN_OPTION_CHECKS.clock,
  onEvent: withFunction,
  logger: TASK_RUN_OPTION_CHECKS.logger,
} as const satisfies Record<keyof ActivityTaskClientOptions, OptionCheck>;

/** Options of {@link ActivityTaskClient}. */
export interface ActivityTaskClientOptions<Result = unknown> {
  /**
   * How the result, a failure and details are encoded: the activity's codec (a
   * {@link claimCheck} too).
   * @defaultValue {@link jsonCodec}
   */
  readonly codec?: AsyncActivityCodec<unknown, Result>;
  /**
   * The task's heartbeat timeout in ms (`Infinity` for NONE), as the worker found it
   * (`ctx.timeouts.heartbeatTimeoutMs`): it paces {@link ActivityTaskClient.keepAlive} and
   * bounds the retries of a heartbeat.
   * @defaultValue unknown: heartbeats at `heartbeat.intervalWhenUnknownMs` (5 s)
   */
  readonly heartbeatTimeoutMs?: number;
  /** Heartbeat pacing, as for a worker. */
  readonly heartbeat?: HeartbeatSettings;
  /**
   * The budget of heartbeat calls to share with other clients and workers of the process.
   * @defaultValue one budget per client, at SWF's default quota
   */
  readonly heartbeatBudget?: HeartbeatBudget;
  /**
   * Where time comes from.
   * @defaultValue {@link systemClock}
   */
  readonly clock?: Clock;
  /** Receives the task's events, as a worker's listeners do (`heartbeatSent`, `taskResponded`, ...). */
  readonly onEvent?: ActivityEventListener;
  /**
   * Where failed calls are logged.
   * @defaultValue warnings and errors to the console
   */
  readonly logger?: Logger;
}

/** What {@link ActivityTaskClient.keepAlive} is given. */
export interface KeepAliveOptions {
  /** Stops the heartbeats when it aborts. */
  readonly signal?: AbortSignal;
}

/** Heartbeats that keep a task alive, started by {@link ActivityTaskClient.keepAlive}. */
export interface ActivityTaskKeepAlive<Details = unknown> {
  /**
   * Aborts when the work should stop: with an {@link ActivityCancelledError} when a decider
   * asked to cancel the task (heartbeats go on until you respond or stop them), with a
   * {@link TaskGoneError} when SWF no longer knows it (heartbeats stop).
   */
  readonly signal: AbortSignal;
  /** Records progress: the latest details go out with the next heartbeat, soon. */
  heartbeat(details?: Details): void;
  /** Stops the heartbeats (a call in flight is abandoned). */
  stop(): void;
}

/**
 * Reports on an activity task from anywhere, by its task token: for a handler that handed its
 * task off with `ctx.completeLater()` (an approval, a webhook, a batch job), from the same
 * process or another. The same limits, codec, retries and errors as inside the worker:
 * - {@link ActivityTaskClient.complete}, {@link ActivityTaskClient.fail} and
 *   {@link ActivityTaskClient.cancel} retry throttling and transient errors for up to a
 *   minute, and reject with {@link TaskGoneError} when SWF no longer knows the task (timed
 *   out, closed, or already answered);
 * - a result over 32,768 characters once encoded fails the task with
 *   {@link ResultTooLargeError} (use a {@link claimCheck} codec for large results); reasons are
 *   cut to 256 characters, details to 32,768, heartbeat details to 2,048;
 * - {@link ActivityTaskClient.keepAlive} heartbeats at the task's pace until it is stopped or
 *   the task is answered through this client (it beats on while the response is retried, so
 *   that a throttled response does not let the task time out).
 *
 * The token is the task's only credential: keep it out of logs (this client's events carry an
 * {@link ActivityTaskInfo} that prints it redacted).
 *
 * @example
 * ```ts
 * // In the process that hears the approval:
 * const task = new ActivityTaskClient(new SWFClient({}), taskToken, { heartbeatTimeoutMs });
 * const alive = task.keepAlive();
 * const decision = await waitForApproval({ signal: alive.signal });
 * await task.complete({ approved: decision.approved, by: decision.user });
 * ```
 */
export class ActivityTaskClient<Result = unknown, Details = unknown> {
  /** The task, known by its token only (the other fields are empty). */
  readonly task: ActivityTaskInfo;
  readonly #client: SWFClient;
  readonly #codec: AsyncActivityCodec<unknown, Result>;
  readonly #clock: Clock;
  readonly #schedule: HeartbeatSchedule;
  readonly #budget: HeartbeatBudget;
  readonly #onEvent: ActivityEventListener | undefined;
  readonly #logger: Logger;
  /** The jitter of retries' back-off, the keep-alive's included. */
  readonly #random: RandomSource = Math.random;
  #keepAlive: KeepAliveRun | undefined;

  constructor(
    client: SWFClient,
    taskToken: string,
    options: ActivityTaskClientOptions<Result> = {},
  ) {
    if (typeof (client as Partial<SWFClient> | undefined)?.send !== 'function') {
      throw new TypeError(
        'ActivityTaskClient: client must be an SWFClient from @aws-sdk/client-swf',
      );
    }
    if (typeof taskToken !== 'string' || taskToken.length === 0) {
      throw new TypeError(
        'ActivityTaskClient: taskToken must be the non-empty task token of a polled task (ctx.task.taskToken)',
      );
    }
    checkMembers(
      options as Readonly<Record<string, unknown>>,
      CLIENT_OPTION_CHECKS,
      'ActivityTaskClient: ',
    );
    this.#client = client;
    this.task = new ActivityTaskInfo(
      {
        taskToken,
        activityId: undefined,
        activityType: undefined,
        startedEventId: undefined,
        workflowExecution: undefined,
      },
      '',
    );
    this.#codec = options.codec ?? (jsonCodec as AsyncActivityCodec<unknown, Result>);
    this.#clock = options.clock ?? systemClock;
    this.#schedule = heartbeatSchedule(options.heartbeatTimeoutMs ?? Number.NaN, options.heartbeat);
    this.#budget = options.heartbeatBudget ?? new HeartbeatBudget(this.#clock);
    this.#onEvent = options.onEvent;
    this.#logger = options.logger ?? consoleWarningsLogger;
  }

  /**
   * Sends one heartbeat with `details` (encoded by the codec, cut to 2,048 characters),
   * retrying throttling and transient errors within the heartbeat timeout. Resolves to whether
   * a decider asked to cancel the task; rejects with {@link TaskGoneError} when SWF no longer
   * knows it.
   */
  async heartbeat(details?: Details): Promise<boolean> {
    // Details that cannot be encoded are left out (a warning says why): the beat still counts.
    const encoded = this.#encodeDetails(details) ?? undefined;
    const task = this.task;
    try {
      const { output, attempt } = await callWithRetry<RecordActivityTaskHeartbeatCommandOutput>(
        (abortSignal) =>
          this.#client.send(
            new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken, details: encoded }),
            { abortSignal },
          ),
        {
          clock: this.#clock,
          random: this.#random,
          deadline: this.#clock.now() + this.#schedule.retryWindowMs,
          onRetry: ({ attempt: tried, delayMs, error }) =>
            this.#emit({ type: 'heartbeatRetried', task, attempt: tried, delayMs, error }),
        },
      );
      const cancelRequested = output.cancelRequested === true;
      this.#emit({ type: 'heartbeatSent', task, cancelRequested, attempt, budgetWaitMs: 0 });
      return cancelRequested;
    } catch (error) {
      if (classifySwfError(error) === 'task-gone') {
        this.#emit({ type: 'taskGone', task, during: 'heartbeat', error });
        throw new TaskGoneError(undefined, { cause: error });
      }
      this.#emit({ type: 'heartbeatFailed', task, error });
      throw error;
    }
  }

  /**
   * Completes the task with `result`, encoded by the codec. A result that cannot be encoded or
   * is over SWF's limit fails the task instead, as in the worker, and this rejects with that
   * error (a {@link ResultTooLargeError}) once the failure is reported.
   */
  async complete(result: Result): Promise<void> {
    const decision = await decideOutcome({ result }, false, this.#codec, this.#codecCall());
    await this.#respond(decision);
    if (decision.outcome.status === 'failed') throw decision.outcome.error;
  }

  /**
   * Fails the task: the reason and details come from `error` through the codec (by default the
   * error's name and message, and its stack and causes), as when a handler throws.
   */
  async fail(error: unknown): Promise<void> {
    await this.#respond(await decideOutcome({ error }, false, this.#codec, this.#codecCall()));
  }

  /**
   * Reports the task canceled (after a decider asked for it: see
   * {@link ActivityTaskClient.heartbeat}), with `details` encoded as what a handler throws
   * after a cancel request (by default: a string as it is, an error with its stack, anything
   * else as JSON); none when `details` is absent.
   */
  async cancel(details?: unknown): Promise<void> {
    const decision: Decision =
      details === undefined
        ? { outcome: { status: 'canceled', error: undefined } }
        : await decideOutcome({ error: details }, true, this.#codec, this.#codecCall());
    await this.#respond(decision);
  }

  /**
   * Heartbeats the task at its pace (a third of its heartbeat timeout by default, the first
   * one at once) until {@link ActivityTaskKeepAlive.stop}, `options.signal`, a response through
   * this client, or the task being gone. One at a time: starting another stops the previous.
   */
  keepAlive(options: KeepAliveOptions = {}): ActivityTaskKeepAlive<Details> {
    this.#keepAlive?.stop();
    const run = new KeepAliveRun(
      {
        client: this.#client,
        task: this.task,
        clock: this.#clock,
        budget: this.#budget,
        random: this.#random,
        emit: (event) => this.#emit(event),
        encodeDetails: (details) => this.#encodeDetails(details as Details | undefined),
      },
      this.#schedule,
      options.signal,
    );
    this.#keepAlive = run;
    return run;
  }

  // ---- internals ---------------------------------------------------------------------------

  #emit(event: ActivityEvent): void {
    deliverTaskEvent(event, this.#onEvent, { logger: this.#logger });
  }

  /** The codec's details, cut to SWF's limit; `null` when they cannot be encoded (a warning says why). */
  #encodeDetails(details: Details | undefined): string | undefined | null {
    return encodeHeartbeatDetails(this.#codec, details, this.task, (event) => this.#emit(event));
  }

  #codecCall(): CodecCall {
    return {
      clock: this.#clock,
      deadline: this.#clock.now() + RESPOND_RETRY_WINDOW_MS,
      signal: new AbortController().signal,
    };
  }

  /**
   * Sends `decision` as the worker does (a keep-alive goes on beating meanwhile, then stops);
   * rejects unless SWF took it: {@link TaskGoneError}, or the error the tries gave up on.
   */
  async #respond(decision: Decision): Promise<void> {
    const keepAlive = this.#keepAlive;
    this.#keepAlive = undefined;
    let lastError: unknown;
    const outcome = await respond(this.#client, this.task, decision, {
      clock: this.#clock,
      random: this.#random,
      emit: (event) => {
        if (event.type === 'respondFailed' || event.type === 'taskGone') lastError = event.error;
        this.#emit(event);
      },
    });
    keepAlive?.stop();
    if (outcome.status === 'gone') throw new TaskGoneError(undefined, { cause: lastError });
    if (outcome.status === 'unreported') throw lastError;
  }
}

/** What a keep-alive needs from its client. */
interface KeepAliveHost {
  readonly client: SWFClient;
  readonly task: ActivityTaskInfo;
  readonly clock: Clock;
  readonly budget: HeartbeatBudget;
  readonly random: RandomSource;
  emit(event: ActivityEvent): void;
  encodeDetails(details: unknown): string | undefined | null;
}

/** The heartbeats of one {@link ActivityTaskClient.keepAlive}: the owner of a Heartbeater. */
class KeepAliveRun implements HeartbeatOwner, ActivityTaskKeepAlive {
  readonly client: SWFClient;
  readonly task: ActivityTaskInfo;
  readonly clock: Clock;
  readonly budget: HeartbeatBudget;
  readonly random: RandomSource;
  readonly interceptors = InterceptorChain.EMPTY;
  readonly #host: KeepAliveHost;
  readonly #controller = new AbortController();
  readonly #heartbeater: Heartbeater;
  /** Stops watching the outside signal. */
  readonly #unwatchOutside: () => void;

  constructor(host: KeepAliveHost, schedule: HeartbeatSchedule, outside: AbortSignal | undefined) {
    this.#host = host;
    this.client = host.client;
    this.task = host.task;
    this.clock = host.clock;
    this.budget = host.budget;
    this.random = host.random;
    // As if the last heartbeat was one interval ago: the first goes out at once, since the
    // task's heartbeat timeout has been running since its handler handed it off. No watchdog:
    // when the last heartbeat reached SWF is not known here, SWF's answers tell.
    this.#heartbeater = new Heartbeater(this, schedule, this.clock.now() - schedule.intervalMs);
    this.#unwatchOutside =
      outside === undefined || outside.aborted ? () => {} : onAbort(outside, () => this.stop());
    if (outside?.aborted) this.stop();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  heartbeat(details?: unknown): void {
    const encoded = this.#host.encodeDetails(details);
    if (encoded !== null) this.#heartbeater.setDetails(encoded);
  }

  stop(): void {
    this.#unwatchOutside();
    this.#heartbeater.stop();
  }

  onHeartbeatEvent(event: ActivityEvent): void {
    this.#host.emit(event);
  }

  onCancelRequested(): void {
    this.#host.emit({ type: 'cancelRequested', task: this.task });
    this.#controller.abort(new ActivityCancelledError());
  }

  onTaskGone(cause: unknown): void {
    this.stop();
    this.#host.emit({ type: 'taskGone', task: this.task, during: 'heartbeat', error: cause });
    this.#controller.abort(new TaskGoneError(undefined, { cause }));
  }
}

function withFunction(value: unknown, name: string): void {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function`);
}
