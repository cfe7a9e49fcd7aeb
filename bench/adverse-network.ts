/**
 * Benchmark 3, adverse network: a thousand tasks kept alive through 50-500 ms of latency on
 * every call and 20% of heartbeats failing with a transient error. The baseline is the same
 * tasks on a clean network, measured first in the same run.
 *
 * Then black holes, over real sockets (`lib/black-holes.ts`): blips shorter than the heartbeat
 * timeout while handlers finish (results lost, goal 0), and a partition longer than it (tasks
 * SWF timed out must stop locally, in time, and send nothing more).
 *
 * @module
 */
import { createInProcessClient } from 'swf-activity-worker/fake';
import {
  type BenchCase,
  delay,
  formatNumber,
  goal,
  percentile,
  progress,
  round,
  runBench,
  until,
  verdict,
} from './lib/bench.js';
import { type BlackHoleSize, measureBlackHoles } from './lib/black-holes.js';
import { HoldingWorker } from './lib/holding-worker.js';
import { SlowNetwork } from './lib/network.js';
import { createBenchFake, scheduleBenchTasks, timedOutTasks } from './lib/swf.js';

const BENCH = 'adverse-network';
const LATENCY = { minMs: 50, maxMs: 500 };
const ERROR_RATE = 0.2;

interface AdverseSize {
  readonly tasks: number;
  readonly heartbeatTimeoutSeconds: number;
  readonly cleanMs: number;
  readonly adverseMs: number;
}

interface Phase {
  readonly heartbeats: number;
  readonly slackP1: number;
  readonly slackP50: number;
  readonly slackMin: number;
}

function phase(beats: number, slacks: readonly number[]): Phase {
  return {
    heartbeats: beats,
    slackP1: percentile(slacks, 1),
    slackP50: percentile(slacks, 50),
    slackMin: percentile(slacks, 0),
  };
}

async function measure(size: AdverseSize): Promise<BenchCase> {
  const timeoutMs = size.heartbeatTimeoutSeconds * 1000;
  const fake = createBenchFake({
    heartbeatTimeout: size.heartbeatTimeoutSeconds,
    startToCloseTimeout: 7200,
  });
  const network = new SlowNetwork(fake, timeoutMs);
  // The SDK's default retries stay on (3 attempts), as in a real deployment.
  const client = createInProcessClient(network);
  const references = scheduleBenchTasks(fake, size.tasks);
  const held = new HoldingWorker(fake, {
    client,
    maxConcurrentTasks: size.tasks,
    pollers: 100,
    heartbeatBudget: { ratePerSecond: Number.POSITIVE_INFINITY },
  });
  const { worker } = held;
  let retries = 0;
  let failures = 0;
  worker.on('heartbeatRetried', () => {
    retries += 1;
  });
  worker.on('heartbeatFailed', () => {
    failures += 1;
  });
  held.start();
  await until(() => worker.tasksInFlight === size.tasks, 20);
  progress(BENCH, `${size.tasks} tasks in flight; clean network for ${size.cleanMs / 1000} s`);

  network.resetSlack();
  let beatsAt = fake.callCount('RecordActivityTaskHeartbeat');
  await delay(size.cleanMs);
  const clean = phase(fake.callCount('RecordActivityTaskHeartbeat') - beatsAt, network.slacks);

  progress(
    BENCH,
    `adverse network for ${size.adverseMs / 1000} s: ${LATENCY.minMs}-${LATENCY.maxMs} ms latency, ${ERROR_RATE * 100}% of heartbeats fail`,
  );
  network.latency = LATENCY;
  const fault = fake.faults.inject({
    operations: ['RecordActivityTaskHeartbeat'],
    error: 'InternalFailure',
    probability: ERROR_RATE,
    seed: 7,
  });
  network.resetSlack();
  beatsAt = fake.callCount('RecordActivityTaskHeartbeat');
  const retriesAt = retries;
  await delay(size.adverseMs);
  const adverse = phase(fake.callCount('RecordActivityTaskHeartbeat') - beatsAt, network.slacks);
  const injected = fault.hits;
  const libraryRetries = retries - retriesAt;
  fault.remove();
  network.latency = undefined;

  progress(BENCH, 'releasing the tasks');
  await held.stop();
  const timeouts = timedOutTasks(fake, references);
  fake.close();
  client.destroy();

  const ratio = adverse.slackP1 / clean.slackP1;
  const goals = [goal('heartbeat timeouts', '0', String(timeouts), timeouts === 0)];
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return {
    id: `${BENCH}/${size.tasks}-tasks`,
    baseline: 'the same tasks on a clean network, measured first in the same run',
    summary: `${BENCH}: ${formatNumber(size.tasks)} tasks, ${size.heartbeatTimeoutSeconds} s heartbeat timeout, ${LATENCY.minMs}-${LATENCY.maxMs} ms latency and ${ERROR_RATE * 100}% heartbeat errors for ${size.adverseMs / 1000} s: ${timeouts} heartbeat timeouts; p99 slack before the deadline ${seconds(adverse.slackP1)} (min ${seconds(adverse.slackMin)}) vs ${seconds(clean.slackP1)} on a clean network = ${ratio.toFixed(3)}x; ${formatNumber(injected)} errors injected, ${formatNumber(libraryRetries)} library retries${verdict(goals)}`,
    ratio: round(ratio, 3),
    goals,
    metrics: {
      tasks: size.tasks,
      heartbeatTimeoutSeconds: size.heartbeatTimeoutSeconds,
      heartbeatBudget: 'ratePerSecond: Infinity',
      cleanSeconds: size.cleanMs / 1000,
      adverseSeconds: size.adverseMs / 1000,
      heartbeatTimeouts: timeouts,
      cleanHeartbeats: clean.heartbeats,
      cleanSlackP99Ms: round(clean.slackP1),
      cleanSlackMedianMs: round(clean.slackP50),
      cleanSlackMinMs: round(clean.slackMin),
      adverseHeartbeats: adverse.heartbeats,
      adverseSlackP99Ms: round(adverse.slackP1),
      adverseSlackMedianMs: round(adverse.slackP50),
      adverseSlackMinMs: round(adverse.slackMin),
      errorsInjected: injected,
      libraryRetries,
      heartbeatsGivenUp: failures,
    },
  };
}

