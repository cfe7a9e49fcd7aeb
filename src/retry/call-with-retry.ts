import pRetry from 'p-retry';
import { type Clock, sleep } from '../clock/clock.js';
import { classifySwfError, type SwfErrorKind } from './classify-error.js';

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
  /**
   * The time (on `clock`) by which the call must be done: no try starts after it, and a try
   * still running then is abandoned, SDK retries and all.
   */
  readonly deadline: number;
  /**
   * Stops retrying: no try starts and no back-off waits after it aborts (the call rejects with
   * its reason). A try already sent is left to finish, so that its answer is known.
   */
  readonly signal?: AbortSignal;
  /** The first back-off, doubled each retry, with jitter. Default 200 ms (1 s when throttled). */
  readonly minDelayMs?: number;
  /** The longest back-off. Default 5 s. */
  readonly maxDelayMs?: number;
  /** Called before each retry's wait. */
  readonly onRetry?: (notice: RetryNotice) => void;
  /** Awaited before each retry's wait, for work that must not overlap the tries. */
  readonly beforeWait?: (notice: RetryNotice) => Promise<void>;
}

/** What a successful call returns. */
export interface CallResult<Output> {
  readonly output: Output;
  /** Which try succeeded (1 for the first). */
  readonly attempt: number;
  /** When that try was sent: the service saw it at this time or later. */
  readonly sentAt: number;
}

/** A failed retry, wrapped so that p-retry leaves every decision to retry to {@link backOff}. */
class FailedTry extends Error {
  constructor(
    readonly error: unknown,
    readonly attempt: number,
  ) {
    super('try failed');
  }
}

/**
 * Calls `send` until it succeeds, retrying throttling and transient errors with jittered
 * exponential back-off on `clock`, and giving up at `deadline`. Each try gets an AbortSignal
 * that fires when its time is up (half the time left, at least a second, never past the
 * deadline): pass it to `client.send` so the SDK's own retries cannot run past the deadline
 * either. Rejects with the last error (a {@link TryTimeoutError} if time ran out).
 *
 * The first try goes out directly, so that the usual case, a call that succeeds at once, costs
 * no more than the call itself; p-retry drives the retries, whose waits run on `clock`.
 */
export async function callWithRetry<Output>(
  send: (signal: AbortSignal) => Promise<Output>,
  options: CallWithRetryOptions,
): Promise<CallResult<Output>> {
  const { clock, deadline } = options;
  const firstSentAt = clock.now();
  try {
    return {
      output: await tryOnce(send, clock, firstSentAt, deadline),
      attempt: 1,
      sentAt: firstSentAt,
    };
  } catch (error) {
    await backOff(error, 1, options);
  }
  try {
    return await pRetry(
      async (retry) => {
        const attempt = retry + 1;
        const sentAt = clock.now();
        try {
          return { output: await tryOnce(send, clock, sentAt, deadline), attempt, sentAt };
        } catch (error) {
          throw new FailedTry(error, attempt);
        }
      },
      {
        retries: Number.POSITIVE_INFINITY,
        // No wait of p-retry's own: backOff waits on the clock.
        minTimeout: 0,
        maxTimeout: 0,
        onFailedAttempt: ({ error }) =>
          error instanceof FailedTry
            ? backOff(error.error, error.attempt, options)
            : Promise.reject(error),
      },
    );
  } catch (error) {
    throw error instanceof FailedTry ? error.error : error;
  }
}

/**
 * After try `attempt` failed with `error`: rethrows it unless it is worth retrying and time is
 * left, else waits the jittered back-off (half to all of 200 ms, or 1 s when throttled, doubled
 * each try, at most `maxDelayMs`).
 */
async function backOff(
  error: unknown,
  attempt: number,
  options: CallWithRetryOptions,
): Promise<void> {
  const { clock, deadline, signal } = options;
  signal?.throwIfAborted();
  const kind = classifySwfError(error);
  if (kind !== 'throttled' && kind !== 'transient') throw error;
  const base = (options.minDelayMs ?? (kind === 'throttled' ? 1000 : 200)) * 2 ** (attempt - 1);
  const capped = Math.min(options.maxDelayMs ?? 5000, base);
  const delayMs = Math.round(capped / 2 + Math.random() * (capped / 2));
  if (clock.now() + delayMs >= deadline) throw error;
  const notice = { attempt, delayMs, error, kind };
  options.onRetry?.(notice);
  await options.beforeWait?.(notice);
  await sleep(clock, delayMs, signal);
}

/**
 * One try: `send` with a signal that aborts when the try's time is up, which rejects the try
 * with a {@link TryTimeoutError} at once, whatever the SDK does with the abort.
 */
function tryOnce<Output>(
  send: (signal: AbortSignal) => Promise<Output>,
  clock: Clock,
  now: number,
  deadline: number,
): Promise<Output> {
  const left = deadline - now;
  if (left <= 0) return Promise.reject(new TryTimeoutError('No time was left for another try'));
  const tryMs = Math.min(left, Math.max(1000, left / 2));
  const controller = new AbortController();
  return new Promise<Output>((resolve, reject) => {
    const timer = clock.setTimer(() => {
      const reason = new TryTimeoutError(`The try got no answer within ${Math.round(tryMs)} ms`);
      reject(reason);
      controller.abort(reason);
    }, tryMs);
    const settle = (): void => timer.cancel();
    let sent: Promise<Output>;
    try {
      sent = send(controller.signal);
    } catch (error) {
      settle();
      reject(error);
      return;
    }
    sent.then(
      (output) => {
        settle();
        resolve(output);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}
