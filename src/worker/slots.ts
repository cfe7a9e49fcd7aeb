import { WaitQueue } from '../wait/wait-queue.js';

/**
 * A counting semaphore: at most `size` holders at once; waiters are served in order, each
 * leaving the line if its signal aborts.
 */
export class Slots {
  #free: number;
  readonly #waiting = new WaitQueue();

  constructor(readonly size: number) {
    this.#free = size;
  }

  /** Slots in use. */
  get used(): number {
    return this.size - this.#free;
  }

  /** Resolves with a slot; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#free > 0) {
      this.#free -= 1;
      return Promise.resolve();
    }
    return this.#waiting.wait(signal);
  }

  /** Gives a slot back: to the first waiter, or to the pool. */
  release(): void {
    if (!this.#waiting.grant()) this.#free += 1;
  }
}
