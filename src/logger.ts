/**
 * A logger: `console`, a pino logger, or anything with the same four methods. The worker calls
 * them as pino does, `logger.warn({ ...fields }, 'message')`, which console prints as well.
 * When the logger has pino's `child(bindings)`, each task gets a child logger.
 */
export interface Logger {
  /** Details for debugging (the worker writes none at this level today). */
  debug(...args: unknown[]): void;
  /** What happened, for the record (the worker writes none at this level today). */
  info(...args: unknown[]): void;
  /** Something a person should look at: a failed heartbeat, a task gone, a warning event. */
  warn(...args: unknown[]): void;
  /** Something failed for good: an outcome that could not be reported, a listener that threw. */
  error(...args: unknown[]): void;
  /** A logger whose lines all carry `bindings` (pino's `child`). */
  child?(bindings: Record<string, unknown>): Logger;
}

const ignore = (): void => {};

/** A logger that drops everything. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/**
 * The default: warnings and errors to the console, nothing else, one line each: the message,
 * then its fields as JSON, errors shown by name, code and message (not their stacks, nor the
 * SDK's whole object).
 */
export const consoleWarningsLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: (...args) => console.warn(oneLine(args)),
  error: (...args) => console.error(oneLine(args)),
};

/** The name, code and message of an error, for a log line. Never throws, whatever `error` is. */
export function errorSummary(error: unknown): {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
} {
  try {
    if (typeof error !== 'object' || error === null) {
      return { name: typeof error, message: String(error) };
    }
    const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
    return {
      name: typeof name === 'string' ? name : 'Error',
      ...(typeof code === 'string' ? { code } : {}),
      message: typeof message === 'string' ? message : '',
    };
  } catch {
    return { name: 'Error', message: 'the error could not be read' };
  }
}

/** `message {"fields":...}` for pino-style calls; anything else joined with spaces. */
function oneLine(args: readonly unknown[]): string {
  const [first, ...rest] = args;
  const fields = typeof first === 'object' && first !== null && !(first instanceof Error);
  const parts = fields ? [...rest, first] : args;
  return parts.map((part) => (typeof part === 'string' ? part : toJson(part))).join(' ');
}

function toJson(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_key, member: unknown) =>
        member instanceof Error
          ? errorSummary(member)
          : typeof member === 'bigint'
            ? String(member)
            : member,
      ) ?? String(value)
    );
  } catch {
    return '[unprintable]';
  }
}

/** A logger that adds `bindings` to every line: the logger's own child, or a wrapper. */
export function childLogger(logger: Logger, bindings: Record<string, unknown>): Logger {
  if (typeof logger.child === 'function') return logger.child(bindings);
  const withBindings =
    (method: (...args: unknown[]) => void) =>
    (...args: unknown[]): void => {
      const [first, ...rest] = args;
      if (typeof first === 'object' && first !== null && !(first instanceof Error)) {
        method({ ...bindings, ...first }, ...rest);
      } else {
        method(bindings, ...args);
      }
    };
  return {
    debug: withBindings((...args) => logger.debug(...args)),
    info: withBindings((...args) => logger.info(...args)),
    warn: withBindings((...args) => logger.warn(...args)),
    error: withBindings((...args) => logger.error(...args)),
  };
}
