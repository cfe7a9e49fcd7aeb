import type { Clock } from '../clock/clock.js';

/**
 * What the worker gives a codec member that may call out (a claim check reading or writing a
 * payload store): when the answer stops being wanted, and until when it may retry.
 */
export interface CodecCall {
  /**
   * Aborts when the answer is no longer wanted: the task is gone, its start-to-close deadline
   * passed, or (while reading the input) a cancellation was requested or the worker shuts
   * down. Pass it on to every call made.
   */
  readonly signal: AbortSignal;
  /** The time on `clock` by which the member must be done: retries stop, tries are cut there. */
  readonly deadline: number;
  /** The worker's clock, for back-off waits. */
  readonly clock: Clock;
}
