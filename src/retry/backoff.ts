/** A source of random numbers in [0, 1), as `Math.random`; tests pass a seeded one. */
export type RandomSource = () => number;

/** The bounds of an exponential back-off. */
export interface BackoffBounds {
  /** The first delay, before jitter; doubled each retry. */
  readonly minMs: number;
  /** The longest delay, before jitter. */
  readonly maxMs: number;
}

/**
 * A random point of the upper half of `ms` ("equal jitter"): clients that would act together
 * spread apart, yet none acts sooner than half of `ms` or later than `ms`. The package's only
 * jitter formula: retries' back-off, and the first heartbeat of tasks that start together.
 */
export function equalJitter(ms: number, random: RandomSource): number {
  return ms / 2 + random() * (ms / 2);
}

/**
 * The wait before retry number `attempt` (1 after the first failure): `minMs` doubled each
 * retry, at most `maxMs`, with {@link equalJitter}, in whole milliseconds.
 */
export function backoffDelay(attempt: number, bounds: BackoffBounds, random: RandomSource): number {
  return Math.round(equalJitter(Math.min(bounds.maxMs, bounds.minMs * 2 ** (attempt - 1)), random));
}
