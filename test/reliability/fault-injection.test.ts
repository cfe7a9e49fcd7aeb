import { FakeSwf, ManualClock } from 'swf-activity-worker/fake';
import { afterEach, describe, expect, it } from 'vitest';

describe('fault injection with several rules', () => {
  let fake: FakeSwf;
  afterEach(() => fake.close());

  async function callMany(times: number): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    for (let call = 0; call < times; call++) {
      let outcome = 'ok';
      try {
        await fake.handle('ListDomains', { registrationStatus: 'REGISTERED' });
      } catch (error) {
        outcome = error instanceof Error ? error.name : String(error);
      }
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
    }
    return seen;
  }

  it('lets a rule whose draw misses leave the call to the next rule', async () => {
    fake = new FakeSwf({ clock: new ManualClock() });
    const internal = fake.faults.inject({ error: 'InternalFailure', probability: 0.2, seed: 7 });
    const throttled = fake.faults.inject({
      error: 'ThrottlingException',
      probability: 0.2,
      seed: 8,
    });
    const seen = await callMany(1000);
    expect(internal.hits).toBeGreaterThan(100);
    // About 0.8 × 0.2 of the calls: the second rule draws for every call the first one spared.
    expect(throttled.hits).toBeGreaterThan(100);
    expect(seen.get('InternalFailure')).toBe(internal.hits);
    expect(seen.get('ThrottlingException')).toBe(throttled.hits);
    expect(seen.get('ok')).toBe(1000 - internal.hits - throttled.hits);
  });

  it('still applies the first rule that hits, in the order of injection', async () => {
    fake = new FakeSwf({ clock: new ManualClock() });
    const first = fake.faults.inject({ error: 'InternalFailure', times: 2 });
    const second = fake.faults.inject({ error: 'ThrottlingException', times: 1 });
    const seen = await callMany(4);
    expect(first.hits).toBe(2);
    expect(second.hits).toBe(1);
    expect(Object.fromEntries(seen)).toEqual({
      InternalFailure: 2,
      ThrottlingException: 1,
      ok: 1,
    });
  });
});
