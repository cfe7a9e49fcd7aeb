import { systemClock } from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { EventLoopLagWatch } from '../../src/heartbeat/event-loop-lag.js';

/** Blocks the event loop for `ms`, as a CPU-bound handler would. */
function blockFor(ms: number): void {
  for (const until = performance.now() + ms; performance.now() < until; ) {
    // busy
  }
}

describe('EventLoopLagWatch', () => {
  it('warns about a task that leaves right after a stall, before the overdue sample ran', () => {
    const watch = new EventLoopLagWatch({ sampleMs: 50, thresholdMs: 20 });
    const warnings: Array<{ lagMs: number; slackMs: number }> = [];
    const entry = {
      clock: systemClock,
      deadline: () => systemClock.now() + 10,
      onLag: (lagMs: number, slackMs: number) => warnings.push({ lagMs, slackMs }),
    };
    watch.watch(entry);
    blockFor(150);
    watch.unwatch(entry);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.lagMs).toBeGreaterThanOrEqual(90);
  });

  it('says nothing when the loop was not stalled', () => {
    const watch = new EventLoopLagWatch({ sampleMs: 1_000, thresholdMs: 200 });
    const warnings: number[] = [];
    const entry = {
      clock: systemClock,
      deadline: () => systemClock.now(),
      onLag: (lagMs: number) => warnings.push(lagMs),
    };
    watch.watch(entry);
    // Both check while the task is watched (unwatch takes an overdue sample first).
    watch.check();
    watch.unwatch(entry);
    expect(warnings).toEqual([]);
  });
});
