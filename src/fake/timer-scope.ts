import type { Clock, ClockTimer } from '../clock/clock.js';

/**
 * A clock that remembers the timers set through it, so that closing the fake cancels every
 * one of them and leaves no handle behind.
 */
export class TimerScope implements Clock {
  readonly #live = new Set<ClockTimer>();

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  setTimer(callback: () => void, delayMs: number): ClockTimer {
    const handle: ClockTimer = {
      cancel: () => {
        this.#live.delete(handle);
        inner.cancel();
      },
    };
    const inner = this.clock.setTimer(() => {
      this.#live.delete(handle);
      callback();
    }, delayMs);
    this.#live.add(handle);
    return handle;
  }

  /** How many timers are waiting. */
  get size(): number {
    return this.#live.size;
  }

  /** Cancels every waiting timer. */
  cancelAll(): void {
    for (const handle of [...this.#live]) handle.cancel();
  }
}
