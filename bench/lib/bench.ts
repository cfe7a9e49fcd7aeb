/**
 * What every benchmark shares: its options, the report it hands to the runner, statistics,
 * heap measurement and the one-line summaries.
 *
 * A benchmark file is a script: `runBench(main)` runs it, prints its summary lines, and, when
 * the runner forked it, sends the report over IPC. Run one alone with
 * `node --conditions=swf-activity-worker:source --import tsx --expose-gc bench/<name>.ts [--quick]`.
 *
 * @module
 */

/** How a benchmark runs. */
export interface BenchOptions {
  /** Smaller sizes, for a run of the whole set in under two minutes. */
  readonly quick: boolean;
}

/** A goal of the issue, and whether this run met it. */
export interface Goal {
  readonly name: string;
  readonly target: string;
  readonly value: string;
  readonly met: boolean;
}

/** A value worth keeping in results.json. */
export type Metric = number | string | boolean | null;

/** One measured comparison: a summary line, its ratio to the baseline, goals and raw numbers. */
export interface BenchCase {
  /** e.g. `worker-overhead/in-process`. */
  readonly id: string;
  /** The one-line summary, ratio included. */
  readonly summary: string;
  /** Measured against the baseline measured in the same run (higher is better). */
  readonly ratio: number | null;
  readonly baseline: string;
  readonly goals: readonly Goal[];
  readonly metrics: Readonly<Record<string, Metric>>;
}

/** What a benchmark script reports. */
export interface BenchReport {
  readonly bench: string;
  readonly title: string;
  readonly quick: boolean;
  readonly cases: readonly BenchCase[];
  /** How it was measured, in a sentence or two each. */
  readonly notes: readonly string[];
  readonly wallSeconds: number;
}

/** What a benchmark's main function returns; the runner adds the rest. */
export type BenchOutcome = Omit<BenchReport, 'quick' | 'wallSeconds'>;

/** Reads `--quick` from the command line. */
export function benchOptions(argv: readonly string[] = process.argv.slice(2)): BenchOptions {
  return { quick: argv.includes('--quick') };
}

/**
 * Runs a benchmark script: prints progress and summary lines, sends the report to the parent
 * process if there is one, and sets a failing exit code only if the benchmark itself crashed
 * (a missed goal is a result, not a failure).
 */
export function runBench(main: (options: BenchOptions) => Promise<BenchOutcome>): void {
  const options = benchOptions();
  const startedAt = performance.now();
  main(options)
    .then((outcome) => {
      const report: BenchReport = {
        ...outcome,
        quick: options.quick,
        wallSeconds: round((performance.now() - startedAt) / 1000, 1),
      };
      for (const benchCase of report.cases) console.log(`SUMMARY ${benchCase.summary}`);
      if (process.send !== undefined) {
        process.send({ type: 'report', report }, () => process.disconnect());
      }
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
      if (process.send !== undefined) process.disconnect();
    });
}

/** Prints a progress line, prefixed with the benchmark's name. */
export function progress(bench: string, message: string): void {
  console.log(`[${bench}] ${message}`);
}

/** A goal: `value` formatted, `met` as computed. */
export function goal(name: string, target: string, value: string, met: boolean): Goal {
  return { name, target, value, met };
}

/** `[goal ok]` / `[goal MISSED]` for a summary line. */
export function verdict(goals: readonly Goal[]): string {
  if (goals.length === 0) return '';
  const missed = goals.filter((each) => !each.met).map((each) => each.name);
  return missed.length === 0 ? ' [goals met]' : ` [MISSED: ${missed.join(', ')}]`;
}

// ---- statistics ---------------------------------------------------------------------------

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile (nearest rank) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** 12345.6 → `12,346`. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

// ---- heap -----------------------------------------------------------------------------------

/** Runs full garbage collections (needs `--expose-gc`) and answers the heap in use. */
export async function settledHeapUsed(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('Heap measurement needs node --expose-gc');
  for (let round = 0; round < 3; round++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

// ---- time -----------------------------------------------------------------------------------

/** Waits `ms` of real time. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once `condition()` holds, checking every `everyMs` of real time. */
export async function until(
  condition: () => boolean,
  everyMs = 20,
  timeoutMs = 600_000,
): Promise<void> {
  const giveUpAt = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > giveUpAt)
      throw new Error(`condition still false after ${timeoutMs} ms`);
    await delay(everyMs);
  }
}

/** CPU time (user + system) used by this process since `since`, in microseconds. */
export function cpuMicros(since?: NodeJS.CpuUsage): number {
  const usage = process.cpuUsage(since);
  return usage.user + usage.system;
}