runBench(async ({ quick }) => {
  const size: AdverseSize = quick
    ? { tasks: 1_000, heartbeatTimeoutSeconds: 10, cleanMs: 5_000, adverseMs: 12_000 }
    : { tasks: 1_000, heartbeatTimeoutSeconds: 10, cleanMs: 20_000, adverseMs: 60_000 };
  const blackHoles: BlackHoleSize = quick
    ? {
        tasks: 100,
        heartbeatTimeoutSeconds: 10,
        blipPhaseMs: 36_000,
        partitionTasks: 50,
        partitionMs: 15_000,
      }
    : {
        tasks: 300,
        heartbeatTimeoutSeconds: 10,
        blipPhaseMs: 60_000,
        partitionTasks: 100,
        partitionMs: 20_000,
      };
  return {
    bench: BENCH,
    title: 'Adverse network: latency, transient heartbeat errors, black holes',
    cases: [await measure(size), await measureBlackHoles(blackHoles)],
    notes: [
      'Real time, one process, the in-process fake behind a simulated network: while adverse, every call waits a uniform 50-500 ms (half before the fake sees it, half after), and the fake answers 20% of heartbeats with InternalFailure (faults.inject, seeded). The SDK keeps its default retries (3 attempts); the worker retries on top within the heartbeat timeout.',
      "Slack: for each heartbeat the fake accepts, the heartbeat timeout minus the time since the task's previous accepted heartbeat (or its start). p99 slack is the 1st percentile: 99% of heartbeats arrived with at least that much time to spare. The ratio compares it with the clean-network phase.",
      'The heartbeat budget is raised (ratePerSecond: Infinity): 1,000 tasks at a 10 s timeout need 300 calls/s, above the default 160.',
      'Black holes: real time, the fake served over HTTP on 127.0.0.1 in the same process, a real SWFClient with the SDK defaults (3 attempts, no request timeout) through a fault proxy that black-holes calls: the request never reaches SWF and no answer or error comes back. Blips of 2-4 s (everything, the responses, the heartbeats), one per heartbeat timeout, while handlers finish at random times; a result lost is a handler that returned whose task is not ActivityTaskCompleted. Then a partition (everything black-holed) longer than the heartbeat timeout with tasks in flight whose handlers run until their signal aborts. Black-holed polls are reset when the network comes back; every other black-holed call stays silent for good.',
    ],
  };
});
