import type { ActivityCodec } from '../activity/codec.js';
import { MAX_DATA_LENGTH, MAX_REASON_LENGTH, truncate } from '../limits/swf-limits.js';
import { notInFormat, parseInputJson } from './input-format.js';
import { stackFrames, thrownMessage } from './stack-frames.js';

/** What a handler receives from a simpleflow decider: the Python call's arguments. */
export interface SimpleflowInput<
  Args extends readonly unknown[] = unknown[],
  Kwargs extends object = Record<string, unknown>,
> {
  /** The positional arguments. */
  readonly args: Args;
  /** The keyword arguments. */
  readonly kwargs: Kwargs;
}

/** Options of {@link simpleflowCodec}. */
export interface SimpleflowCodecOptions {
  /**
   * The Python exception type a thrown value is reported as (`error_type`, a dotted path the
   * decider imports to decide on retries; `error` is its last part).
   * @defaultValue `() => 'builtins.Exception'`
   */
  readonly errorType?: (error: unknown) => string;
}

/** The type of every failure whose type `errorType` does not give. */
const DEFAULT_ERROR_TYPE = 'builtins.Exception';
const PYTHON_DOTTED_NAME = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

const INPUT_FORMAT =
  'simpleflow\'s input format, {"args":[...],"kwargs":{...}} (or a bare list or object from a non-Python decider)';

/**
 * The codec of activities scheduled by a simpleflow (Python) decider:
 * - input: `{"args":[...],"kwargs":{...}}` (the `meta` key ignored), or the bare list (`args`) or
 *   object (`kwargs`) that a `NonPythonicActivityTask` sends, given to the handler as
 *   `{ args, kwargs }`; other input fails the task with `InputDecodingError`;
 * - result: JSON with sorted keys, as simpleflow writes it (`null` for no result);
 * - failure: reason `"Name: message"`, details simpleflow's own JSON,
 *   `{"error","error_type","message","traceback"}`, with `error_type` from `errorType`;
 * - heartbeat details and cancellation details: JSON;
 * - fields too large for SWF, with {@link swf-activity-worker!claimCheck}: simpleflow's jumbo
 *   fields (`simpleflow+s3://<bucket>/<key> <size>`), read and written.
 *
 * @example
 * ```ts
 * // Python: @activity.with_attributes(task_list='images', version='1.0') def resize(key, width=100): ...
 * const resize = defineActivity({
 *   name: 'images.tasks.resize',
 *   version: '1.0',
 *   codec: simpleflowCodec<[string], { width?: number }, { key: string }>({
 *     errorType: (error) => (error instanceof RangeError ? 'builtins.ValueError' : 'builtins.Exception'),
 *   }),
 *   async handler({ args: [key], kwargs: { width = 100 } }) {
 *     return { key: `${key}@${width}` };
 *   },
 * });
 * ```
 */
export function simpleflowCodec<
  Args extends readonly unknown[] = unknown[],
  Kwargs extends object = Record<string, unknown>,
  Result = unknown,
>(options: SimpleflowCodecOptions = {}): ActivityCodec<SimpleflowInput<Args, Kwargs>, Result> {
  const errorType = options.errorType ?? (() => DEFAULT_ERROR_TYPE);
  if (typeof errorType !== 'function') {
    throw new TypeError('simpleflowCodec: `errorType` must be a function of the thrown value');
  }
  return {
    decodeInput: (input) =>
      decodeSimpleflowInput(input) as unknown as SimpleflowInput<Args, Kwargs>,
    encodeResult: (result) => sortedJson(result === undefined ? null : result),
    encodeDetails: (details) => (details === undefined ? undefined : sortedJson(details)),
    encodeFailure: (error) => simpleflowFailure(error, pythonType(error, errorType)),
    encodeCanceled: (error) => sortedJson({ message: thrownMessage(error) }),
    // A claim check around this codec writes simpleflow's jumbo fields, which its decider reads.
    pointerFormat: 'simpleflow',
  };
}

function decodeSimpleflowInput(input: string | undefined): SimpleflowInput {
  if (input === undefined || input === '') return { args: [], kwargs: {} };
  const json = parseInputJson(input, INPUT_FORMAT);
  if (Array.isArray(json)) return { args: json, kwargs: {} };
  if (typeof json !== 'object' || json === null) {
    throw notInFormat(input, INPUT_FORMAT);
  }
  const record = json as Record<string, unknown>;
  const keys = Object.keys(record);
  const framed =
    keys.length > 0 && keys.every((key) => key === 'args' || key === 'kwargs' || key === 'meta');
  if (!framed) return { args: [], kwargs: record };
  const { args = [], kwargs = {} } = record;
  if (
    !Array.isArray(args) ||
    typeof kwargs !== 'object' ||
    kwargs === null ||
    Array.isArray(kwargs)
  ) {
    throw notInFormat(input, INPUT_FORMAT, ' ("args" must be a list, "kwargs" an object)');
  }
  return { args, kwargs: kwargs as Record<string, unknown> };
}

function pythonType(error: unknown, errorType: (error: unknown) => string): string {
  try {
    const name = errorType(error);
    return typeof name === 'string' && PYTHON_DOTTED_NAME.test(name) ? name : DEFAULT_ERROR_TYPE;
  } catch {
    return DEFAULT_ERROR_TYPE;
  }
}

/** Reason and details as simpleflow's worker writes them for an exception. Never throws. */
function simpleflowFailure(error: unknown, type: string): { reason: string; details: string } {
  const name = type.slice(type.lastIndexOf('.') + 1);
  let message = thrownMessage(error);
  const reason = truncate(message === '' ? name : `${name}: ${message}`, MAX_REASON_LENGTH);
  // Python's traceback.format_tb lines, from the innermost call out as Python orders them.
  let traceback = stackFrames(error)
    .reverse()
    .map((frame) => `  File "${frame.file}", line ${frame.line}, in ${frame.functionName}\n`)
    .join('');
  const write = () => sortedJson({ error: name, error_type: type, message, traceback }) as string;
  let details = write();
  if (details.length > MAX_DATA_LENGTH) {
    traceback = '';
    details = write();
  }
  if (details.length > MAX_DATA_LENGTH) {
    message = truncate(
      message,
      Math.max(0, message.length - (details.length - MAX_DATA_LENGTH) - 16),
    );
    details = write();
    while (details.length > MAX_DATA_LENGTH) {
      message = truncate(message, Math.floor(message.length / 2));
      details = write();
    }
  }
  return { reason, details };
}

/** JSON with every object's keys sorted, compact, as simpleflow's `json_dumps`. */
function sortedJson(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (typeof member !== 'object' || member === null || Array.isArray(member)) return member;
    if (member instanceof Map) return Object.fromEntries(member);
    if (member instanceof Set) return Array.from(member);
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(member).sort()) {
      sorted[key] = (member as Record<string, unknown>)[key];
    }
    return sorted;
  });
}
