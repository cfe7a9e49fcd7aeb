import type { Clock, ClockTimer } from '../clock/clock.js';
import { type HeapTimer, TimerHeap } from '../clock/timer-heap.js';

interface ScopedTimer extends HeapTimer {
  readonly callback: () => void;
  inner: ClockTimer | undefined;
}

/**
 * A clock that remembers the timers set through it, so that closing the fake cancels every
 * one of them and leaves no handle behind, and so that timers overdue when a call arrives fire
 * before the call is served (see {@link TimerScope.fireOverdue}).
 */
export class TimerScope implements Clock {
  /** The waiting timers by due time (then sequence). */
  readonly #heap = new TimerHeap<ScopedTimer>();
  /** While a timer's callback runs: the time it fell due, which is what the callback records. */
  #firingAt: number | undefined;

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.#firingAt ?? this.clock.now();
  }

  setTimer(callback: () => void, delayMs: number): ClockTimer {
    const timer: ScopedTimer = {
      due: this.now() + Math.max(0, delayMs),
      sequence: this.#heap.nextSequence(),
      callback,
      inner: undefined,
      heapIndex: -1,
    };
    timer.inner = this.clock.setTimer(() => this.#fire(timer), delayMs);
    this.#heap.push(timer);
    return { cancel: () => this.#finish(timer) };
  }

  /** How many timers are waiting. */
  get size(): number {
    return this.#heap.size;
  }

  /**
   * Fires, in order of due time, every waiting timer whose time has come but whose callback has
   * not run yet. On the system clock a busy event loop delays timers: a heartbeat that reaches
   * the service after the task's heartbeat timeout must find the task timed out, as it would
   * on SWF, whose clock does not wait for the caller's event loop.
   */
  fireOverdue(): void {
    for (;;) {
      const next = this.#heap.peek();
      if (next === undefined || next.due > this.clock.now()) return;
      this.#fire(next);
    }
  }

  /** Cancels every waiting timer. */
  cancelAll(): void {
    for (let timer = this.#heap.pop(); timer !== undefined; timer = this.#heap.pop()) {
      timer.inner?.cancel();
    }
  }

  /**
   * Runs a timer's callback at the time it fell due: a timer the event loop delayed records
   * its events at that time, not later.
   */
  #fire(timer: ScopedTimer): void {
    if (!this.#heap.has(timer)) return;
    this.#finish(timer);
    const outer = this.#firingAt;
    this.#firingAt = Math.min(timer.due, this.clock.now());
    try {
      timer.callback();
    } finally {
      this.#firingAt = outer;
    }
  }

  #finish(timer: ScopedTimer): void {
    if (!this.#heap.has(timer)) return;
    this.#heap.cancel(timer);
    timer.inner?.cancel();
  }
}
