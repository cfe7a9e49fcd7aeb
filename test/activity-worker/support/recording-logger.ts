import type { Logger } from 'swf-activity-worker';

/** A logger that keeps every call as one line of text, for the lines a test expects. */
export function recordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const record = (...args: unknown[]) => {
    lines.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
  };
  return { lines, debug: record, info: record, warn: record, error: record };
}
