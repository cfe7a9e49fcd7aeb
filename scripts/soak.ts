/**
 * `npm run soak`: the chaos soak at full size (see test/reliability/support/soak.ts). Prints
 * progress, then one summary line; exits 1 if an invariant broke.
 *
 * Options: `--activities N`, `--workers N`, `--concurrency N` (tasks per worker),
 * `--heartbeat S` (heartbeat timeout in seconds), `--faults X` (fault scale), `--seed N`,
 * `--ci` (the small run of `npm test`), `--verbose` (what explains each timeout).
 */
import { parseArgs } from 'node:util';
import { CI_SOAK, FULL_SOAK, runSoak, type SoakOptions } from '../test/reliability/support/soak.js';

const { values } = parseArgs({
  options: {
    activities: { type: 'string' },
    workers: { type: 'string' },
    concurrency: { type: 'string' },
    heartbeat: { type: 'string' },
    faults: { type: 'string' },
    seed: { type: 'string' },
    ci: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

// Taken before the soak captures (and silences) the process's output.
const print = process.stdout.write.bind(process.stdout);
const base = values.ci ? CI_SOAK : FULL_SOAK;
/** The value of `--name`, or `fallback`; exits 2 unless it is a number >= `min` (whole, if asked). */
const number = (
  value: string | undefined,
  fallback: number,
  name: string,
  { min = 0, whole = true } = {},
): number => {
  if (value === undefined) return fallback;
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  if (!(parsed >= min) || !Number.isFinite(parsed) || (whole && !Number.isInteger(parsed))) {
    process.stderr.write(
      `soak: --${name} must be a ${whole ? 'whole number' : 'number'} >= ${min}, got ${value}\n`,
    );
    process.exit(2);
  }
  return parsed;
};
const options: SoakOptions = {
  ...base,
  activities: number(values.activities, base.activities, 'activities', { min: 1 }),
  workers: number(values.workers, base.workers, 'workers', { min: 1 }),
  maxConcurrentTasks: number(values.concurrency, base.maxConcurrentTasks, 'concurrency', {
    min: 1,
  }),
  heartbeatTimeoutSeconds: number(values.heartbeat, base.heartbeatTimeoutSeconds, 'heartbeat', {
    min: 1,
  }),
  faultScale: number(values.faults, base.faultScale, 'faults', { whole: false }),
  seed: number(values.seed, base.seed, 'seed'),
  quiet: true,
  progress: (line) => print(`soak: ${line}\n`),
};

const report = await runSoak(options);
if (values.verbose) for (const note of report.notes) print(`note: ${note}\n`);
for (const violation of report.violations) process.stdout.write(`violation: ${violation}\n`);
process.stdout.write(`${report.summary}\n`);
process.exitCode = report.violations.length === 0 ? 0 : 1;
