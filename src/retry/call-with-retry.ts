import type { Clock } from '../clock/clock.js';
import { backoffDelay, type RandomSource } from './backoff.js';
import { classifySwfError, type SwfErrorKind } from './classify-error.js';
import { type TryListener, TrySequence } from './try-sequence.js';
import type { TrySignal } from './try-signal.js';

/** A try that ran out of the time it was given. Classified as transient. */
export class TryTimeoutError extends Error {
  override readonly name = 'TryTimeoutError';
}

/** What a retry is told before it waits. */
export interface RetryNotice {
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
  readonly kind: SwfErrorKind;
}

/** Options of {@link callWithRetry}. */
export interface CallWithRetryOptions {
  readonly clock: Clock;
  /** Jitter of the back-off. */
  readonly random: RandomSource;
  /**
   * The time (on `clock`) by which the call must be done: no try starts after it, and a try
   * still running then is abandoned, SDK retries and all.
   */
  readonly deadline: number;
  /**
   * How long one try may wait for its answer, asked before each try (a try of a heartbeat or
   * a response must leave time for another before the task's heartbeat deadline). Default:
   * half the time left, at least a second. Never past `deadline`.
   */
  readonly tryTimeoutMs?: (now: number) => number;
  /**
   * Stops the call: the try in flight is abandoned (its request aborted), and no try starts
   * and no back-off waits after it aborts. The call rejects with its reason.
   */
  readonly signal?: AbortSignal;
  /**
   * The sequence the tries and back-off waits run in, for a caller that stops the call itself
   * ({@link TrySequence.stop}, like an aborted `signal`) rather than through a signal of its
   * own. Default: a new one.
   */
  readonly tries?: TrySequence;
  /**
   * The first back-off, doubled each retry, with jitter; after a network error, never more than
   * half the time left before `deadline`. Default 200 ms (1 s when throttled).
   */
  readonly minDelayMs?: number;
  /** The longest back-off. Default 5 s. */
  readonly maxDelayMs?: number;
  /** Called before each retry's wait. */
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** What a successful call returns. */
export interface CallResult<Output> {
  readonly output: Output;
  /** Which try succeeded (1 for the first). */
  readonly attempt: number;
  /** When that try was sent: the service saw it at this time or later. */
  readonly sentAt: number;
}

/**
 * Calls `send` until it succeeds, retrying throttling and transient errors with jittered
 * exponential back-off on `clock`, and giving up at `deadline`. Each try gets a
 * {@link TrySignal} that aborts when its time is up (see
 * {@link CallWithRetryOptions.tryTimeoutMs}): pass it to `client.send` so the SDK's own retries
 * cannot run past it either; a black-holed connection then costs one try, not the call.
 * Rejects with the last error (a {@link TryTimeoutError} if time ran out), or with the reason
 * the call was stopped.
 */
export function callWithRetry<Output>(
  send: (signal: TrySignal) => Promise<Output>,
  options: CallWithRetryOptions,
): Promise<CallResult<Output>> {
  return new Promise((resolve, reject) => {
    new RetriedCall(send, options, resolve, reject).sendTry();
  });
}

/**
 * A call in progress: its tries and the waits between them, as an object that hears each
 * try's end rather than an `async` loop. A call is in flight for as long as the network takes
 * (thousands may be), and a suspended frame holds more than this object does.
 */
class RetriedCall<Output> implements TryListener<Output> {
  readonly #send: (signal: TrySignal) => Promise<Output>;
  readonly #options: CallWithRetryOptions;
  readonly #tries: TrySequence;
  readonly #resolve: (result: CallResult<Output>) => void;
  readonly #reject: (error: unknown) => void;
  readonly #stopWatching: (() => void) | undefined;
  #attempt = 0;
  #sentAt = 0;

  constructor(
    send: (signal: TrySignal) => Promise<Output>,
    options: CallWithRetryOptions,
    resolve: (result: CallResult<Output>) => void,
    reject: (error: unknown) => void,
  ) {
    this.#send = send;
    this.#options = options;
    this.#resolve = resolve;
    this.#reject = reject;
    const tries = options.tries ?? new TrySequence(options.clock);
    this.#tries = tries;
    this.#stopWatching = options.signal === undefined ? undefined : tries.stopOn(options.signal);
  }

  /** Sends the next try, given the time left before the deadline. */
  sendTry(): void {
    const { clock, deadline, tryTimeoutMs } = this.#options;
    this.#attempt += 1;
    const sentAt = clock.now();
    this.#sentAt = sentAt;
    const left = deadline - sentAt;
    if (left <= 0) {
      this.onError(new TryTimeoutError('No time was left for another try'));
      return;
    }
    const tryMs = Math.min(left, tryTimeoutMs?.(sentAt) ?? defaultTryTimeout(left));
    this.#tries.startTry(this.#send, tryMs, tryTimedOut, this);
  }

  onAnswer(output: Output): void {
    this.#stopWatching?.();
    this.#resolve({ output, attempt: this.#attempt, sentAt: this.#sentAt });
  }

  /** A try failed: the call waits and tries again, or ends with the error. */
  onError(error: unknown): void {
    const tries = this.#tries;
    if (tries.stopped) {
      this.#fail(tries.reason);
      return;
    }
    const options = this.#options;
    const kind = classifySwfError(error);
    if (kind !== 'throttled' && kind !== 'transient') {
      this.#fail(error);
      return;
    }
    const attempt = this.#attempt;
    const backoff = backoffDelay(
      attempt,
      {
        minMs: options.minDelayMs ?? (kind === 'throttled' ? 1000 : 200),
        maxMs: options.maxDelayMs ?? 5000,
      },
      options.random,
    );
    // Near the deadline the back-off after a network error shrinks to half the time left,
    // so that a try still goes out before it: after a blip, the first try that can get
    // through comes at most half the remaining time late. It is also at most half the
    // caller's next try, which shrinks near a deadline of the caller's own (a response
    // near the task's heartbeat deadline). Throttling keeps its back-off: trying sooner
    // would only add to the load SWF is refusing.
    const now = options.clock.now();
    const left = options.deadline - now;
    const delayMs =
      kind === 'transient'
        ? Math.min(left / 2, backoff, (options.tryTimeoutMs?.(now) ?? left) / 2)
        : backoff;
    if (left - delayMs < MIN_TRY_MS) {
      this.#fail(error);
      return;
    }
    try {
      options.onRetry?.({ attempt, delayMs, error, kind });
    } catch (thrown) {
      this.#fail(thrown);
      return;
    }
    tries.pause(delayMs).then(
      () => this.sendTry(),
      (reason: unknown) => this.#fail(reason),
    );
  }

  #fail(error: unknown): void {
    this.#stopWatching?.();
    this.#reject(error);
  }
}

/** A try that got no answer within its `timeoutMs`. */
const tryTimedOut = (timeoutMs: number): TryTimeoutError =>
  new TryTimeoutError(`The try got no answer within ${Math.round(timeoutMs)} ms`);

/** The least time a try is given: with less left before the deadline, the call gives up. */
const MIN_TRY_MS = 100;

/** Half the time left, at least a second. */
const defaultTryTimeout = (left: number): number => Math.max(1000, left / 2);
