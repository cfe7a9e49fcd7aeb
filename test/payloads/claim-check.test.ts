import { describe, expect, it } from 'vitest';
import type { AsyncActivityCodec, CodecCall } from '../../src/activity/async-codec.js';
import { jsonCodec, textCodec } from '../../src/activity/codec.js';
import { claimCheck } from '../../src/claim-check/claim-check.js';
import { PayloadPointerError, PayloadStoreError } from '../../src/claim-check/errors.js';
import { MemoryPayloadStore } from '../../src/claim-check/memory-payload-store.js';
import { readPointer, writePointer } from '../../src/claim-check/payload-pointer.js';
import type { PayloadStore, PayloadStoreCallOptions } from '../../src/claim-check/payload-store.js';
import { sha256Hex } from '../../src/claim-check/payload-store.js';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { simpleflowCodec } from '../../src/interop/simpleflow-codec.js';

const big = (chars: number, unit = 'x') => unit.repeat(Math.ceil(chars / unit.length));

/** A store that fails its next `failures` calls with `error`, then behaves as `inner`. */
class FlakyStore implements PayloadStore {
  readonly bucket: string;
  readonly name = 's3://flaky-bucket/p/';
  calls = 0;
  signals: AbortSignal[] = [];

  constructor(
    readonly inner: MemoryPayloadStore,
    public failures: number,
    readonly error: () => unknown,
  ) {
    this.bucket = inner.bucket;
  }

  async put(content: string, options: PayloadStoreCallOptions): Promise<string> {
    this.#fail(options);
    return this.inner.put(content, options);
  }

  async get(key: string, options: PayloadStoreCallOptions): Promise<string> {
    this.#fail(options);
    return this.inner.get(key, options);
  }

  #fail(options: PayloadStoreCallOptions): void {
    this.calls += 1;
    this.signals.push(options.signal);
    if (this.failures > 0) {
      this.failures -= 1;
      throw this.error();
    }
  }
}

const s3Error = (name: string, status: number) =>
  Object.assign(new Error(`${name} from S3`), { name, $metadata: { httpStatusCode: status } });

function callOn(clock: ManualClock, windowMs = 30_000, signal = new AbortController().signal) {
  return { clock, deadline: clock.now() + windowMs, signal } satisfies CodecCall;
}

