import { createHash } from 'node:crypto';

/** What a {@link PayloadStore} is given with each call. */
export interface PayloadStoreCallOptions {
  /**
   * Aborts when the call's time is up (a try's share of the task's deadline) or its answer is
   * no longer wanted. Pass it to the client's `send` (`{ abortSignal }`).
   */
  readonly signal: AbortSignal;
}

/**
 * Where {@link claimCheck} keeps fields too large for SWF. One bucket; the store picks the key of
 * what it writes, and reads any key of its bucket (a pointer written by a decider names keys of
 * its own).
 *
 * A call that fails is retried by the claim check when the error is throttling, a 5xx or a
 * network error (as SWF calls are: the AWS SDK's errors classify themselves); any other error
 * fails the task at once. The worker never deletes what it stored: a decider may still read it.
 *
 * @example
 * ```ts
 * import { S3Client } from '@aws-sdk/client-s3';
 * import { S3PayloadStore } from 'swf-activity-worker/s3';
 *
 * const store = new S3PayloadStore({ client: new S3Client({}), bucket: 'swf-payloads', keyPrefix: 'media/' });
 * ```
 */
export interface PayloadStore {
  /** Names the store in errors and events, e.g. `s3://swf-payloads/media/`. */
  readonly name: string;
  /** The bucket that pointers name. */
  readonly bucket: string;
  /** Writes `content` (UTF-8); answers its key. Writing the same content twice is harmless. */
  put(content: string, options: PayloadStoreCallOptions): Promise<string>;
  /** Reads the content at `key` of the bucket (UTF-8). */
  get(key: string, options: PayloadStoreCallOptions): Promise<string>;
}

/** The SHA-256 of `content`'s UTF-8 bytes, in lowercase hex. */
export function sha256Hex(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/**
 * The content-addressed key of `content` under `keyPrefix`: the prefix then the SHA-256 of the
 * content. The same payload is stored once however often it is sent, and a key names its
 * content for good, so that an object is never overwritten with something else.
 */
export function contentKey(keyPrefix: string, content: string): string {
  return `${keyPrefix}${sha256Hex(content)}`;
}

/**
 * Checks a bucket name and key prefix given to a store, naming the problem.
 * @internal
 */
export function checkStoreLocation(owner: string, bucket: unknown, keyPrefix: unknown): void {
  if (typeof bucket !== 'string' || bucket.length === 0 || /[\s/]/.test(bucket)) {
    throw new TypeError(
      `${owner}: bucket must be a bucket name (no slash, no space), got ${JSON.stringify(bucket)}`,
    );
  }
  if (typeof keyPrefix !== 'string' || /\s/.test(keyPrefix) || keyPrefix.startsWith('/')) {
    throw new TypeError(
      `${owner}: keyPrefix must be a string without spaces that does not start with "/" (e.g. "swf-payloads/"), got ${JSON.stringify(keyPrefix)}`,
    );
  }
}
