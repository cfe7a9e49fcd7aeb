/**
 * What every benchmark shares: its options, the report it hands to the runner, statistics,
 * paired rounds, heap measurement, the one-line summaries and forking the scripts.
 *
 * A benchmark file is a script: `runBench(main)` runs it, prints its summary lines, and, when
 * the runner forked it, sends the report over IPC. Run one alone with
 * `node --conditions=swf-activity-worker:source --import tsx --expose-gc bench/<name>.ts [--quick]`.
 *
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

/**
 * Runs a benchmark script: prints progress and summary lines, sends the report to the parent
 * process if there is one, and sets a failing exit code only if the benchmark itself crashed
 * (a missed goal is a result, not a failure).
 */
export function runBench(main: (options: BenchOptions) => Promise<BenchOutcome>): void {
  const options: BenchOptions = { quick: process.argv.includes('--quick') };
  const startedAt = performance.now();
  main(options)
    .then((outcome) => {
      const report: BenchReport = {
        ...outcome,
        quick: options.quick,
        wallSeconds: round((performance.now() - startedAt) / 1000, 1),
      };
      // A process that runs one case for its benchmark's process leaves the summaries to it.
      if (process.env.BENCH_CASE === undefined) {
        for (const benchCase of report.cases) console.log(`SUMMARY ${benchCase.summary}`);
      }
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

/** ` [goals met]` / ` [MISSED: <names>]` for a summary line; nothing without goals. */
export function verdict(goals: readonly Goal[]): string {
  if (goals.length === 0) return '';
  const missed = goals.filter((each) => !each.met).map((each) => each.name);
  return missed.length === 0 ? ' [goals met]' : ` [MISSED: ${missed.join(', ')}]`;
}

// ---- statistics ---------------------------------------------------------------------------

/** The median of `values`: the mean of the two middle values of an even count; NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** The smallest, median and largest of `values`, for reporting the spread over rounds. */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** The {@link Spread} of `values`. */
export function spread(values: readonly number[]): Spread {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

/** An interval that holds the true median with at least `confidence`, from order statistics. */
export interface MedianInterval {
  readonly low: number;
  readonly high: number;
  /** The interval's exact confidence (at least the one asked for), or 0 if too few values. */
  readonly confidence: number;
}

/**
 * The distribution-free interval for the median of what `values` sample: the k-th smallest and
 * k-th largest, k the largest for which the chance that the median lies outside is at most
 * `1 - confidence` (each value falls on either side of it with even odds). No assumption on the
 * shape of the noise, which on a shared machine is anything but normal.
 */
export function medianInterval(values: readonly number[], confidence = 0.9): MedianInterval {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  // `below`: the chance that at most k - 1 of the n values fall below the true median, which
  // the interval from the k-th smallest to the k-th largest misses on either side.
  let k = 0;
  let below = 0;
  let term = 0.5 ** n; // the chance that exactly j fall below it
  for (let j = 0; j < n >> 1; j++) {
    if (1 - 2 * (below + term) < confidence) break;
    below += term;
    k = j + 1;
    term = (term * (n - j)) / (j + 1);
  }
  if (k === 0) return { low: Number.NaN, high: Number.NaN, confidence: 0 };
  return { low: sorted[k - 1] as number, high: sorted[n - k] as number, confidence: 1 - 2 * below };
}

/** The p-th percentile (nearest rank) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** The median of the ratios `subject[i] / baseline[i]`. */
export function medianOfRatios(subject: readonly number[], baseline: readonly number[]): number {
  return median(subject.map((value, index) => value / (baseline[index] as number)));
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

// ---- paired rounds ---------------------------------------------------------------------------

/** Which side of a comparison a run measures. */
export type Side = 'subject' | 'baseline';

/**
 * Runs `rounds` rounds of the subject and its baseline back to back, alternating which goes
 * first so that neither always runs on a warmer or fuller heap; answers each side's results,
 * in round order. Each round's pair runs under the same load: the median of the pairs' ratios
 * ({@link medianOfRatios}) holds up better against other processes than a ratio of medians.
 */
export async function pairedRounds<T>(
  rounds: number,
  run: (side: Side, round: number) => Promise<T>,
): Promise<Record<Side, T[]>> {
  const results: Record<Side, T[]> = { subject: [], baseline: [] };
  for (let index = 0; index < rounds; index++) {
    const order: readonly Side[] =
      index % 2 === 0 ? ['baseline', 'subject'] : ['subject', 'baseline'];
    for (const side of order) results[side].push(await run(side, index));
  }
  return results;
}

// ---- heap -----------------------------------------------------------------------------------

/** Runs full garbage collections (needs `--expose-gc`) and answers the heap in use. */
export async function settledHeapUsed(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('Heap measurement needs node --expose-gc');
  for (let pass = 0; pass < 3; pass++) {
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

// ---- child processes ------------------------------------------------------------------------

/** Whether `npm run build` left a build in dist/ to measure. */
export function compiledBuildExists(): boolean {
  return existsSync(fileURLToPath(new URL('../../dist/index.js', import.meta.url)));
}

/** Which code of the library a benchmark runs: the build users install, or the TypeScript source. */
export type LibraryCode = 'build' | 'source';

/**
 * The code the benchmarks measure: the build in dist/ (what users run; `bench/run.ts` builds
 * it first), unless `BENCH_LIBRARY_CODE=source` asks for the source or there is no build.
 */
export function libraryCode(): LibraryCode {
  return process.env.BENCH_LIBRARY_CODE === 'source' || !compiledBuildExists() ? 'source' : 'build';
}

/** How {@link forkScript} runs a script. */
export interface ForkOptions {
  /**
   * The library's TypeScript source, or the build in dist/ the package resolves to.
   * Default: as {@link libraryCode} says.
   */
  readonly source?: boolean;
  /** `--expose-gc`, for {@link settledHeapUsed}. */
  readonly exposeGc?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/** Forks a TypeScript script of the benchmarks, run through tsx, with an IPC channel. */
export function forkScript(
  script: URL,
  args: readonly string[],
  { source = libraryCode() === 'source', exposeGc = false, env }: ForkOptions = {},
): ChildProcess {
  const execArgv = ['--import', 'tsx'];
  if (source) execArgv.unshift('--conditions=swf-activity-worker:source');
  if (exposeGc) execArgv.push('--expose-gc');
  return fork(fileURLToPath(script), [...args], {
    execArgv,
    ...(env === undefined ? {} : { env }),
  });
}

/**
 * Runs a script of the benchmarks in a process of its own (forked with `--expose-gc`) and
 * answers the report it sends, or `undefined` if it ended without one (its error is logged).
 */
export function runScript(
  name: string,
  script: URL,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<BenchReport | undefined> {
  const child = forkScript(script, args, { exposeGc: true, env });
  let report: BenchReport | undefined;
  child.on('message', (message) => {
    const { type, report: sent } = message as { type?: string; report?: BenchReport };
    if (type === 'report') report = sent;
  });
  // 'close' comes after the process exited and its IPC channel closed: after the report.
  return new Promise((resolve) => {
    child.once('close', (code) => {
      if (code !== 0) console.error(`[run] ${name} exited with code ${code}`);
      resolve(report);
    });
  });
}

/**
 * The first message `child` sends. Rejects if it ends without one: 'close' comes after the
 * process exited and its IPC channel closed, so after any message it sent.
 */
export function firstMessage<T>(child: ChildProcess, name: string): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('close', (code) =>
      reject(new Error(`${name} ended with exit code ${code} before answering`)),
    );
  });
}
