import { onAbort } from './abort-fanout.js';

/**
 * Waits for something to happen (`start` is given the function that ends the wait and
 * returns how to cancel what it started), or rejects with `signal.reason` as soon as `signal`
 * aborts. On either end, whatever the other side set up is removed: the timer cancelled, the
 * signal no longer watched.
 *
 * @example
 * ```ts
 * // sleep: a timer, abortable
 * await abortableWait(signal, (done) => {
 *   const timer = clock.setTimer(done, ms);
 *   return () => timer.cancel();
 * });
 * ```
 */
export function abortableWait(
  signal: AbortSignal | undefined,
  start: (done: () => void) => () => void,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    let unwatch: (() => void) | undefined;
    let ended = false;
    const cancel = start(() => {
      if (ended) return;
      ended = true;
      unwatch?.();
      resolve();
    });
    if (ended) return;
    if (signal !== undefined) {
      unwatch = onAbort(signal, () => {
        if (ended) return;
        ended = true;
        cancel();
        reject(signal.reason);
      });
    }
  });
}

interface Waiter {
  readonly rank: number;
  readonly sequence: number;
  grant: () => void;
}

/**
 * Callers waiting their turn: each {@link WaitQueue.wait} resolves when {@link WaitQueue.grant}
 * reaches it, lowest rank first, then first come (all ranks equal: first in, first out), or
 * rejects when its signal aborts, leaving the line. The one abortable queue of the package:
 * heartbeat budget, task slots.
 */
export class WaitQueue {
  readonly #waiters: Waiter[] = [];
  #sequence = 0;

  /** Callers waiting. */
  get size(): number {
    return this.#waiters.length;
  }

  /**
   * Waits for a grant; `rank` orders the line (lower first; default 0). Rejects with the
   * signal's reason if it aborts first.
   */
  wait(signal?: AbortSignal, rank = 0): Promise<void> {
    return abortableWait(signal, (done) => {
      const waiter: Waiter = { rank, sequence: this.#sequence++, grant: done };
      this.#enqueue(waiter);
      return () => this.#remove(waiter);
    });
  }

  /** Ends the wait of the first in line; false when nobody waits. */
  grant(): boolean {
    const first = this.#waiters.shift();
    first?.grant();
    return first !== undefined;
  }

  #enqueue(waiter: Waiter): void {
    const line = this.#waiters;
    let index = line.length;
    while (index > 0 && (line[index - 1] as Waiter).rank > waiter.rank) index -= 1;
    line.splice(index, 0, waiter);
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index >= 0) this.#waiters.splice(index, 1);
  }
}
