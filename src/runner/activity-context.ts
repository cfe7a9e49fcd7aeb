import { type Clock, sleep } from '../clock/clock.js';
import type { Logger } from '../logger.js';
import type { EffectiveTimeouts } from '../timeouts/timeout-resolver.js';
import type { ActivityTaskInfo } from './activity-task-info.js';

/**
 * What a handler gets besides its input: the task, a signal that says when to stop and why,
 * and a way to report progress.
 *
 * @example
 * ```ts
 * const download = defineActivity({
 *   name: 'download',
 *   version: '1',
 *   async handler(input: { url: string }, ctx) {
 *     ctx.logger.info({ url: input.url }, 'downloading');
 *     const response = await fetch(input.url, { signal: ctx.signal });
 *     ctx.heartbeat({ status: response.status });
 *     return { bytes: (await response.arrayBuffer()).byteLength };
 *   },
 * });
 * ```
 */
export interface ActivityContext<Details = unknown> {
  /**
   * Aborts when the handler should stop; `signal.reason` says why: an
   * {@link ActivityCancelledError} (a decider asked to cancel), a {@link TaskGoneError}
   * (SWF timed the task out or closed it, or no heartbeat got through for a whole heartbeat
   * timeout: its `cause` says which), a {@link DeadlineExceededError} (the start-to-close
   * timeout is about to run out) or a {@link WorkerShutdownError}. Pass it to `fetch`, streams
   * and timers. A handler that has not settled `abortWaitMs` after the abort
   * is given up on: its task is reported if it still can be, and its slot goes to another.
   */
  readonly signal: AbortSignal;
  /**
   * Records progress. The latest details go to SWF soon (never more often than the minimum
   * heartbeat interval) and are what an `ActivityTaskTimedOut` event carries if the task times
   * out. Never throws. Heartbeats go out on their own even if the handler never calls this.
   */
  heartbeat(details?: Details): void;
  /** The task being run. Its `taskToken` is reachable, but redacted in logs and JSON. */
  readonly task: ActivityTaskInfo;
  /** The timeouts the task runs under, as the worker found them. */
  readonly timeouts: EffectiveTimeouts;
  /** A logger whose lines carry the task's ids. */
  readonly logger: Logger;
  /**
   * Waits `ms` milliseconds on the worker's clock; rejects with `signal.reason` as soon as the
   * signal aborts.
   */
  sleep(ms: number): Promise<void>;
  /**
   * Hands the task off: for work that ends outside this process or much later (a person's
   * approval, a webhook, a batch job). The run ends here without a response: the slot is
   * freed, the automatic heartbeats stop, a `taskHandedOff` event is emitted; whoever holds
   * `ctx.task.taskToken` reports the outcome with an {@link ActivityTaskClient} (and keeps the
   * task alive with its `keepAlive()` if it has a heartbeat timeout). Hand the token on first.
   *
   * It throws a {@link TaskHandedOff} so that the handler ends there: `return ctx.completeLater()`.
   * What the handler does afterwards is ignored. Called after the task was found gone, the
   * task ends gone.
   */
  completeLater(): never;
}

/** What a context reads from the run of its task. */
export interface ActivityContextHost<Details> {
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly clock: Clock;
  heartbeat(details?: Details): void;
  completeLater(): never;
}

/**
 * A handler's context, reading the run of its task. A class rather than an object of closures,
 * since thousands of tasks may be in flight; its functions stay callable when destructured
 * (`const { heartbeat, sleep } = ctx`).
 */
export class TaskContext<Details> implements ActivityContext<Details> {
  readonly #host: ActivityContextHost<Details>;

  constructor(
    readonly task: ActivityTaskInfo,
    readonly timeouts: EffectiveTimeouts,
    host: ActivityContextHost<Details>,
  ) {
    this.#host = host;
  }

  get signal(): AbortSignal {
    return this.#host.signal;
  }

  get logger(): Logger {
    return this.#host.logger;
  }

  get heartbeat(): (details?: Details) => void {
    const host = this.#host;
    return (details) => host.heartbeat(details);
  }

  get sleep(): (ms: number) => Promise<void> {
    const host = this.#host;
    return (ms) => sleep(host.clock, ms, host.signal);
  }

  get completeLater(): () => never {
    const host = this.#host;
    return () => host.completeLater();
  }
}
