/** The frames of a JavaScript error's stack, for frameworks that carry stack traces of their own. */

/** One frame of a V8 stack trace. */
export interface StackFrame {
  /** The function (`'<anonymous>'` when it has no name). */
  readonly functionName: string;
  /** The file's path or URL, as V8 printed it (`file://` taken off). */
  readonly file: string;
  readonly line: number;
}

const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):\d+\)?$/;

/** The frames of `error`'s stack (none when it has no readable stack), at most `max`. */
export function stackFrames(error: unknown, max = 64): StackFrame[] {
  let stack: unknown;
  try {
    stack = error instanceof Error ? error.stack : undefined;
  } catch {
    return [];
  }
  if (typeof stack !== 'string') return [];
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (match === null) continue;
    const [, functionName, file = '', lineNumber = '0'] = match;
    frames.push({
      functionName: functionName?.replace(/^async /, '') || '<anonymous>',
      file: file.replace(/^file:\/\//, ''),
      line: Number(lineNumber),
    });
    if (frames.length >= max) break;
  }
  return frames;
}

/** The message of a thrown value: an error's message, else the value as text. Never throws. */
export function thrownMessage(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message);
    if (typeof error === 'string') return error;
    if (typeof error === 'function') return `[function ${error.name || 'anonymous'}]`;
    return JSON.stringify(error) ?? String(error);
  } catch {
    try {
      return String(error);
    } catch {
      return '(a value that could not be read)';
    }
  }
}

/** The cause of a thrown value, if it is an error with one. Never throws. */
export function thrownCause(error: unknown): unknown {
  try {
    return error instanceof Error ? error.cause : undefined;
  } catch {
    return undefined;
  }
}
