import type { AsyncActivityCodec, CodecCall, FailureEncoding } from '../activity/async-codec.js';
import { failureDetails, failureReason } from '../activity/failure-description.js';
import { systemClock } from '../clock/clock.js';
import { MAX_DATA_LENGTH, truncate } from '../limits/swf-limits.js';
import { callWithRetry } from '../retry/call-with-retry.js';
import { PayloadPointerError, PayloadStoreError } from './errors.js';
import {
  checkPointedContent,
  type PointerFormat,
  readPointer,
  writePointer,
} from './payload-pointer.js';
import type { PayloadStore } from './payload-store.js';

/** How long store calls are retried when the caller gives no deadline. */
const DEFAULT_STORE_WINDOW_MS = 60_000;

/** A codec wrapped by {@link claimCheck}: its members that may reach the store are async. */
export interface ClaimCheckCodec<Input = unknown, Result = unknown>
  extends AsyncActivityCodec<Input, Result> {
  /** Reads a pointer back from the store, then decodes with the wrapped codec. */
  decodeInput(input: string | undefined, call?: CodecCall): Promise<Input>;
  /** Encodes with the wrapped codec, then stores the result if it is over the threshold. */
  encodeResult(result: Result, call?: CodecCall): Promise<string | undefined>;
  /** Encodes with the wrapped codec (or the default), then stores long details. */
  encodeFailure(error: unknown, call?: CodecCall): Promise<FailureEncoding>;
  /** Encodes with the wrapped codec (or the default), then stores long details. */
  encodeCanceled(error: unknown, call?: CodecCall): Promise<string | undefined>;
}

/** Options of {@link claimCheck}. */
export interface ClaimCheckOptions {
  /** Where large fields go, e.g. an `S3PayloadStore` from `swf-activity-worker/s3`. */
  readonly store: PayloadStore;
  /**
   * A field longer than this many characters (UTF-16 code units, as SWF counts) is stored and
   * replaced by a pointer. At most SWF's limit, 32,768; 0 stores every non-empty field.
   * @defaultValue SWF's limit for each field: 32,768 for input, result and the details of a
   * failure or a cancellation
   */
  readonly thresholdChars?: number;
  /**
   * The pointer written in place of a stored field. Both formats are always read.
   * @defaultValue the wrapped codec's `pointerFormat` (`'simpleflow'` for simpleflow's codec),
   * else `'json'`
   */
  readonly pointerFormat?: PointerFormat;
}

/**
 * Wraps `codec` so that fields too large for SWF travel through a payload store (the "claim
 * check" pattern): a result, or the details of a failure or a cancellation, longer than the
 * threshold is written to `store` and replaced by a pointer; an input that is a pointer is read
 * back before the handler runs. Heartbeat details are not moved (a heartbeat is sent often, and
 * SWF keeps only the last): they are cut to 2,048 characters as usual.
 *
 * Store calls are retried on throttling, 5xx and network errors until the task's deadline
 * ({@link CodecCall}); then the task fails with a {@link PayloadStoreError} whose message names
 * the store, and failure details that cannot be stored are cut with a note saying why. Nothing
 * is cut silently. The worker never deletes stored payloads: expire them with the store's own
 * means (an S3 lifecycle rule).
 *
 * @example
 * ```ts
 * import { S3Client } from '@aws-sdk/client-s3';
 * import { claimCheck, defineActivity, jsonCodec } from 'swf-activity-worker';
 * import { S3PayloadStore } from 'swf-activity-worker/s3';
 *
 * const store = new S3PayloadStore({ client: new S3Client({}), bucket: 'swf-payloads', keyPrefix: 'reports/' });
 * const report = defineActivity({
 *   name: 'buildReport',
 *   version: '1',
 *   codec: claimCheck(jsonCodec, { store }),
 *   handler: async (input: { month: string }) => buildReport(input.month), // may be megabytes
 * });
 * ```
 */
