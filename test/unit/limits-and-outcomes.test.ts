import { describe, expect, it } from 'vitest';
import { type ActivityCodec, jsonCodec, textCodec } from '../../src/activity/codec.js';
import { failureDetails, failureReason } from '../../src/activity/failure-description.js';
import { ResultEncodingError } from '../../src/errors.js';
import { truncate } from '../../src/limits/swf-limits.js';
import { decideOutcome } from '../../src/runner/outcome.js';
import { hostileValues } from '../support/hostile-values.js';

describe('truncate', () => {
  it('leaves text within the limit alone', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('cuts to the limit, ending with an ellipsis', () => {
    const cut = truncate('abcdefgh', 5);
    expect(cut).toBe('abcd…');
    expect(cut.length).toBe(5);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('a🚀🚀🚀', 4);
    expect(cut.length).toBeLessThanOrEqual(4);
    expect(cut).toBe('a🚀…');
    expect(() => encodeURIComponent(cut)).not.toThrow();
  });
});

describe('failure descriptions', () => {
  it('describes non-errors and causes', () => {
    expect(failureReason('plain string')).toBe('Non-error thrown: plain string');
    expect(failureReason({ code: 7 })).toBe('Non-error thrown: {"code":7}');
    const details = failureDetails(new Error('outer', { cause: new Error('inner') }));
    expect(details).toMatch(/Error: outer[\s\S]*Caused by:\nError: inner/);
  });

  it.each(hostileValues())('describes %s without throwing', (_name, value, reason) => {
    expect(failureReason(value)).toMatch(reason);
    expect(typeof failureDetails(value)).toBe('string');
  });
});

describe('decideOutcome', () => {
  it('completes with the encoded result', async () => {
    expect(await decideOutcome({ result: { a: 1 } }, false, jsonCodec)).toEqual({
      outcome: { status: 'completed', result: { a: 1 } },
      encodedResult: '{"a":1}',
    });
  });

  it('sends no result for undefined', async () => {
    expect(await decideOutcome({ result: undefined }, true, jsonCodec)).toEqual({
      outcome: { status: 'completed', result: undefined },
    });
  });

  it.each([
    [
      'a circular object',
      () => {
        const circular: { self?: unknown } = {};
        circular.self = circular;
        return circular;
      },
      /circular/i,
    ],
    ['a BigInt', () => 10n, /BigInt/],
    ['a Symbol', () => Symbol('result'), /symbol/],
    ['a function', () => () => 1, /function/],
  ])('fails a result JSON cannot encode: %s', async (_name, make, why) => {
    const { outcome } = await decideOutcome({ result: make() }, false, jsonCodec);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toBeInstanceOf(ResultEncodingError);
    expect(outcome.reason).toMatch(
      /^ResultEncodingError: The result could not be encoded for SWF: TypeError/,
    );
    expect(outcome.reason).toMatch(why);
  });

  it('cancels only when SWF asked', async () => {
    const error = new Error('stopped');
    expect((await decideOutcome({ error }, true, jsonCodec)).outcome.status).toBe('canceled');
    expect((await decideOutcome({ error }, false, jsonCodec)).outcome.status).toBe('failed');
  });

  it.each(hostileValues())(
    'fails with a reason for %s, with any codec',
    async (_name, value, reason) => {
      for (const codec of [jsonCodec, textCodec]) {
        const { outcome } = await decideOutcome({ error: value }, false, codec);
        expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(reason) });
      }
    },
  );

  it("uses the codec's failure encoding, the JSON codec's when it throws, cut to SWF's limits", async () => {
    const custom: ActivityCodec = {
      ...jsonCodec,
      encodeFailure: (error) => ({ reason: `custom ${String(error)}`.repeat(100), details: 'd' }),
      encodeCanceled: () => 'canceled details',
    };
    const failed = (await decideOutcome({ error: 'x' }, false, custom)).outcome;
    expect(failed.reason?.startsWith('custom x')).toBe(true);
    expect(failed.reason?.length).toBe(256);
    expect(failed.details).toBe('d');
    expect((await decideOutcome({ error: 'x' }, true, custom)).outcome.details).toBe(
      'canceled details',
    );
    const broken: ActivityCodec = {
      ...jsonCodec,
      encodeFailure: () => {
        throw new Error('broken codec');
      },
    };
    expect(
      (await decideOutcome({ error: new RangeError('r') }, false, broken)).outcome.reason,
    ).toBe('RangeError: r');
  });
});
