import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { EventLoopLagWatch } from '../../src/heartbeat/event-loop-lag.js';
import { HeartbeatBudget } from '../../src/heartbeat/heartbeat-budget.js';
import { heartbeatSchedule } from '../../src/heartbeat/heartbeat-schedule.js';

describe('heartbeatSchedule', () => {
  it('beats three times per timeout, leaving room to retry', () => {
    expect(heartbeatSchedule(30_000)).toEqual({
      intervalMs: 10_000,
      minIntervalMs: 10_000 / 3,
      retryWindowMs: 29_000,
      timeoutMs: 30_000,
    });
  });

  it('beats on a fixed interval without a timeout, and cautiously when it is unknown', () => {
    expect(heartbeatSchedule(Number.POSITIVE_INFINITY).intervalMs).toBe(30_000);
    expect(heartbeatSchedule(Number.NaN).intervalMs).toBe(5_000);
    expect(
      heartbeatSchedule(Number.POSITIVE_INFINITY, { intervalWithoutTimeoutMs: 7_000 }),
    ).toMatchObject({
      intervalMs: 7_000,
      retryWindowMs: 7_000,
    });
  });

  it('keeps the minimum interval between 1 s and 10 s', () => {
    expect(heartbeatSchedule(3_000).minIntervalMs).toBe(1_000);
    expect(heartbeatSchedule(600_000).minIntervalMs).toBe(10_000);
  });
});

describe('HeartbeatBudget', () => {
  it('lets a burst through, then serves the nearest deadline first', async () => {
    const clock = new ManualClock();
    const budget = new HeartbeatBudget(clock, { ratePerSecond: 1, burst: 1 });
    const granted: string[] = [];
    await budget.acquire(100);
    for (const [name, deadline] of [
      ['late', 50_000],
      ['soon', 5_000],
      ['middle', 20_000],
    ] as const) {
      void budget.acquire(deadline).then(() => granted.push(name));
    }
    await clock.advance(1_000);
    expect(granted).toEqual(['soon']);
    await clock.advance(2_000);
    expect(granted).toEqual(['soon', 'middle', 'late']);
  });

  it('halves its rate when throttled and climbs back with successes over time', async () => {
    const clock = new ManualClock();
    const budget = new HeartbeatBudget(clock, { ratePerSecond: 100 });
    budget.throttled();
    budget.throttled();
    expect(budget.ratePerSecond).toBe(25);
    await clock.advance(5_000);
    budget.succeeded();
    expect(budget.ratePerSecond).toBe(50);
    await clock.advance(60_000);
    budget.succeeded();
    expect(budget.ratePerSecond).toBe(100);
  });

  it('drops a waiting call whose signal aborts', async () => {
    const clock = new ManualClock();
    const budget = new HeartbeatBudget(clock, { ratePerSecond: 1, burst: 1 });
    await budget.acquire(0);
    const stop = new AbortController();
    const waiting = budget.acquire(0, stop.signal);
    stop.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    expect(budget.waiting).toBe(0);
  });

  it('is off with an infinite rate', async () => {
    const budget = new HeartbeatBudget(new ManualClock(), {
      ratePerSecond: Number.POSITIVE_INFINITY,
    });
    for (let call = 0; call < 10_000; call++) await budget.acquire(0);
    expect(budget.waiting).toBe(0);
  });
});

describe('EventLoopLagWatch', () => {
  it('warns about the tasks whose heartbeat deadline a stall threatens', () => {
    const clock = new ManualClock();
    const watch = new EventLoopLagWatch({ thresholdMs: 100 });
    const warnings: Array<[string, number, number]> = [];
    const near = {
      clock,
      deadline: () => clock.now() + 500,
      onLag: (lag: number, slack: number) => warnings.push(['near', lag, slack]),
    };
    const far = {
      clock,
      deadline: () => clock.now() + 60_000,
      onLag: (lag: number, slack: number) => warnings.push(['far', lag, slack]),
    };
    watch.watch(near);
    watch.watch(far);
    watch.report(50);
    watch.report(2_000);
    watch.unwatch(near);
    watch.unwatch(far);
    expect(warnings).toEqual([['near', 2_000, 500]]);
  });

  it('samples with one platform interval however many tasks come and go, stopped by the first sample with none', () => {
    // The subject is a platform interval: the platform's timers are faked, not waited for.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const started = vi.spyOn(globalThis, 'setInterval');
    const stopped = vi.spyOn(globalThis, 'clearInterval');
    try {
      const clock = new ManualClock();
      const watch = new EventLoopLagWatch({ sampleMs: 20 });
      for (let task = 0; task < 100; task++) {
        const entry = { clock, deadline: () => clock.now() + 60_000, onLag: () => {} };
        watch.watch(entry);
        watch.unwatch(entry);
      }
      expect(started).toHaveBeenCalledTimes(1);
      expect(stopped).not.toHaveBeenCalled();
      vi.advanceTimersByTime(19);
      expect(stopped).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(stopped).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      started.mockRestore();
      stopped.mockRestore();
      vi.useRealTimers();
    }
  });
});

describe('ManualClock', () => {
  it('fires timers in order of due time, then of scheduling, each at its own time', async () => {
    const clock = new ManualClock({ start: 0 });
    const fired: Array<[string, number]> = [];
    clock.setTimer(() => fired.push(['b', clock.now()]), 20);
    clock.setTimer(() => fired.push(['a', clock.now()]), 10);
    clock.setTimer(() => fired.push(['c', clock.now()]), 20);
    const cancelled = clock.setTimer(() => fired.push(['x', clock.now()]), 15);
    cancelled.cancel();
    await clock.advance(25);
    expect(fired).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 20],
    ]);
    expect(clock.now()).toBe(25);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses to go backwards', async () => {
    await expect(new ManualClock().advance(-1)).rejects.toThrow(RangeError);
  });
});
