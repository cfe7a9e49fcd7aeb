import { abortableWait } from '../wait/wait-queue.js';
import { type HeapTimer, TimerHeap } from './timer-heap.js';

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
 * A timer of the system clock: one small object, kept in the clock's heap. The clock holds a
 * single platform timeout, for the timer due first: a worker keeps a few timers per task in
 * flight, thousands of tasks may be in flight, and a platform timeout weighs several times
 * more.
 */
class SystemTimer implements HeapTimer, ClockTimer {
  heapIndex = -1;

  constructor(
    readonly owner: SystemClock,
    readonly due: number,
    readonly sequence: number,
    readonly callback: () => void,
  ) {}

  cancel(): void {
    this.owner.cancel(this);
  }
}

/**
 * The real clock: `Date.now()` and the platform's timers. Its timers live in a heap of its
 * own, fired by one platform timeout at a time; each worker makes one, so that nothing is
 * shared between workers behind their backs.
 */
export class SystemClock implements Clock {
  readonly #heap = new TimerHeap<SystemTimer>();
  #timeout: ReturnType<typeof setTimeout> | undefined;
  #armedFor = Number.POSITIVE_INFINITY;

  now(): number {
    return Date.now();
  }

  setTimer(callback: () => void, delayMs: number): ClockTimer {
    const timer = new SystemTimer(
      this,
      Date.now() + Math.max(0, delayMs),
      this.#heap.nextSequence(),
      callback,
    );
    this.#heap.push(timer);
    if (timer.due < this.#armedFor) this.#arm();
    return timer;
  }

  /** Cancels `timer`, one of this clock's. */
  cancel(timer: SystemTimer): void {
    this.#heap.cancel(timer);
    // With nothing left to wait for, hold no timeout: it would keep the process alive.
    if (this.#heap.size === 0) this.#disarm();
  }

  #arm(): void {
    this.#disarm();
    const first = this.#heap.peek();
    if (first === undefined) return;
    this.#armedFor = first.due;
    this.#timeout = setTimeout(
      () => this.#fire(),
      Math.min(MAX_TIMEOUT_MS, Math.max(0, first.due - Date.now())),
    );
  }

  #disarm(): void {
    if (this.#timeout !== undefined) clearTimeout(this.#timeout);
    this.#timeout = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }

  /** Fires every timer due, in order; a callback that throws does not keep the others back. */
  #fire(): void {
    this.#timeout = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const due: SystemTimer[] = [];
    for (
      let next = this.#heap.peek();
      next !== undefined && next.due <= now;
      next = this.#heap.peek()
    ) {
      due.push(this.#heap.pop() as SystemTimer);
    }
    this.#arm();
    for (const timer of due) {
      try {
        timer.callback();
      } catch (error) {
        // As with a platform timer: the error is uncaught, reported on its own.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/**
 * The real clock: `Date.now()` and the platform's timers. Workers and `runActivityTask` make a
 * system clock of their own when given none; this one is for your own code (a
 * {@link HeartbeatBudget} shared by several workers, say).
 */
export const systemClock: Clock = new SystemClock();

/**
 * Resolves after `delayMs` on `clock`, or rejects with `signal.reason` as soon as `signal` aborts.
 * The timer and the watch on the signal are always removed; any number of sleeps may share
 * one signal.
 */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  return abortableWait(signal, (done) => {
    const timer = clock.setTimer(done, delayMs);
    return () => timer.cancel();
  });
}
