/**
 * A thrown value as a Java exception in Jackson's JSON, the failure details a Java Flow decider
 * parses back into a `Throwable` (the cause of its `ActivityTaskFailedException`).
 */
import { MAX_DATA_LENGTH } from '../limits/swf-limits.js';
import { isJavaClassName } from './java-types.js';
import { type StackFrame, stackFrames, thrownCause, thrownMessage } from './stack-frames.js';

/** The class of every exception whose class `exceptionClass` does not give. */
export const DEFAULT_JAVA_EXCEPTION_CLASS = 'java.lang.RuntimeException';

/** The deepest chain of causes written. */
const MAX_CAUSES = 16;

interface ExceptionLevel {
  readonly className: string;
  message: string;
  frames: readonly StackFrame[];
}

/**
 * `["com.acme.Declined",{"message":"...","stackTrace":[...],"cause":[...]}]` for `error` and its
 * causes, at most `limit` characters: stack frames go first, then the deepest causes, then the
 * end of the message; the JSON always stays whole. Never throws.
 */
export function javaExceptionDetails(
  error: unknown,
  exceptionClass: (error: unknown) => string,
  limit = MAX_DATA_LENGTH,
): string {
  const levels: ExceptionLevel[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (levels.length < MAX_CAUSES && !seen.has(current)) {
    seen.add(current);
    levels.push({
      className: classOf(current, exceptionClass),
      message: thrownMessage(current),
      frames: stackFrames(current),
    });
    current = thrownCause(current);
    if (current === undefined || current === null) break;
  }
  let json = write(levels);
  if (json.length <= limit) return json;
  for (const level of levels) level.frames = [];
  json = write(levels);
  while (json.length > limit && levels.length > 1) {
    levels.pop();
    json = write(levels);
  }
  const top = levels[0];
  if (json.length > limit && top !== undefined) {
    // Only the message is left to cut: each character of it costs at most 6 in JSON.
    const overflow = json.length - limit;
    let keep = top.message.length;
    while (json.length > limit && keep > 0) {
      keep = Math.max(0, keep - Math.max(1, Math.ceil(overflow / 6)));
      top.message = `${top.message.slice(0, keep)}…`;
      json = write(levels);
    }
  }
  return json;
}

function classOf(error: unknown, exceptionClass: (error: unknown) => string): string {
  try {
    const name = exceptionClass(error);
    return typeof name === 'string' && isJavaClassName(name) ? name : DEFAULT_JAVA_EXCEPTION_CLASS;
  } catch {
    return DEFAULT_JAVA_EXCEPTION_CLASS;
  }
}

function write(levels: readonly ExceptionLevel[]): string {
  let json = '';
  for (let index = levels.length - 1; index >= 0; index--) {
    const level = levels[index] as ExceptionLevel;
    const frames = level.frames.map(frameJson).join(',');
    const cause = json === '' ? '' : `,"cause":${json}`;
    json = `[${JSON.stringify(level.className)},{"message":${JSON.stringify(level.message)},"stackTrace":[${frames}]${cause}}]`;
  }
  return json;
}

/** A frame as Java's `StackTraceElement`: `file.function(file.ts:12)` in a Java stack trace. */
function frameJson(frame: StackFrame): string {
  const fileName = frame.file.slice(frame.file.lastIndexOf('/') + 1);
  const className = fileName.replace(/\.[^.]*$/, '') || 'js';
  return JSON.stringify({
    className,
    methodName: frame.functionName,
    fileName,
    lineNumber: frame.line,
  });
}
