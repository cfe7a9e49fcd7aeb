import {
  checkStoreLocation,
  contentKey,
  type PayloadStore,
  type PayloadStoreCallOptions,
} from './payload-store.js';

/** Options of {@link MemoryPayloadStore}. */
export interface MemoryPayloadStoreOptions {
  /**
   * The bucket its pointers name.
   * @defaultValue `'memory'`
   */
  readonly bucket?: string;
  /**
   * Put before the content's SHA-256 in each key.
   * @defaultValue `''`
   */
  readonly keyPrefix?: string;
}

/**
 * A {@link swf-activity-worker!PayloadStore} in memory, for tests: keys are content-addressed
 * as in the S3 store, and `objects` shows what was stored.
 *
 * @example
 * ```ts
 * const store = new MemoryPayloadStore();
 * const codec = claimCheck(jsonCodec, { store });
 * const result = await codec.encodeResult('x'.repeat(40_000));
 * expect(store.objects.size).toBe(1);
 * ```
 */
export class MemoryPayloadStore implements PayloadStore {
  readonly bucket: string;
  readonly name: string;
  readonly #keyPrefix: string;
  readonly #objects = new Map<string, string>();

  constructor(options: MemoryPayloadStoreOptions = {}) {
    const { bucket = 'memory', keyPrefix = '' } = options;
    checkStoreLocation('MemoryPayloadStore', bucket, keyPrefix);
    this.bucket = bucket;
    this.#keyPrefix = keyPrefix;
    this.name = `memory://${bucket}/${keyPrefix}`;
  }

  /** What is stored, by key. Set an entry to play a decider that wrote a payload. */
  get objects(): Map<string, string> {
    return this.#objects;
  }

  async put(content: string, options: PayloadStoreCallOptions): Promise<string> {
    options.signal.throwIfAborted();
    const key = contentKey(this.#keyPrefix, content);
    this.#objects.set(key, content);
    return key;
  }

  async get(key: string, options: PayloadStoreCallOptions): Promise<string> {
    options.signal.throwIfAborted();
    const content = this.#objects.get(key);
    if (content === undefined) {
      throw Object.assign(new Error(`No object at key ${key} in ${this.name}`), {
        name: 'NoSuchKey',
      });
    }
    return content;
  }
}
