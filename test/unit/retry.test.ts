import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { backoffDelay } from '../../src/retry/backoff.js';
import { callWithRetry, TryTimeoutError } from '../../src/retry/call-with-retry.js';
import { classifySwfError } from '../../src/retry/classify-error.js';
import { TrySequence } from '../../src/retry/try-sequence.js';
import { TrySignal } from '../../src/retry/try-signal.js';

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
    const signals: TrySignal[] = [];
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

  it('shrinks the back-off to half the time left near the deadline, so that a try still fits', async () => {
    const clock = new ManualClock();
    const deadline = clock.now() + 1_000;
    const sent: number[] = [];
    const delays: number[] = [];
    const result = callWithRetry(
      async () => {
        sent.push(clock.now());
        throw named('InternalFailure');
      },
      {
        clock,
        random: () => 1,
        deadline,
        minDelayMs: 800,
        onRetry: ({ delayMs }) => delays.push(delayMs),
      },
    ).catch((error: unknown) => error);
    await clock.advance(2_000);
    expect(await result).toMatchObject({ name: 'InternalFailure' });
    // 800 ms would have been the only retry; half the time left each time gives more.
    expect(delays).toEqual([500, 250, 125]);
    expect(sent).toEqual([0, 500, 750, 875].map((at) => at + (sent[0] ?? 0)));
    expect(sent.every((at) => at < deadline)).toBe(true);
  });

  it('keeps the back-off of throttling near the deadline: trying sooner adds to the load', async () => {
    const clock = new ManualClock();
    const delays: number[] = [];
    const result = callWithRetry(
      async () => {
        throw named('ThrottlingException');
      },
      {
        clock,
        random: () => 1,
        deadline: clock.now() + 1_000,
        minDelayMs: 800,
        onRetry: ({ delayMs }) => delays.push(delayMs),
      },
    ).catch((error: unknown) => error);
    await clock.advance(2_000);
    expect(await result).toMatchObject({ name: 'ThrottlingException' });
    expect(delays).toEqual([800]);
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
    const signals: TrySignal[] = [];
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

describe('TrySequence', () => {
  const timedOut = () => new TryTimeoutError('timed out');
  const never = () => new Promise<never>(() => {});

  it('gives each try a signal of its own, aborted when the try runs out of time', async () => {
    const clock = new ManualClock();
    const tries = new TrySequence(clock);
    const signals: TrySignal[] = [];
    const answer = async (signal: TrySignal) => {
      signals.push(signal);
      // What the SDK does: it sets onabort to abort its request.
      signal.onabort = () => {
        throw new Error('a request that was answered is never aborted');
      };
      return 'ok';
    };
    await expect(tries.try(answer, 1_000, timedOut)).resolves.toBe('ok');
    await expect(tries.try(answer, 1_000, timedOut)).resolves.toBe('ok');
    expect(signals[1]).not.toBe(signals[0]);
    const hanging = tries
      .try(
        (signal) => {
          signals.push(signal);
          return never();
        },
        1_000,
        timedOut,
      )
      .catch((error: unknown) => error);
    await clock.advance(1_000);
    expect(await hanging).toBeInstanceOf(TryTimeoutError);
    expect(signals[2]?.aborted).toBe(true);
    expect(signals[2]?.reason).toBeInstanceOf(TryTimeoutError);
    // A try that was answered lets go of what would abort its request, and is not aborted
    // afterwards, not even by a stop.
    const answered = signals[0] as TrySignal;
    expect(answered.onabort).toBeNull();
    tries.stop(new Error('stopped'));
    expect(signals.slice(0, 2).map((signal) => signal.aborted)).toEqual([false, false]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops: the try in flight is aborted and rejects with the reason, and so does every later one', async () => {
    const clock = new ManualClock();
    const tries = new TrySequence(clock);
    let seen: TrySignal | undefined;
    const inFlight = tries.try(
      (signal) => {
        seen = signal;
        return never();
      },
      60_000,
      timedOut,
    );
    const reason = new Error('gone');
    tries.stop(reason);
    tries.stop(new Error('a later reason'));
    await expect(inFlight).rejects.toBe(reason);
    expect(seen?.reason).toBe(reason);
    expect(tries).toMatchObject({ stopped: true, reason });
    expect(tries.signal.reason).toBe(reason);
    let sent = false;
    await expect(
      tries.try(
        async () => {
          sent = true;
        },
        1_000,
        timedOut,
      ),
    ).rejects.toBe(reason);
    await expect(tries.pause(1_000)).rejects.toBe(reason);
    expect(sent).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cuts a pause short when stopped, and stops when a watched signal aborts', async () => {
    const clock = new ManualClock();
    const tries = new TrySequence(clock);
    const alongside = tries.signal;
    const outside = new AbortController();
    const stopWatching = tries.stopOn(outside.signal, 'shutdown');
    const pause = tries.pause(5_000);
    await clock.advance(1_000);
    outside.abort(new Error('not this reason'));
    await expect(pause).rejects.toBe('shutdown');
    expect(alongside.reason).toBe('shutdown');
    stopWatching();
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects a try whose send throws, and cancels its timer', async () => {
    const clock = new ManualClock();
    const tries = new TrySequence(clock);
    const thrown = new Error('bad request');
    await expect(
      tries.try(
        () => {
          throw thrown;
        },
        1_000,
        timedOut,
      ),
    ).rejects.toBe(thrown);
    expect(clock.pendingTimers).toBe(0);
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

describe('TrySignal', () => {
  it('calls the onabort the SDK set, once, with the reason readable', () => {
    const signal = new TrySignal();
    const calls: unknown[] = [];
    signal.onabort = function (this: unknown) {
      calls.push((this as TrySignal).reason);
    };
    const reason = new Error('try timed out');
    signal.abort(reason);
    signal.abort(new Error('a later reason'));
    expect(calls).toEqual([reason]);
    expect(signal).toMatchObject({ aborted: true, reason, onabort: null });
  });

  it('makes a standard AbortSignal on demand that aborts with it, before or after', () => {
    const early = new TrySignal();
    const standard = early.standard;
    expect(standard).toBeInstanceOf(AbortSignal);
    expect(early.standard).toBe(standard);
    const heard: unknown[] = [];
    standard.addEventListener('abort', () => heard.push(standard.reason));
    early.abort('stop');
    expect(heard).toEqual(['stop']);

    const late = new TrySignal();
    late.abort('stop');
    expect(late.standard.aborted).toBe(true);
    expect(late.standard.reason).toBe('stop');
  });

  it('reads as aborted once no new attempt may start, leaving the attempt in flight alone', () => {
    const shutdown = new AbortController();
    const signal = new TrySignal(shutdown.signal);
    const calls: unknown[] = [];
    signal.onabort = () => calls.push('aborted');
    expect(signal.aborted).toBe(false);
    shutdown.abort();
    // What the SDK reads before an attempt, and after one fails.
    expect(signal.aborted).toBe(true);
    expect(calls).toEqual([]);
    expect(signal.standard.aborted).toBe(false);
    // The try itself still aborts, with its own reason.
    expect(signal.abort('grace over')).toBe(true);
    expect(calls).toEqual(['aborted']);
    expect(signal.standard.reason).toBe('grace over');
  });
});
