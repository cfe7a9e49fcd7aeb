import { describe, expect, it } from 'vitest';
import { CI_SOAK, runSoak } from './support/soak.js';

describe('the chaos soak, CI size', () => {
  it('loses nothing and breaks nothing while faults hit every operation', async () => {
    const report = await runSoak({ ...CI_SOAK, quiet: true });
    // The summary line, for the test log.
    console.info(report.summary);
    expect(report.violations).toEqual([]);
    const { counts } = report;
    expect(counts.closedOnce).toBe(CI_SOAK.activities);
    expect(counts.lost).toBe(0);
    expect(counts.closedTwiceOrMore).toBe(0);
    expect(counts.acceptedTwice).toBe(0);
    expect(counts.timeoutsWhileHealthy).toBe(0);
    expect(counts.unhandledRejections).toBe(0);
    expect(counts.tokenLeaks).toBe(0);
    // The run was hostile and varied, or it proves little.
    expect(counts.faultedCalls).toBeGreaterThan(0);
    expect(counts.completed).toBeGreaterThan(0);
    expect(counts.failed).toBeGreaterThan(0);
    expect(counts.cancelRequests).toBeGreaterThan(0);
    expect(counts.delivered).toBeGreaterThan(CI_SOAK.activities / 2);
  });
});