describe('claimCheck with the JSON pointer', () => {
  it('leaves fields within the threshold alone and stores longer ones behind a pointer', async () => {
    const store = new MemoryPayloadStore({ bucket: 'payloads', keyPrefix: 'swf/' });
    const codec = claimCheck(jsonCodec, { store });
    expect(await codec.encodeResult({ small: true })).toBe('{"small":true}');
    expect(await codec.encodeResult(undefined)).toBeUndefined();
    // Exactly at SWF's limit stays inline; one more character goes to the store.
    const atLimit = big(32_766);
    expect(await codec.encodeResult(atLimit)).toBe(JSON.stringify(atLimit));
    expect(store.objects.size).toBe(0);

    const large = { rows: big(100_000, 'row,') };
    const field = await codec.encodeResult(large);
    const encoded = JSON.stringify(large);
    const hash = sha256Hex(encoded);
    expect(field?.length).toBeLessThan(300);
    expect(field).toBe(
      `{"$claimCheck":1,"bucket":"payloads","key":"swf/${hash}","length":${encoded.length},"sha256":"${hash}"}`,
    );
    expect(store.objects.get(`swf/${hash}`)).toBe(encoded);
    // The same payload is stored once: content-addressed keys.
    expect(await codec.encodeResult(large)).toBe(field);
    expect(store.objects.size).toBe(1);
    // Read back as an input: the handler gets the original value.
    expect(await codec.decodeInput(field)).toEqual(large);
  });

  it('decodes ordinary inputs with the wrapped codec, untouched', async () => {
    const codec = claimCheck(jsonCodec, { store: new MemoryPayloadStore() });
    expect(await codec.decodeInput('{"a":1}')).toEqual({ a: 1 });
    expect(await codec.decodeInput(undefined)).toBeUndefined();
    expect(await claimCheck(textCodec, { store: new MemoryPayloadStore() }).decodeInput('{x')).toBe(
      '{x',
    );
  });

  it('honours a lower threshold, and 0 stores every non-empty field', async () => {
    const store = new MemoryPayloadStore();
    const codec = claimCheck(textCodec, { store, thresholdChars: 10 });
    expect(await codec.encodeResult('0123456789')).toBe('0123456789');
    expect(readPointer((await codec.encodeResult('0123456789A')) ?? '')).toMatchObject({
      format: 'json',
      length: 11,
    });
    const all = claimCheck(textCodec, { store, thresholdChars: 0 });
    expect(await all.encodeResult('')).toBe('');
    expect(readPointer((await all.encodeResult('a')) ?? '')?.format).toBe('json');
  });

  it('refuses a pointer whose content changed, a foreign bucket and malformed pointers', async () => {
    const store = new MemoryPayloadStore({ bucket: 'payloads' });
    const codec = claimCheck(textCodec, { store });
    const field = (await codec.encodeResult(big(40_000))) ?? '';
    const pointer = readPointer(field);
    store.objects.set(pointer?.key ?? '', `${big(39_999)}y`);
    await expect(codec.decodeInput(field)).rejects.toThrow(/does not match the SHA-256/);
    store.objects.set(pointer?.key ?? '', big(10));
    await expect(codec.decodeInput(field)).rejects.toThrow(/10 characters long; its pointer says/);

    const foreign = writePointer('json', 'elsewhere', 'k', 'abc');
    await expect(codec.decodeInput(foreign)).rejects.toThrow(
      /points to bucket elsewhere, but the payload store memory:\/\/payloads\/ reads bucket payloads/,
    );
    await expect(codec.decodeInput('{"$claimCheck":1,"bucket":"payloads"}')).rejects.toThrow(
      PayloadPointerError,
    );
    await expect(codec.decodeInput('simpleflow+s3://payloads')).rejects.toThrow(
      /Malformed simpleflow jumbo-field pointer/,
    );
  });

  it('names the store and the key when a pointed payload is missing', async () => {
    const store = new MemoryPayloadStore({ bucket: 'payloads', keyPrefix: 'in/' });
    const codec = claimCheck(textCodec, { store });
    const error = await codec
      .decodeInput(writePointer('json', 'payloads', 'in/expired', 'gone'))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PayloadStoreError);
    expect(error).toMatchObject({
      store: 'memory://payloads/in/',
      operation: 'get',
      key: 'in/expired',
    });
    expect(String(error)).toContain(
      'Could not read in/expired from the payload store memory://payloads/in/: NoSuchKey',
    );
  });
});

