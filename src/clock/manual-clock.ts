import { performance } from 'node:perf_hooks';
import type { Clock, ClockTimer } from './clock.js';
import { type HeapTimer, TimerHeap } from './timer-heap.js';

interface PendingTimer extends HeapTimer {
  readonly callback: () => void;
}

/** Options of {@link ManualClock}. */
export interface ManualClockOptions {
  /** The time the clock starts at, in epoch milliseconds. Default: `Date.UTC(2026, 0, 1)`. */
  readonly start?: number;
  /**
   * How many turns of the event loop {@link ManualClock.settle} lets pass so that the work a
   * timer set off (requests, responses, promise chains) is done before the next timer fires.
   * Default: 20.
   */
  readonly settleTurns?: number;
}

let manualClocksCreated = false;

/** Options of {@link ManualClock.advanceUntil}. */
export interface AdvanceUntilOptions {
  /** How far each step moves the clock, in ms. Default: 1,000. */
  readonly stepMs?: number;
  /** How far the clock may move before giving up, in ms. Default: one hour. */
  readonly maxMs?: number;
}

/**
 * A clock that only moves when a test moves it.
 *
 * Share one instance between the fake SWF service and the worker under test, then
 * `await clock.advance(ms)`: every timer due in that span fires in order, at its own time, and
 * the work it sets off settles before the next one fires. An hour of heartbeats takes
 * milliseconds and no test sleeps.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const fake = new FakeSwf({ clock });
 * // ... start a worker with { clock } ...
 * await clock.advance(60 * 60_000); // one simulated hour
 * ```
 */
export class ManualClock implements Clock {
  #now: number;
  readonly #heap = new TimerHeap<PendingTimer>();
  readonly #settleTurns: number;

  constructor(options: ManualClockOptions = {}) {
    manualClocksCreated = true;
    this.#now = options.start ?? Date.UTC(2026, 0, 1);
    this.#settleTurns = options.settleTurns ?? 20;
  }

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, delayMs: number): ClockTimer {
    const timer: PendingTimer = {
      due: this.#now + Math.max(0, delayMs),
      sequence: this.#heap.nextSequence(),
      callback,
      heapIndex: -1,
    };
    this.#heap.push(timer);
    return { cancel: () => this.#heap.cancel(timer) };
  }

  /** How many timers are still waiting to fire. */
  get pendingTimers(): number {
    return this.#heap.size;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, in order of due
   * time (then of scheduling), each at its own instant, and letting the work it starts settle
   * before the next fires.
   */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`ManualClock.advance: ms must be a finite number >= 0, got ${ms}`);
    }
    const target = this.#now + ms;
    await this.settle();
    for (;;) {
      const next = this.#heap.peek();
      if (next === undefined || next.due > target) break;
      this.#heap.pop();
      this.#now = Math.max(this.#now, next.due);
      next.callback();
      await this.settle();
    }
    this.#now = target;
    await this.settle();
  }

  /**
   * Moves time forward in steps of `stepMs` until `promise` settles, and settles as it does:
   * for what ends only as time passes, such as a worker's shutdown (its waiting poll, its
   * grace and its handlers' ends all fall due on this clock, so awaiting it alone would wait
   * forever). Rejects if `maxMs` of clock time pass first.
   *
   * @example
   * ```ts
   * await clock.advanceUntil(worker.shutdown());
   * ```
   */
  async advanceUntil<T>(
    promise: Promise<T>,
    { stepMs = 1_000, maxMs = 60 * 60_000 }: AdvanceUntilOptions = {},
  ): Promise<T> {
    if (!(stepMs > 0 && Number.isFinite(stepMs)) || !(maxMs >= 0)) {
      throw new RangeError(
        `ManualClock.advanceUntil: stepMs must be a finite number > 0 and maxMs >= 0, got ${stepMs} and ${maxMs}`,
      );
    }
    let settled = false;
    const watched = promise.finally(() => {
      settled = true;
    });
    await this.settle();
    for (let elapsed = 0; !settled && elapsed < maxMs; elapsed += stepMs) {
      await this.advance(Math.min(stepMs, maxMs - elapsed));
    }
    if (!settled) {
      // Observe the promise, so that a later rejection is not reported as unhandled.
      watched.catch(() => {});
      throw new Error(
        `ManualClock.advanceUntil: still pending after ${maxMs} ms of clock time; what it waits for is not on this clock, or takes longer (maxMs)`,
      );
    }
    return watched;
  }

  /** Moves time to the next due timer, fires it and settles. Returns false if none is waiting. */
  async next(): Promise<boolean> {
    await this.settle();
    const next = this.#heap.peek();
    if (next === undefined) return false;
    await this.advance(Math.max(0, next.due - this.#now));
    return true;
  }

  /**
   * Lets pending promise chains and I/O callbacks run without moving time: a few turns of the
   * event loop, and as many more as it takes for file reads in flight to finish (the AWS SDK
   * reads its configuration files on a client's first call), up to a second of real time.
   */
  async settle(): Promise<void> {
    const giveUpAt = performance.now() + MAX_IO_WAIT_MS;
    do {
      for (let turn = 0; turn < this.#settleTurns; turn++) {
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } while (fileReadsInFlight() && performance.now() < giveUpAt);
  }
}

/** Whether a {@link ManualClock} was created in this process: a test, most likely. */
export function manualClockInUse(): boolean {
  return manualClocksCreated;
}

/** How long {@link ManualClock.settle} waits at most for file reads in flight. */
const MAX_IO_WAIT_MS = 1000;

/** Whether the process waits on file system requests. */
function fileReadsInFlight(): boolean {
  return process.getActiveResourcesInfo().some((resource) => resource.startsWith('FSReq'));
}
