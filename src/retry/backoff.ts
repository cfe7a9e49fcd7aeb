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
 * The wait before retry number `attempt` (1 after the first failure): `minMs` doubled each
 * retry, at most `maxMs`, then a random point of its upper half ("equal jitter"), so that
 * clients that failed together do not retry together, yet none retries sooner than half the
 * back-off. The package's only jitter formula.
 */
export function backoffDelay(attempt: number, bounds: BackoffBounds, random: RandomSource): number {
  const capped = Math.min(bounds.maxMs, bounds.minMs * 2 ** (attempt - 1));
  return Math.round(capped / 2 + random() * (capped / 2));
}