describe("claimCheck with simpleflow's jumbo fields", () => {
  const simpleflowLike: AsyncActivityCodec = { ...jsonCodec, pointerFormat: 'simpleflow' };

  it('writes simpleflow+s3://<bucket>/<key> <size>, the size in code points', async () => {
    const store = new MemoryPayloadStore({ bucket: 'jumbo-bucket', keyPrefix: 'with/prefix/' });
    const codec = claimCheck(simpleflowLike, { store });
    // Astral characters: 2 UTF-16 units each, 1 code point each (Python's len).
    const value = big(40_000, '😀');
    const field = (await codec.encodeResult(value)) ?? '';
    const encoded = JSON.stringify(value);
    expect(field?.length).toBeLessThan(300);
    expect(field).toBe(
      `simpleflow+s3://jumbo-bucket/with/prefix/${sha256Hex(encoded)} ${[...encoded].length}`,
    );
    expect([...encoded].length).toBe(20_002);
    expect(await codec.decodeInput(field)).toBe(value);
  });

  it("reads a jumbo field written by simpleflow's own decider (uuid keys, any size)", async () => {
    const store = new MemoryPayloadStore({ bucket: 'jumbo-bucket' });
    store.objects.set('dir/5d7191af-51c1-4a2b-b08f-cdd39a31ba61', '{"args":[1],"kwargs":{}}');
    const codec = claimCheck(simpleflowLike, { store });
    expect(
      await codec.decodeInput(
        'simpleflow+s3://jumbo-bucket/dir/5d7191af-51c1-4a2b-b08f-cdd39a31ba61 24',
      ),
    ).toEqual({ args: [1], kwargs: {} });
    // The JSON pointer is read too, whatever the codec writes.
    const json = writePointer(
      'json',
      'jumbo-bucket',
      'dir/5d7191af-51c1-4a2b-b08f-cdd39a31ba61',
      '{"args":[1],"kwargs":{}}',
    );
    expect(await codec.decodeInput(json)).toEqual({ args: [1], kwargs: {} });
  });

  it('an explicit pointerFormat wins over the codec', async () => {
    const store = new MemoryPayloadStore();
    const codec = claimCheck(simpleflowLike, { store, pointerFormat: 'json' });
    expect((await codec.encodeResult(big(40_000))) ?? '').toMatch(/^\{"\$claimCheck":1,/);
  });
});

describe('claimCheck of failures and cancellations', () => {
  it('stores long failure details and keeps the reason', async () => {
    const store = new MemoryPayloadStore();
    const codec = claimCheck(jsonCodec, { store });
    const error = new Error(big(50_000, 'boom '));
    const { reason, details } = await codec.encodeFailure(error);
    expect(reason).toBe(`Error: ${error.message}`);
    const pointer = readPointer(details ?? '');
    expect(pointer?.length).toBeGreaterThan(50_000);
    expect(store.objects.get(pointer?.key ?? '')).toContain(error.stack);

    const short = await codec.encodeFailure(new TypeError('small'));
    expect(short.reason).toBe('TypeError: small');
    expect(short.details).toMatch(/^TypeError: small\n/);
  });

  it("uses the wrapped codec's failure and cancellation encodings", async () => {
    const store = new MemoryPayloadStore();
    const codec = claimCheck(
      {
        ...jsonCodec,
        encodeFailure: (error) => ({ reason: 'custom', details: `F:${String(error)}` }),
        encodeCanceled: () => big(40_000, 'c'),
      },
      { store },
    );
    expect(await codec.encodeFailure('x')).toEqual({ reason: 'custom', details: 'F:x' });
    const canceled = (await codec.encodeCanceled(new Error('stop'))) ?? '';
    expect(store.objects.get(readPointer(canceled)?.key ?? '')).toBe(big(40_000, 'c'));
  });

  it('cuts details the store could not take, with a note naming the store', async () => {
    const store = new FlakyStore(new MemoryPayloadStore(), 1, () => s3Error('AccessDenied', 403));
    const codec = claimCheck(jsonCodec, { store });
    const { details } = await codec.encodeFailure(new Error(big(50_000)));
    expect(details?.length).toBe(32_768);
    expect(details).toMatch(
      /^\[Cut to 32768 characters from \d+: PayloadStoreError: Could not store a payload in the payload store s3:\/\/flaky-bucket\/p\/: AccessDenied: AccessDenied from S3\]\nError: x/,
    );
    expect(details?.endsWith('…')).toBe(true);
    expect(store.calls).toBe(1);
  });
});

describe('claimCheck store failures', () => {
  it('retries throttling and 5xx on the clock, each try with its own signal', async () => {
    const clock = new ManualClock();
    const store = new FlakyStore(new MemoryPayloadStore(), 3, () => s3Error('SlowDown', 503));
    const codec = claimCheck(textCodec, { store });
    const call = callOn(clock);
    const encoded = codec.encodeResult(big(40_000), call);
    await clock.advance(20_000);
    expect(readPointer((await encoded) ?? '')?.format).toBe('json');
    expect(store.calls).toBe(4);
    expect(new Set(store.signals).size).toBe(4);
    expect(store.signals.every((signal) => signal !== call.signal)).toBe(true);
  });

  it('fails with PayloadStoreError naming the store once the deadline passes', async () => {
    const clock = new ManualClock();
    const store = new FlakyStore(new MemoryPayloadStore(), 1000, () =>
      s3Error('InternalError', 500),
    );
    const codec = claimCheck(textCodec, { store });
    const start = clock.now();
    const outcome = codec.encodeResult(big(40_000), callOn(clock, 10_000)).catch((e: unknown) => e);
    await clock.advance(15_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(PayloadStoreError);
    expect(String(error)).toBe(
      'PayloadStoreError: Could not store a payload in the payload store s3://flaky-bucket/p/: InternalError: InternalError from S3',
    );
    expect(store.calls).toBeGreaterThan(2);
    expect(clock.now() - start).toBeLessThanOrEqual(15_000);
  });

  it('does not retry a permanent error', async () => {
    const store = new FlakyStore(new MemoryPayloadStore(), 1, () => s3Error('AccessDenied', 403));
    const codec = claimCheck(textCodec, { store });
    await expect(codec.encodeResult(big(40_000))).rejects.toThrow(PayloadStoreError);
    expect(store.calls).toBe(1);
  });

  it('sends a field SWF takes inline when the store fails under a lower threshold', async () => {
    const store = new FlakyStore(new MemoryPayloadStore(), 1, () => s3Error('AccessDenied', 403));
    const codec = claimCheck(textCodec, { store, thresholdChars: 100 });
    expect(await codec.encodeResult(big(200))).toBe(big(200));
  });

  it("aborts the store's call when the task's signal aborts, and stops retrying", async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const hanging: PayloadStore = {
      name: 'memory://hanging/',
      bucket: 'hanging',
      put: (_content, { signal }) => {
        seen = signal;
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        );
      },
      get: () => Promise.reject(new Error('unused')),
    };
    const codec = claimCheck(textCodec, { store: hanging });
    const outcome = codec
      .encodeResult(big(40_000), callOn(clock, 60_000, controller.signal))
      .catch((e: unknown) => e);
    await clock.settle();
    const reason = new Error('task gone');
    controller.abort(reason);
    const error = await outcome;
    expect(seen?.aborted).toBe(true);
    expect(error).toBeInstanceOf(PayloadStoreError);
    expect((error as Error).cause).toBe(reason);
  });

  it('checks its options', () => {
    const store = new MemoryPayloadStore();
    expect(() => claimCheck(jsonCodec, { store, thresholdChars: 40_000 })).toThrow(
      /thresholdChars must be a whole number from 0 to 32768/,
    );
    expect(() => claimCheck(jsonCodec, { store, thresholdChars: -1 })).toThrow(RangeError);
    expect(() => claimCheck(jsonCodec, { store: {} as PayloadStore })).toThrow(
      /options.store must be a PayloadStore/,
    );
    expect(() => new MemoryPayloadStore({ keyPrefix: 'has space/' })).toThrow(/keyPrefix/);
    expect(() => new MemoryPayloadStore({ bucket: 'a/b' })).toThrow(/bucket must be/);
  });
});

describe("claimCheck around the interop's simpleflowCodec", () => {
  it('writes jumbo fields a simpleflow decider follows, and reads its jumbo inputs', async () => {
    const store = new MemoryPayloadStore({ bucket: 'jumbo', keyPrefix: 'fields/' });
    const codec = claimCheck(simpleflowCodec<[string]>(), { store });
    const field = (await codec.encodeResult({ b: 'x'.repeat(40_000), a: 1 })) ?? '';
    expect(field).toMatch(/^simpleflow\+s3:\/\/jumbo\/fields\/[0-9a-f]{64} 40014$/);
    const key = readPointer(field)?.key ?? '';
    // simpleflow's sorted keys, as its own worker writes them.
    expect(store.objects.get(key)?.startsWith('{"a":1,"b":"xxx')).toBe(true);

    store.objects.set('dir/7f0c', JSON.stringify({ args: ['y'.repeat(50_000)], kwargs: {} }));
    const input = await codec.decodeInput('simpleflow+s3://jumbo/dir/7f0c 50025');
    expect(input.args[0]).toHaveLength(50_000);
  });
});
