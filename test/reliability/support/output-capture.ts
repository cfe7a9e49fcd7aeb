/**
 * Catching everything a run writes (console, stdout, stderr, a logger, events) and looking for
 * task tokens in it.
 */
import { inspect } from 'node:util';
import type { Logger } from 'swf-activity-worker';

/** Finds whole task tokens in text. */
export class TokenScanner {
  readonly #tokens = new Set<string>();
  readonly #lengths = new Set<number>();

  /** Adds tokens to look for. */
  add(tokens: Iterable<string>): void {
    for (const token of tokens) {
      this.#tokens.add(token);
      this.#lengths.add(token.length);
    }
  }

  get size(): number {
    return this.#tokens.size;
  }

  /** The known tokens that appear whole in `text`. */
  findIn(text: string): string[] {
    if (this.#tokens.size === 0) return [];
    const shortest = Math.min(...this.#lengths);
    const found = new Set<string>();
    // Tokens are base64url: only runs of those characters can hold one.
    for (const match of text.matchAll(/[A-Za-z0-9_-]+/g)) {
      const run = match[0];
      if (run.length < shortest) continue;
      for (const length of this.#lengths) {
        for (let start = 0; start + length <= run.length; start++) {
          const candidate = run.slice(start, start + length);
          if (this.#tokens.has(candidate)) found.add(candidate);
        }
      }
    }
    return [...found];
  }
}

/** Renders anything a program might print: as `console` shows it, and as a JSON logger would. */
export function render(value: unknown): string {
  const shown = typeof value === 'string' ? value : inspect(value, { depth: 10 });
  let json = '';
  try {
    json = JSON.stringify(value, (_key, member: unknown) =>
      typeof member === 'bigint'
        ? String(member)
        : member instanceof Error
          ? { ...member, name: member.name, message: member.message, stack: member.stack }
          : member,
    );
  } catch {
    // Cycles: inspect already showed it.
  }
  return `${shown}\n${json ?? ''}`;
}

/** Text written by a run, kept until it is scanned. */
export class OutputSink {
  readonly #chunks: string[] = [];
  #length = 0;

  write(text: string): void {
    this.#chunks.push(text);
    this.#length += text.length;
  }

  /** How many characters were written. */
  get length(): number {
    return this.#length;
  }

  /** Every line of the output that holds a whole token known to `scanner`. */
  findTokens(scanner: TokenScanner): string[] {
    return this.#chunks.filter((chunk) => scanner.findIn(chunk).length > 0);
  }
}

/** A logger that writes every line, all levels, to `sink`, fields and message alike. */
export function capturingLogger(sink: OutputSink): Logger {
  const line =
    (level: string) =>
    (...args: unknown[]): void =>
      sink.write(`${level} ${args.map(render).join(' ')}`);
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';
const CONSOLE_METHODS: readonly ConsoleMethod[] = [
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
];

/**
 * Copies everything written to `console`, `process.stdout` and `process.stderr` into `sink`
 * (still writing it through, unless `quiet`) until the returned function is called.
 */
export function captureProcessOutput(sink: OutputSink, quiet = false): () => void {
  const restore: (() => void)[] = [];
  for (const method of CONSOLE_METHODS) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      sink.write(`console.${method} ${args.map(render).join(' ')}`);
      if (!quiet) original.apply(console, args);
    };
    restore.push(() => {
      console[method] = original;
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    const patched = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      sink.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      if (quiet) {
        const callback = rest.find((argument) => typeof argument === 'function');
        if (typeof callback === 'function') queueMicrotask(() => callback());
        return true;
      }
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    };
    stream.write = patched as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
  return () => {
    for (const undo of restore.reverse()) undo();
  };
}