export function claimCheck<Input, Result>(
  codec: AsyncActivityCodec<Input, Result>,
  options: ClaimCheckOptions,
): ClaimCheckCodec<Input, Result> {
  const { store } = checkOptions(options);
  const threshold = options.thresholdChars ?? MAX_DATA_LENGTH;
  const format: PointerFormat = options.pointerFormat ?? codec.pointerFormat ?? 'json';

  /**
   * Stores `field` if it is over the threshold and answers its pointer. A field that SWF takes
   * as it is (a threshold below SWF's limit) is sent inline when the store fails.
   */
  const offload = async (field: string | undefined, call: CodecCall | undefined) => {
    if (field === undefined || field.length <= threshold) return field;
    try {
      const key = await storeCall(store, 'put', undefined, call, (signal) =>
        store.put(field, { signal }),
      );
      return writePointer(format, store.bucket, key, field);
    } catch (error) {
      if (field.length <= MAX_DATA_LENGTH) return field;
      throw error;
    }
  };

  /** Stores `details` if need be; if the store fails, cuts them with a note that says why. */
  const offloadOrCut = async (details: string | undefined, call: CodecCall | undefined) => {
    try {
      return await offload(details, call);
    } catch (error) {
      const note = `[Cut to ${MAX_DATA_LENGTH} characters from ${details?.length}: ${failureReason(error)}]\n`;
      return truncate(note + (details ?? ''), MAX_DATA_LENGTH);
    }
  };

  return {
    async decodeInput(input, call) {
      const pointer = input === undefined ? undefined : readPointer(input);
      if (pointer === undefined) return codec.decodeInput(input, call);
      if (pointer.bucket !== store.bucket) {
        throw new PayloadPointerError(
          `The input points to bucket ${pointer.bucket}, but the payload store ${store.name} reads bucket ${store.bucket}`,
        );
      }
      const content = await storeCall(store, 'get', pointer.key, call, (signal) =>
        store.get(pointer.key, { signal }),
      );
      checkPointedContent(pointer, content);
      return codec.decodeInput(content, call);
    },
    async encodeResult(result, call) {
      return offload(await codec.encodeResult(result, call), call);
    },
    encodeDetails: (details) => codec.encodeDetails(details),
    async encodeFailure(error, call) {
      let failure: FailureEncoding;
      try {
        failure = codec.encodeFailure
          ? await codec.encodeFailure(error, call)
          : { reason: failureReason(error), details: failureDetails(error) };
      } catch {
        failure = { reason: failureReason(error), details: failureDetails(error) };
      }
      return { reason: failure.reason, details: await offloadOrCut(failure.details, call) };
    },
    async encodeCanceled(error, call) {
      let details: string | undefined;
      try {
        details = codec.encodeCanceled
          ? await codec.encodeCanceled(error, call)
          : failureDetails(error);
      } catch {
        details = failureDetails(error);
      }
      return offloadOrCut(details, call);
    },
  };
}

/**
 * One call of the store, retried on throttling and transient errors until the call's deadline;
 * each try gets a signal that aborts when its share of the time is up or the answer is no longer
 * wanted. A failure for good becomes a {@link PayloadStoreError} naming the store.
 */
async function storeCall<Output>(
  store: PayloadStore,
  operation: 'put' | 'get',
  key: string | undefined,
  call: CodecCall | undefined,
  send: (signal: AbortSignal) => Promise<Output>,
): Promise<Output> {
  const clock = call?.clock ?? systemClock;
  const outer = call?.signal;
  try {
    const { output } = await callWithRetry<Output>(
      (trySignal) =>
        send(
          outer === undefined ? trySignal.standard : AbortSignal.any([trySignal.standard, outer]),
        ),
      {
        clock,
        random: Math.random,
        deadline: call?.deadline ?? clock.now() + DEFAULT_STORE_WINDOW_MS,
        signal: outer,
      },
    );
    return output;
  } catch (error) {
    throw new PayloadStoreError(store.name, operation, key, error);
  }
}

function checkOptions(options: ClaimCheckOptions): ClaimCheckOptions {
  const store = options?.store as Partial<PayloadStore> | undefined;
  if (
    typeof store?.put !== 'function' ||
    typeof store.get !== 'function' ||
    typeof store.bucket !== 'string' ||
    typeof store.name !== 'string'
  ) {
    throw new TypeError(
      'claimCheck: options.store must be a PayloadStore (name, bucket, put, get), e.g. new S3PayloadStore({ client, bucket }) from swf-activity-worker/s3',
    );
  }
  const threshold = options.thresholdChars;
  if (
    threshold !== undefined &&
    !(Number.isInteger(threshold) && threshold >= 0 && threshold <= MAX_DATA_LENGTH)
  ) {
    throw new RangeError(
      `claimCheck: thresholdChars must be a whole number from 0 to ${MAX_DATA_LENGTH} (SWF's limit), got ${threshold}`,
    );
  }
  const format = options.pointerFormat;
  if (format !== undefined && format !== 'json' && format !== 'simpleflow') {
    throw new TypeError(
      `claimCheck: pointerFormat must be 'json' or 'simpleflow', got ${JSON.stringify(format)}`,
    );
  }
  return options;
}
