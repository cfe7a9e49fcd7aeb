import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { backoffDelay } from '../../src/retry/backoff.js';
import { callWithRetry, TryTimeoutError } from '../../src/retry/call-with-retry.js';
import { classifySwfError } from '../../src/retry/classify-error.js';

/** A reproducible random source: the same sequence every run. */
function seeded(seed = 1): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}
const random = seeded();

const named = (name: string, extra: object = {}) =>
  Object.assign(new Error(name), { name, ...extra });

describe('classifySwfError', () => {
  it.each([
    [named('UnknownResourceFault'), 'task-gone'],
    [named('ThrottlingException'), 'throttled'],
    [named('Whatever', { $metadata: { httpStatusCode: 429 } }), 'throttled'],
    [named('InternalFailure'), 'transient'],
    [named('Whatever', { $metadata: { httpStatusCode: 503 } }), 'transient'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    [new TypeError('Network error'), 'transient'],
    [new TryTimeoutError('slow'), 'transient'],
    [named('ValidationException', { $metadata: { httpStatusCode: 400 } }), 'permanent'],
    [named('OperationNotPermittedFault'), 'permanent'],
    [new TypeError('x is not a function'), 'permanent'],
    ['a string', 'permanent'],
  ])('classifies %s as %s', (error, kind) => {
    expect(classifySwfError(error)).toBe(kind);
  });
});

describe('callWithRetry', () => {
  it('retries transient errors with growing, jittered delays until success', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const delays: number[] = [];
    const result = callWithRetry(
      async () => {
        calls += 1;
        if (calls < 4) throw named('InternalFailure');
        return 'ok';
      },
      {
        clock,
        random,
        deadline: clock.now() + 60_000,
        onRetry: ({ delayMs }) => delays.push(delayMs),
      },
    );
    await clock.advance(10_000);
    await expect(result).resolves.toMatchObject({ output: 'ok', attempt: 4 });
    expect(delays).toHaveLength(3);
    delays.forEach((delay, index) => {
      expect(delay).toBeGreaterThanOrEqual(100 * 2 ** index);
      expect(delay).toBeLessThanOrEqual(200 * 2 ** index);
    });
  });

  it('does not retry permanent errors or a vanished task', async () => {
    const clock = new ManualClock();
    for (const error of [named('ValidationException'), named('UnknownResourceFault')]) {
      let calls = 0;
      await expect(
        callWithRetry(
          async () => {
            calls += 1;
            throw error;
          },
          { clock, random, deadline: clock.now() + 60_000 },
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  it('abandons a try that hangs, and every try, at the deadline', async () => {
    const clock = new ManualClock();
    const signals: AbortSignal[] = [];
    const result = callWithRetry(
      (signal) => {
        signals.push(signal);
        return new Promise<never>(() => {});
      },
      { clock, random, deadline: clock.now() + 10_000 },
    );
    const settled = result.catch((error: unknown) => error);
    await clock.advance(10_000);
    expect(await settled).toBeInstanceOf(TryTimeoutError);
    expect(signals.length).toBeGreaterThanOrEqual(2);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('stops retrying when its signal aborts, letting no new try start', async () => {
    const clock = new ManualClock();
    const stop = new AbortController();
    let calls = 0;
    const result = callWithRetry(
      async () => {
        calls += 1;
        throw named('ThrottlingException');
      },
      { clock, random, deadline: clock.now() + 60_000, signal: stop.signal },
    ).catch((error: unknown) => error);
    await clock.advance(10);
    stop.abort(new Error('stopped'));
    await clock.advance(60_000);
    expect(await result).toMatchObject({ message: 'stopped' });
    expect(calls).toBe(1);
  });

  it('gives each try the time its caller allows, and abandons the try in flight on abort', async () => {
    const clock = new ManualClock();
    const stop = new AbortController();
    const sent: number[] = [];
    const signals: AbortSignal[] = [];
    const result = callWithRetry(
      (signal) => {
        sent.push(clock.now());
        signals.push(signal);
        return new Promise<never>(() => {});
      },
      {
        clock,
        random: () => 0,
        deadline: clock.now() + 60_000,
        tryTimeoutMs: () => 2_000,
        signal: stop.signal,
      },
    ).catch((error: unknown) => error);
    await clock.advance(2_000);
    // The first try timed out after 2 s, not 30 s; the second went out after the back-off.
    expect(signals[0]?.aborted).toBe(true);
    await clock.advance(100);
    expect(sent.map((at) => at - (sent[0] ?? 0))).toEqual([0, 2_100]);
    stop.abort(new Error('stopped'));
    expect(await result).toMatchObject({ message: 'stopped' });
    expect(signals[1]?.aborted).toBe(true);
  });
});

describe('backoffDelay', () => {
  it('doubles from the minimum up to the maximum, in the upper half by the random source', () => {
    const bounds = { minMs: 200, maxMs: 5_000 };
    expect([1, 2, 3, 10].map((attempt) => backoffDelay(attempt, bounds, () => 0))).toEqual([
      100, 200, 400, 2_500,
    ]);
    expect(backoffDelay(10, bounds, () => 0.999_999)).toBe(5_000);
    expect(backoffDelay(3, bounds, seeded(7))).toBe(backoffDelay(3, bounds, seeded(7)));
  });
});
