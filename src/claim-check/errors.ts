/**
 * A payload store failed for good (a permanent error, or its retries ran out before the task's
 * deadline): the field could not be stored or read. The task fails with this error's name and
 * message, which name the store and the key; nothing is ever cut silently.
 */
export class PayloadStoreError extends Error {
  override readonly name = 'PayloadStoreError';
  /** The store's name, e.g. `s3://swf-payloads/media/`. */
  readonly store: string;
  /** What was being done. */
  readonly operation: 'put' | 'get';
  /** The key read (absent for a write, whose key the store picks). */
  readonly key: string | undefined;

  constructor(store: string, operation: 'put' | 'get', key: string | undefined, cause: unknown) {
    const what = operation === 'put' ? 'store a payload in' : `read ${key} from`;
    const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`Could not ${what} the payload store ${store}: ${why}`, { cause });
    this.store = store;
    this.operation = operation;
    this.key = key;
  }
}

/**
 * A field looked like a claim-check pointer but could not be followed: the pointer is
 * malformed, names a bucket the store does not read, or what was read does not match it
 * (length or SHA-256).
 */
export class PayloadPointerError extends Error {
  override readonly name = 'PayloadPointerError';
}
