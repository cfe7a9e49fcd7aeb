/**
 * How a thrown value is described in a failure report, whatever it is: an Error, a string, a
 * Symbol, `null`, an object whose getters, `toString` or `toJSON` throw, a Proxy, a revoked
 * Proxy. Every read is guarded: these functions never throw.
 */

/** What stands for a value none of whose descriptions could be read. */
const UNREADABLE = '(a value that could not be read)';

/** The value `read` gives, or `undefined` if reading it threw. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Whether `value` is an Error (false when even asking throws, as for a revoked Proxy). */
function isError(value: unknown): value is Error {
  return attempt(() => value instanceof Error) === true;
}

/** Any value as text: JSON where it has one, else `String()`, else its type tag. Never throws. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'symbol':
      return attempt(() => value.toString()) ?? 'Symbol()';
    case 'function':
      return `[function ${attempt(() => String(value.name)) || '(anonymous)'}]`;
    case 'object':
      if (value === null) return 'null';
      return (
        attempt(() => JSON.stringify(value)) ??
        attempt(() => String(value)) ??
        attempt(() => Object.prototype.toString.call(value)) ??
        UNREADABLE
      );
    default:
      return String(value);
  }
}

/** A member of an error, as text; `undefined` when it is absent or reading it throws. */
function member(error: Error, read: (error: Error) => unknown): string | undefined {
  const value = attempt(() => read(error));
  return value === undefined ? undefined : describeValue(value);
}

/**
 * `Name: message`, the first line of what went wrong; for a value that is not an Error,
 * `Non-error thrown: ` and the value.
 */
export function failureReason(error: unknown): string {
  if (!isError(error)) return `Non-error thrown: ${describeValue(error)}`;
  const name = member(error, (each) => each.name) ?? 'Error';
  const message = member(error, (each) => each.message);
  return message === undefined ? `${name} (its message could not be read)` : `${name}: ${message}`;
}

/** Message, stack and the chain of causes (five at most), for the details of a failure. */
export function failureDetails(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (depth > 0) lines.push('Caused by:');
    if (isError(current)) {
      lines.push(member(current, (each) => each.stack) ?? failureReason(current));
      const error = current;
      current = attempt(() => error.cause);
    } else {
      lines.push(describeValue(current));
      current = undefined;
    }
  }
  return lines.join('\n');
}
