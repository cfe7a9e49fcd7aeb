// @ts-check
/**
 * The CPU-bound part of examples/cpu-bound.ts, run in a worker thread: chained SHA-256 rounds
 * (a stand-in for image processing, compression, ...). It posts its progress, and stops early
 * when the main thread sets the shared abort flag.
 *
 * Plain JavaScript: a worker thread loads it as it is, under Node 20 as after a build.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ seed: string, rounds: number, abort: Int32Array }} */
const { seed, rounds, abort } = workerData;

/** How many rounds between two progress messages (and two looks at the abort flag). */
const STEP = 20_000;

function work() {
  let digest = Buffer.from(seed);
  for (let round = 1; round <= rounds; round++) {
    digest = createHash('sha256').update(digest).digest();
    if (round % STEP === 0) {
      if (Atomics.load(abort, 0) === 1) {
        parentPort?.postMessage({ type: 'aborted', round });
        return;
      }
      parentPort?.postMessage({ type: 'progress', round });
    }
  }
  parentPort?.postMessage({ type: 'done', digest: digest.toString('hex') });
}

work();
