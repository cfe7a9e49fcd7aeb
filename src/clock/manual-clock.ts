import type { Clock, ClockTimer } from './clock.js';

interface PendingTimer {
  readonly due: number;
  readonly sequence: number;
  readonly callback: () => void;
  cancelled: boolean;
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
  #sequence = 0;
  readonly #heap: PendingTimer[] = [];
  readonly #settleTurns: number;

  constructor(options: ManualClockOptions = {}) {
    this.#now = options.start ?? Date.UTC(2026, 0, 1);
    this.#settleTurns = options.settleTurns ?? 20;
  }

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, delayMs: number): ClockTimer {
    const timer: PendingTimer = {
      due: this.#now + Math.max(0, delayMs),
      sequence: this.#sequence++,
      callback,
      cancelled: false,
    };
    this.#push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** How many timers are still waiting to fire. */
  get pendingTimers(): number {
    return this.#heap.filter((timer) => !timer.cancelled).length;
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
      const next = this.#peek();
      if (next === undefined || next.due > target) break;
      this.#pop();
      this.#now = Math.max(this.#now, next.due);
      next.callback();
      await this.settle();
    }
    this.#now = target;
    await this.settle();
  }

  /** Moves time to the next due timer, fires it and settles. Returns false if none is waiting. */
  async next(): Promise<boolean> {
    await this.settle();
    const next = this.#peek();
    if (next === undefined) return false;
    await this.advance(Math.max(0, next.due - this.#now));
    return true;
  }

  /**
   * Lets pending promise chains and I/O callbacks run without moving time: a few turns of the
   * event loop.
   */
  async settle(): Promise<void> {
    for (let turn = 0; turn < this.#settleTurns; turn++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  #peek(): PendingTimer | undefined {
    while (this.#heap.length > 0 && this.#heap[0]?.cancelled) this.#pop();
    return this.#heap[0];
  }

  #push(timer: PendingTimer): void {
    const heap = this.#heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index] as PendingTimer, heap[parent] as PendingTimer)) break;
      [heap[index], heap[parent]] = [heap[parent] as PendingTimer, heap[index] as PendingTimer];
      index = parent;
    }
  }

  #pop(): PendingTimer | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (
          left < heap.length &&
          before(heap[left] as PendingTimer, heap[smallest] as PendingTimer)
        )
          smallest = left;
        if (
          right < heap.length &&
          before(heap[right] as PendingTimer, heap[smallest] as PendingTimer)
        )
          smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [
          heap[smallest] as PendingTimer,
          heap[index] as PendingTimer,
        ];
        index = smallest;
      }
    }
    return top;
  }
}

function before(a: PendingTimer, b: PendingTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.sequence < b.sequence);
}
