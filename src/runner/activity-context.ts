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
 * async handler(input: { url: string }, ctx) {
 *   const response = await fetch(input.url, { signal: ctx.signal }); // stops with the task
 *   let bytes = 0;
 *   for await (const chunk of response.body ?? []) {
 *     bytes += chunk.length;
 *     ctx.heartbeat({ bytes }); // coalesced: call it as often as you like
 *   }
 *   ctx.logger.info({ bytes }, 'downloaded');
 *   return { bytes };
 * }
 * ```
 */
export interface ActivityContext<Details = unknown> {
  /**
   * Aborts when the handler should stop; `signal.reason` says why: an
   * {@link ActivityCancelledError} (a decider asked to cancel), a {@link TaskGoneError}
   * (SWF timed the task out or closed it), a {@link DeadlineExceededError} (the start-to-close
   * timeout ran out) or a {@link WorkerShutdownError}. Pass it to `fetch`, streams and timers.
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
}

/** What the runner gives {@link createActivityContext}. */
export interface ActivityContextParts<Details> {
  readonly task: ActivityTaskInfo;
  readonly signal: AbortSignal;
  readonly timeouts: EffectiveTimeouts;
  /** The logger, or how to make it the first time the handler reads it. */
  readonly logger: Logger | { readonly make: () => Logger };
  readonly clock: Clock;
  readonly heartbeat: (details?: Details) => void;
}

/** Builds a handler's context. */
export function createActivityContext<Details>(
  parts: ActivityContextParts<Details>,
): ActivityContext<Details> {
  return new TaskContext(parts);
}

/**
 * A handler's context. A class, so that thousands of contexts in flight share their shape and
 * the logger getter; `heartbeat` and `sleep` are own functions, so that a handler may
 * destructure them.
 */
class TaskContext<Details> implements ActivityContext<Details> {
  readonly signal: AbortSignal;
  readonly task: ActivityTaskInfo;
  readonly timeouts: EffectiveTimeouts;
  readonly heartbeat: (details?: Details) => void;
  readonly sleep: (ms: number) => Promise<void>;
  #logger: Logger | undefined;
  readonly #makeLogger: (() => Logger) | undefined;

  constructor(parts: ActivityContextParts<Details>) {
    const { clock, signal } = parts;
    this.signal = signal;
    this.task = parts.task;
    this.timeouts = parts.timeouts;
    this.heartbeat = parts.heartbeat;
    this.sleep = (ms) => sleep(clock, ms, signal);
    const { logger } = parts;
    if ('make' in logger && typeof logger.make === 'function') this.#makeLogger = logger.make;
    else this.#logger = logger as Logger;
  }

  get logger(): Logger {
    this.#logger ??= (this.#makeLogger as () => Logger)();
    return this.#logger;
  }
}
