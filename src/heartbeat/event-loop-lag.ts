import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock/clock.js';

/** A task watched for lag: how to read its heartbeat deadline and whom to tell. */
export interface LagWatchEntry {
  readonly clock: Clock;
  /** The time by which the task's next heartbeat must reach SWF. */
  deadline(): number;
  /** Called when the event loop stalled for `lagMs`, leaving `slackMs` before the deadline (<0: passed). */
  onLag(lagMs: number, slackMs: number): void;
}

/** Options of an {@link EventLoopLagWatch}. */
export interface EventLoopLagWatchOptions {
  /** How often the loop is sampled, in ms. Default 500. */
  readonly sampleMs?: number;
  /** Stalls shorter than this are ignored. Default 200 ms. */
  readonly thresholdMs?: number;
}

/**
 * Measures how late the event loop runs and warns about the tasks whose heartbeat deadline a
 * stall threatens. Node runs heartbeats on the same thread as handlers, so a CPU-bound handler
 * starves every task's heartbeats: move such work to `worker_threads`.
 *
 * Sampling uses a real, unreferenced interval that runs while tasks are watched, and stops at
 * the first sample that finds none: tasks that come and go many times a second do not start
 * and stop a platform timer each.
 */
export class EventLoopLagWatch {
  readonly #entries = new Set<LagWatchEntry>();
  readonly #sampleMs: number;
  readonly #thresholdMs: number;
  #interval: ReturnType<typeof setInterval> | undefined;
  #last = 0;

  constructor(options: EventLoopLagWatchOptions = {}) {
    this.#sampleMs = options.sampleMs ?? 500;
    this.#thresholdMs = options.thresholdMs ?? 200;
  }

  /** Watches a task until {@link EventLoopLagWatch.unwatch}. */
  watch(entry: LagWatchEntry): void {
    this.#entries.add(entry);
    if (this.#interval === undefined) {
      this.#last = performance.now();
      this.#interval = setInterval(() => this.#sample(), this.#sampleMs);
      this.#interval.unref();
    }
  }

  /** Stops watching a task. */
  unwatch(entry: LagWatchEntry): void {
    // A task that ends right after a stall (its next heartbeat found it gone, say) leaves
    // before the overdue sample runs: take that sample now, while the task is still watched.
    this.check();
    this.#entries.delete(entry);
  }

  /**
   * Takes a sample now if one is overdue by more than the threshold, as the interval will once
   * it gets its turn: the stall that delayed it is reported at once.
   */
  check(): void {
    if (this.#interval === undefined) return;
    if (performance.now() - this.#last >= this.#sampleMs + this.#thresholdMs) this.#sample();
  }

  /** Checks now, as a sample would: a stall of `lagMs` just ended. Exposed for tests. */
  report(lagMs: number): void {
    if (lagMs < this.#thresholdMs) return;
    for (const entry of this.#entries) {
      const slackMs = entry.deadline() - entry.clock.now();
      if (slackMs < lagMs) entry.onLag(lagMs, slackMs);
    }
  }

  #sample(): void {
    if (this.#entries.size === 0) {
      clearInterval(this.#interval);
      this.#interval = undefined;
      return;
    }
    const now = performance.now();
    const lagMs = now - this.#last - this.#sampleMs;
    this.#last = now;
    this.report(lagMs);
  }
}

/**
 * The watch of this thread's event loop, which every worker and every run of
 * `runActivityTask` on the thread share: a stall delays them all alike.
 */
export const threadLagWatch = new EventLoopLagWatch();
