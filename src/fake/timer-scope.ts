import type { Clock, ClockTimer } from '../clock/clock.js';

interface ScopedTimer {
  readonly due: number;
  readonly sequence: number;
  readonly callback: () => void;
  inner: ClockTimer | undefined;
  /** Fired or cancelled. */
  done: boolean;
}

/**
 * A clock that remembers the timers set through it, so that closing the fake cancels every
 * one of them and leaves no handle behind, and so that timers overdue when a call arrives fire
 * before the call is served (see {@link TimerScope.fireOverdue}).
 */
export class TimerScope implements Clock {
  readonly #live = new Set<ScopedTimer>();
  /** The live timers by due time (then sequence); fired and cancelled ones are dropped lazily. */
  readonly #heap: ScopedTimer[] = [];
  #sequence = 0;
  /** While a timer's callback runs: the time it fell due, which is what the callback records. */
  #firingAt: number | undefined;

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.#firingAt ?? this.clock.now();
  }

  setTimer(callback: () => void, delayMs: number): ClockTimer {
    const timer: ScopedTimer = {
      due: this.now() + Math.max(0, delayMs),
      sequence: this.#sequence++,
      callback,
      inner: undefined,
      done: false,
    };
    timer.inner = this.clock.setTimer(() => this.#fire(timer), delayMs);
    this.#live.add(timer);
    this.#push(timer);
    return { cancel: () => this.#finish(timer) };
  }

  /** How many timers are waiting. */
  get size(): number {
    return this.#live.size;
  }

  /**
   * Fires, in order of due time, every waiting timer whose time has come but whose callback has
   * not run yet. On the system clock a busy event loop delays timers: a heartbeat that reaches
   * the service after the task's heartbeat timeout must find the task timed out, as it would
   * on SWF, whose clock does not wait for the caller's event loop.
   */
  fireOverdue(): void {
    for (;;) {
      const next = this.#peek();
      if (next === undefined || next.due > this.clock.now()) return;
      this.#fire(next);
    }
  }

  /** Cancels every waiting timer. */
  cancelAll(): void {
    for (const timer of [...this.#live]) this.#finish(timer);
    this.#heap.length = 0;
  }

  /**
   * Runs a timer's callback at the time it fell due: a timer the event loop delayed records
   * its events at that time, not later.
   */
  #fire(timer: ScopedTimer): void {
    if (timer.done) return;
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
    if (timer.done) return;
    timer.done = true;
    timer.inner?.cancel();
    this.#live.delete(timer);
  }

  #peek(): ScopedTimer | undefined {
    while (this.#heap[0]?.done) this.#pop();
    return this.#heap[0];
  }

  #push(timer: ScopedTimer): void {
    const heap = this.#heap;
    if (heap.length >= 64 && heap.length > 4 * this.#live.size) {
      // Mostly cancelled timers (re-armed heartbeat timeouts): rebuild from the live ones.
      const live = heap.filter((entry) => !entry.done).sort((a, b) => (before(a, b) ? -1 : 1));
      heap.length = 0;
      heap.push(...live);
    }
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent] as ScopedTimer;
      if (!before(timer, above)) break;
      heap[index] = above;
      heap[parent] = timer;
      index = parent;
    }
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && before(heap[left] as ScopedTimer, heap[smallest] as ScopedTimer)) {
        smallest = left;
      }
      if (
        right < heap.length &&
        before(heap[right] as ScopedTimer, heap[smallest] as ScopedTimer)
      ) {
        smallest = right;
      }
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest] as ScopedTimer, heap[index] as ScopedTimer];
      index = smallest;
    }
  }
}

function before(a: ScopedTimer, b: ScopedTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.sequence < b.sequence);
}
