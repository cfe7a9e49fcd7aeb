/**
 * A source of time and timers.
 *
 * Everything in this package that waits (heartbeat schedules, long polls, activity timeouts,
 * retry back-off) asks a `Clock`, never the global timers, so that a test can swap in a
 * {@link swf-activity-worker/fake!ManualClock} and jump hours ahead in milliseconds.
 */
export interface Clock {
  /** The current time, in milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Calls `callback` once, `delayMs` milliseconds from now (at once for zero or less).
   * @returns a handle whose `cancel()` stops the call if it has not happened yet.
   */
  setTimer(callback: () => void, delayMs: number): ClockTimer;
}

/** A pending call scheduled with {@link Clock.setTimer}. */
export interface ClockTimer {
  /** Stops the call if it has not happened yet; harmless afterwards. */
  cancel(): void;
}

/** The largest delay `setTimeout` accepts; longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A timer of the system clock. A class, not closures: a worker keeps a few per task in flight,
 * and thousands of tasks may be in flight.
 */
class SystemTimer implements ClockTimer {
  #handle: ReturnType<typeof setTimeout>;

  constructor(
    private readonly callback: () => void,
    delayMs: number,
  ) {
    this.#handle = this.#arm(Date.now() + Math.max(0, delayMs));
  }

  cancel(): void {
    clearTimeout(this.#handle);
  }

  #arm(due: number): ReturnType<typeof setTimeout> {
    const remaining = due - Date.now();
    if (remaining > MAX_TIMEOUT_MS) {
      return setTimeout(() => {
        this.#handle = this.#arm(due);
      }, MAX_TIMEOUT_MS);
    }
    return setTimeout(this.callback, Math.max(0, remaining));
  }
}

/** The real clock: `Date.now()` and the platform's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => new SystemTimer(callback, delayMs),
};

/**
 * Resolves after `delayMs` on `clock`, or rejects with `signal.reason` as soon as `signal` aborts.
 * The timer and the listener are always removed.
 */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(signal?.reason);
    };
    const timer = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
