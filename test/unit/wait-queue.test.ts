import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/clock/clock.js';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { onAbort } from '../../src/wait/abort-fanout.js';
import { abortableWait, WaitQueue } from '../../src/wait/wait-queue.js';

describe('onAbort', () => {
  it('puts one listener on a signal however many callbacks watch it, and calls each once', () => {
    const controller = new AbortController();
    const called: number[] = [];
    const stops = Array.from({ length: 50 }, (_, i) =>
      onAbort(controller.signal, () => called.push(i)),
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    for (const stop of stops.slice(0, 48)) stop();
    controller.abort();
    controller.abort();
    expect(called).toEqual([48, 49]);
  });
});

describe('WaitQueue', () => {
  it('grants first come first served, by rank when given, and drops aborted waiters', async () => {
    const queue = new WaitQueue();
    const granted: string[] = [];
    const leaving = new AbortController();
    const waits = [
      queue.wait(undefined, 5).then(() => granted.push('rank 5')),
      queue.wait(undefined, 1).then(() => granted.push('rank 1')),
      queue.wait(leaving.signal, 0).catch((reason: unknown) => granted.push(String(reason))),
      queue.wait(undefined, 5).then(() => granted.push('rank 5, later')),
    ];
    expect(queue.size).toBe(4);
    leaving.abort('left the line');
    await Promise.resolve();
    expect(queue.size).toBe(3);
    while (queue.grant()) {}
    await Promise.all(waits);
    expect(granted).toEqual(['left the line', 'rank 1', 'rank 5', 'rank 5, later']);
    expect(getEventListeners(leaving.signal, 'abort')).toHaveLength(0);
  });

  it('rejects at once on a signal that already aborted', async () => {
    const queue = new WaitQueue();
    await expect(queue.wait(AbortSignal.abort('gone'))).rejects.toBe('gone');
    expect(queue.size).toBe(0);
  });
});

describe('abortableWait and sleep', () => {
  it('cancels the timer of a sleep whose signal aborts, and stops watching a signal once done', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const slept = sleep(clock, 1_000, controller.signal);
    expect(clock.pendingTimers).toBe(1);
    controller.abort(new Error('stop'));
    await expect(slept).rejects.toThrow('stop');
    expect(clock.pendingTimers).toBe(0);

    let cancelled = false;
    const done = abortableWait(undefined, (finish) => {
      finish();
      return () => {
        cancelled = true;
      };
    });
    await expect(done).resolves.toBeUndefined();
    expect(cancelled).toBe(false);
  });
});
