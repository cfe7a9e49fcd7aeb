/**
 * Output for the demo: log lines, and a live progress bar under them when stdout is a
 * terminal (plain progress lines otherwise, e.g. when piped or in CI).
 */
import type { WriteStream } from 'node:tty';

const BAR_WIDTH = 30;

/** Log lines and one live progress bar. */
export class Display {
  readonly #out: NodeJS.WriteStream | WriteStream;
  readonly #tty: boolean;
  readonly #startedAt = Date.now();
  #bar: string | undefined;
  /** The last tenth printed as a plain line, per label. */
  readonly #printedTenths = new Map<string, number>();

  constructor(out: NodeJS.WriteStream = process.stdout) {
    this.#out = out;
    this.#tty = out.isTTY === true && process.env.TERM !== 'dumb';
  }

  /** Text in bold, on a terminal. */
  bold(text: string): string {
    return this.#tty ? `\x1b[1m${text}\x1b[22m` : text;
  }

  /** Text dimmed, on a terminal. */
  dim(text: string): string {
    return this.#tty ? `\x1b[2m${text}\x1b[22m` : text;
  }

  /** Prints a line, stamped with the seconds since the start, above the progress bar. */
  log(line: string): void {
    const stamp = this.dim(`${((Date.now() - this.#startedAt) / 1000).toFixed(1).padStart(5)}s`);
    this.#write(`${stamp}  ${line}`);
  }

  /** Prints a line as it is, above the progress bar. */
  print(line = ''): void {
    this.#write(line);
  }

  /** Shows the progress of `label`: redraws the bar, or prints a line at each tenth. */
  progress(label: string, done: number, total: number, note = ''): void {
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
    if (this.#tty) {
      const filled = Math.round(ratio * BAR_WIDTH);
      this.#bar = `${label} [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${percent} ${note}`;
      this.#out.write(`\r\x1b[2K${this.#bar}`);
      return;
    }
    const tenth = Math.floor(ratio * 10);
    if (tenth > (this.#printedTenths.get(label) ?? 0)) {
      this.#printedTenths.set(label, tenth);
      this.log(`${label} progress: ${percent.trim()} ${note}`);
    }
  }

  /** Stops drawing the bar (its last state stays on screen as a line). */
  endProgress(): void {
    if (this.#tty && this.#bar !== undefined) this.#out.write('\n');
    this.#bar = undefined;
  }

  #write(line: string): void {
    if (this.#tty && this.#bar !== undefined) {
      this.#out.write(`\r\x1b[2K${line}\n${this.#bar}`);
    } else {
      this.#out.write(`${line}\n`);
    }
  }
}
