import { PayloadPointerError } from './errors.js';
import { sha256Hex } from './payload-store.js';

/**
 * How a field moved to a store is replaced in SWF:
 * - `'json'`: this package's pointer, a JSON object on one line:
 *   `{"$claimCheck":1,"bucket":"<bucket>","key":"<key>","length":<n>,"sha256":"<hex>"}`, where
 *   `length` counts UTF-16 code units (as SWF counts a field's length) and `sha256` is the hash
 *   of the content's UTF-8 bytes; both are checked when the pointer is read.
 * - `'simpleflow'`: simpleflow's "jumbo field", `simpleflow+s3://<bucket>/<key> <size>`, where
 *   `size` counts Unicode code points (Python's `len`); a simpleflow decider reads it.
 */
export type PointerFormat = 'json' | 'simpleflow';

/** A pointer read from a field. */
export interface PayloadPointer {
  readonly format: PointerFormat;
  readonly bucket: string;
  readonly key: string;
  /** The content's length in UTF-16 code units (json pointers). */
  readonly length?: number;
  /** The SHA-256 of the content's UTF-8 bytes, lowercase hex (json pointers). */
  readonly sha256?: string;
}

const JSON_MARKER = '{"$claimCheck":';
const SIMPLEFLOW_PREFIX = 'simpleflow+s3://';
const SIMPLEFLOW_POINTER = /^simpleflow\+s3:\/\/([^/\s]+)\/(\S+)\s+(\d+)\s*$/;

/** The pointer that stands for `content`, stored at `key` of `bucket`. */
export function writePointer(
  format: PointerFormat,
  bucket: string,
  key: string,
  content: string,
): string {
  if (format === 'simpleflow') {
    let codePoints = 0;
    for (const _ of content) codePoints++;
    return `${SIMPLEFLOW_PREFIX}${bucket}/${key} ${codePoints}`;
  }
  return JSON.stringify({
    $claimCheck: 1,
    bucket,
    key,
    length: content.length,
    sha256: sha256Hex(content),
  });
}

/**
 * The pointer a field holds, or `undefined` for an ordinary field. Both formats are recognised,
 * whatever the codec writes. Throws {@link PayloadPointerError} for a field that starts like a
 * pointer but is not a valid one.
 */
export function readPointer(field: string): PayloadPointer | undefined {
  if (field.startsWith(SIMPLEFLOW_PREFIX)) {
    const match = SIMPLEFLOW_POINTER.exec(field);
    if (match === null) {
      throw new PayloadPointerError(
        `Malformed simpleflow jumbo-field pointer: expected "simpleflow+s3://<bucket>/<key> <size>", got ${preview(field)}`,
      );
    }
    return { format: 'simpleflow', bucket: match[1] ?? '', key: match[2] ?? '' };
  }
  if (!field.startsWith(JSON_MARKER)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(field);
  } catch {
    parsed = undefined;
  }
  const pointer = parsed as Record<string, unknown> | undefined;
  if (
    pointer?.$claimCheck !== 1 ||
    typeof pointer.bucket !== 'string' ||
    typeof pointer.key !== 'string' ||
    !Number.isSafeInteger(pointer.length) ||
    typeof pointer.sha256 !== 'string' ||
    !/^[0-9a-f]{64}$/.test(pointer.sha256)
  ) {
    throw new PayloadPointerError(
      `Malformed claim-check pointer: expected {"$claimCheck":1,"bucket":…,"key":…,"length":…,"sha256":…}, got ${preview(field)}`,
    );
  }
  return {
    format: 'json',
    bucket: pointer.bucket,
    key: pointer.key,
    length: pointer.length as number,
    sha256: pointer.sha256,
  };
}

/** Checks that `content`, read for `pointer`, is what the pointer describes. */
export function checkPointedContent(pointer: PayloadPointer, content: string): void {
  const where = `${pointer.bucket}/${pointer.key}`;
  if (pointer.length !== undefined && content.length !== pointer.length) {
    throw new PayloadPointerError(
      `The payload at ${where} is ${content.length} characters long; its pointer says ${pointer.length}`,
    );
  }
  if (pointer.sha256 !== undefined && sha256Hex(content) !== pointer.sha256) {
    throw new PayloadPointerError(
      `The payload at ${where} does not match the SHA-256 of its pointer: it was changed or replaced`,
    );
  }
}

function preview(field: string): string {
  return JSON.stringify(field.length > 120 ? `${field.slice(0, 120)}…` : field);
}
