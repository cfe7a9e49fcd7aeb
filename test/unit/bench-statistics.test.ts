import { describe, expect, it } from 'vitest';
import { median, medianInterval } from '../../bench/lib/bench.js';

/** The chance that at most `k` of `n` values fall below the median: the binomial(n, 1/2) CDF. */
function chanceAtMost(k: number, n: number): number {
  let ways = 1n;
  let sum = 0n;
  for (let j = 0; j <= k; j++) {
    sum += ways;
    ways = (ways * BigInt(n - j)) / BigInt(j + 1);
  }
  return Number(sum) / 2 ** n;
}

/** 1..n out of order (1, n, 2, n - 1, ...), so that the function has to sort them. */
const shuffled = (n: number) =>
  Array.from({ length: n }, (_, index) => (index % 2 === 0 ? index / 2 + 1 : n - (index - 1) / 2));

describe('the statistics the benchmarks judge their goals by', () => {
  it('takes the mean of the two middle values of an even count as the median', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([0.9, 1.1])).toBe(1);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });

  it('gives the order statistics that hold the median: 5th to 12th of 16, 11th to 22nd of 32', () => {
    expect(medianInterval(shuffled(16))).toEqual({
      low: 5,
      high: 12,
      confidence: 1 - 2 * chanceAtMost(4, 16),
    });
    expect(medianInterval(shuffled(16)).confidence).toBeCloseTo(0.9232, 4);
    expect(medianInterval(shuffled(32))).toMatchObject({ low: 11, high: 22 });
    expect(medianInterval(shuffled(32)).confidence).toBeCloseTo(0.9499, 4);
    expect(medianInterval(shuffled(16), 0.99)).toMatchObject({ low: 3, high: 14 });
  });

  it('picks the narrowest interval that reaches the confidence asked, for every count', () => {
    for (const asked of [0.8, 0.9, 0.95]) {
      for (let n = 1; n <= 64; n++) {
        const { low, confidence } = medianInterval(shuffled(n), asked);
        if (confidence === 0) {
          // Even the widest interval, the smallest to the largest value, falls short.
          expect(1 - 2 * chanceAtMost(0, n)).toBeLessThan(asked);
          continue;
        }
        const k = low; // the values are 1..n: the k-th smallest is k
        expect(confidence).toBeCloseTo(1 - 2 * chanceAtMost(k - 1, n), 12);
        expect(confidence).toBeGreaterThanOrEqual(asked);
        if (k < n >> 1) expect(1 - 2 * chanceAtMost(k, n)).toBeLessThan(asked);
      }
    }
  });

  it('gives no interval when the values are too few for the confidence asked', () => {
    // Four values: even the smallest to the largest holds the median only 87.5% of the time.
    const { low, high, confidence } = medianInterval([4, 1, 3, 2]);
    expect(confidence).toBe(0);
    expect(low).toBeNaN();
    expect(high).toBeNaN();
    expect(medianInterval([]).confidence).toBe(0);
    // Five: the smallest to the largest, 93.75%.
    expect(medianInterval([5, 1, 4, 2, 3])).toEqual({ low: 1, high: 5, confidence: 0.9375 });
  });
});
