/** simpleflowCodec against simpleflow's formats, with Python's own `json` as a second opinion. */
import { simpleflowCodec } from 'swf-activity-worker/interop';
import { describe, expect, it } from 'vitest';
import { pythonJson } from './support/python-json.js';

describe('simpleflowCodec', () => {
  const codec = simpleflowCodec({
    errorType: (error) =>
      error instanceof RangeError ? 'builtins.ValueError' : 'builtins.Exception',
  });

  it("gives the handler args and kwargs, from simpleflow's input and a non-Python decider's", () => {
    expect(codec.decodeInput('{"args":["a",1],"kwargs":{"width":2}}')).toEqual({
      args: ['a', 1],
      kwargs: { width: 2 },
    });
    expect(codec.decodeInput('{"args":[],"kwargs":{},"meta":{"x":1}}')).toEqual({
      args: [],
      kwargs: {},
    });
    expect(codec.decodeInput('{"kwargs":{"a":1}}')).toEqual({ args: [], kwargs: { a: 1 } });
    expect(codec.decodeInput('["a",1]')).toEqual({ args: ['a', 1], kwargs: {} });
    expect(codec.decodeInput('{"key":"cat.png"}')).toEqual({
      args: [],
      kwargs: { key: 'cat.png' },
    });
    expect(codec.decodeInput(undefined)).toEqual({ args: [], kwargs: {} });
    for (const input of ['42', 'not json', '{"args":{},"kwargs":{}}']) {
      expect(() => codec.decodeInput(input)).toThrow(/simpleflow's input format/);
    }
  });

  it('writes results as Python\'s json.dumps(sort_keys=True, separators=(",", ":")) does', async () => {
    const values = [
      { zeta: 1, alpha: [{ b: 2, a: 'é' }], mid: null },
      'text',
      [1, 2.5, true],
      { nested: { y: { d: 1, c: 2 }, x: [] } },
    ];
    const python = await pythonJson(values.map((value) => ({ op: 'dumps', value })));
    expect(values.map((value) => codec.encodeResult(value))).toEqual(
      python.map((text) => text.replace(/\\u00e9/g, 'é')),
    );
    expect(codec.encodeResult(undefined)).toBe('null');
  });

  it("writes failures as simpleflow's worker does, with an error_type Python imports", async () => {
    const error = new RangeError('width must be positive');
    const failure = codec.encodeFailure?.(error);
    expect(failure?.reason).toBe('ValueError: width must be positive');
    const other = simpleflowCodec().encodeFailure?.(new Error(''));
    expect(other?.reason).toBe('Exception');
    const huge = codec.encodeFailure?.(new Error('z'.repeat(40_000)));
    expect(huge?.details?.length).toBeLessThanOrEqual(32_768);
    const [parsed, plain, big] = (
      await pythonJson([
        { op: 'failure', details: failure?.details ?? '' },
        { op: 'failure', details: other?.details ?? '' },
        { op: 'failure', details: huge?.details ?? '' },
      ])
    ).map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(parsed).toMatchObject({
      error: 'ValueError',
      error_type: 'builtins.ValueError',
      message: 'width must be positive',
      is_exception_class: true,
    });
    expect(parsed?.traceback).toMatch(/^ {2}File ".+simpleflow-codec\.test\.ts", line \d+, in /m);
    expect(plain).toMatchObject({ error: 'Exception', error_type: 'builtins.Exception' });
    expect(big?.message).toMatch(/^z+…$/);
  });

  it('falls back to builtins.Exception when errorType gives no Python name or throws', () => {
    const odd = simpleflowCodec({
      errorType: (error) => {
        if (error === 'throw') throw new Error('no');
        return 'not a name!';
      },
    });
    for (const thrown of ['throw', new Error('x')]) {
      expect(JSON.parse(odd.encodeFailure?.(thrown).details ?? '{}')).toMatchObject({
        error: 'Exception',
        error_type: 'builtins.Exception',
      });
    }
  });
});
