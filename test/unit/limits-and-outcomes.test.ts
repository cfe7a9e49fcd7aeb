import { describe, expect, it } from 'vitest';
import { jsonCodec } from '../../src/activity/codec.js';
import { truncate } from '../../src/limits/swf-limits.js';
import { decideResponse, describeError, errorReason } from '../../src/runner/outcome.js';

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

describe('decideResponse', () => {
  it('completes with the encoded result', () => {
    expect(decideResponse({ status: 'resolved', value: { a: 1 } }, false, jsonCodec)).toEqual({
      outcome: 'completed',
      result: '{"a":1}',
    });
  });

  it('sends no result for undefined', () => {
    expect(decideResponse({ status: 'resolved', value: undefined }, true, jsonCodec)).toEqual({
      outcome: 'completed',
      result: undefined,
    });
  });

  it('fails when the result cannot be encoded', () => {
    const circular: { self?: unknown } = {};
    circular.self = circular;
    const response = decideResponse({ status: 'resolved', value: circular }, false, jsonCodec);
    expect(response).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/^TypeError/),
    });
  });

  it('cancels only when SWF asked', () => {
    const error = new Error('stopped');
    expect(decideResponse({ status: 'rejected', error }, true, jsonCodec).outcome).toBe('canceled');
    expect(decideResponse({ status: 'rejected', error }, false, jsonCodec).outcome).toBe('failed');
  });

  it('describes non-errors and causes', () => {
    expect(errorReason('plain string')).toBe('Non-error thrown: plain string');
    expect(errorReason({ code: 7 })).toBe('Non-error thrown: {"code":7}');
    const details = describeError(new Error('outer', { cause: new Error('inner') }));
    expect(details).toMatch(/Error: outer[\s\S]*Caused by:\nError: inner/);
  });
});
