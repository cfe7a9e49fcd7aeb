import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  checkStoreLocation,
  contentKey,
  type PayloadStore,
  type PayloadStoreCallOptions,
} from '../claim-check/payload-store.js';

/** Options of {@link S3PayloadStore}. */
export interface S3PayloadStoreOptions {
  /** Your S3 client: its region, credentials, endpoint and retry settings are used as they are. */
  readonly client: S3Client;
  /** The bucket payloads are written to and read from. */
  readonly bucket: string;
  /**
   * Put before the content's SHA-256 in each key; an S3 lifecycle rule filtered on it expires
   * the payloads. No spaces (simpleflow's pointer is space-separated).
   * @defaultValue `'swf-payloads/'`
   */
  readonly keyPrefix?: string;
}

/**
 * A {@link swf-activity-worker!PayloadStore} in an S3 bucket, through your own `S3Client`
 * (`@aws-sdk/client-s3`, an optional peer dependency of this package). Keys are
 * content-addressed: `<keyPrefix><sha256 of the content>`, so the same payload is stored once and
 * a key never changes meaning. Objects are written as `text/plain; charset=utf-8`.
 *
 * Each call carries the AbortSignal it is given, so that it ends with the task's deadline. The
 * worker never deletes objects (a decider may read a result long after the task closed): expire
 * them with a lifecycle rule on the key prefix, longer than your workflows' retention.
 *
 * Permissions: `s3:PutObject` and `s3:GetObject` on `arn:aws:s3:::<bucket>/<keyPrefix>*` (and on
 * the keys deciders write, for inputs they store).
 *
 * @example
 * ```ts
 * import { S3Client } from '@aws-sdk/client-s3';
 * import { claimCheck, jsonCodec } from 'swf-activity-worker';
 * import { S3PayloadStore } from 'swf-activity-worker/s3';
 *
 * const store = new S3PayloadStore({ client: new S3Client({}), bucket: 'acme-swf-payloads' });
 * const codec = claimCheck(jsonCodec, { store });
 * ```
 */
export class S3PayloadStore implements PayloadStore {
  readonly bucket: string;
  readonly name: string;
  /** What goes before the content's hash in each key. */
  readonly keyPrefix: string;
  readonly #client: S3Client;

  constructor(options: S3PayloadStoreOptions) {
    const { client, bucket, keyPrefix = 'swf-payloads/' } = options ?? {};
    if (typeof (client as Partial<S3Client> | undefined)?.send !== 'function') {
      throw new TypeError(
        'S3PayloadStore: options.client must be an S3Client from @aws-sdk/client-s3 (npm install @aws-sdk/client-s3)',
      );
    }
    checkStoreLocation('S3PayloadStore', bucket, keyPrefix);
    this.#client = client;
    this.bucket = bucket;
    this.keyPrefix = keyPrefix;
    this.name = `s3://${bucket}/${keyPrefix}`;
  }

  async put(content: string, options: PayloadStoreCallOptions): Promise<string> {
    const key = contentKey(this.keyPrefix, content);
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: content,
        ContentType: 'text/plain; charset=utf-8',
      }),
      { abortSignal: options.signal },
    );
    return key;
  }

  async get(key: string, options: PayloadStoreCallOptions): Promise<string> {
    const output = await this.#client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      {
        abortSignal: options.signal,
      },
    );
    if (output.Body === undefined) {
      throw new Error(`S3 answered GetObject for ${key} without a body`);
    }
    return output.Body.transformToString('utf-8');
  }
}
