/**
 * Benchmark 2, scale: thousands of tasks in flight in one process, each kept alive by the
 * worker's automatic heartbeats, for a real-time minute against the in-process fake.
 * Measures heartbeat timeouts, what SWF needs (an acknowledged heartbeat in every
 * heartbeat-timeout window of every task: the longest gap between acknowledgements), heartbeat
 * calls per task per window, library heap bytes per task in flight, and event-loop lag.
 *
 * @module
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInProcessClient } from 'swf-activity-worker/fake';
import {
  type BenchCase,
  compiledBuildExists,
  delay,
  firstMessage,
  forkScript,
  formatNumber,
  goal,
  progress,
  round,
  runBench,
  until,
  verdict,
} from './lib/bench.js';
import type { HeapProbeMode, HeapProbeResult } from './lib/heap-probe.js';
import { HeartbeatGapRecorder } from './lib/heartbeat-gaps.js';
import { HoldingWorker } from './lib/holding-worker.js';
import { createBenchFake, scheduleBenchTasks, timedOutTasks } from './lib/swf.js';

const BENCH = 'scale';

interface ScaleSize {
  readonly tasks: number;
  readonly heartbeatTimeoutSeconds: number;
  /** How long the tasks are watched once all are in flight, in ms of real time. */
  readonly observeMs: number;
  /** Tasks in flight for the heap probes. */
  readonly probeTasks: number;
}

/** Which code a heap probe runs: the TypeScript source through tsx, or the build in dist/. */
type CodeVariant = 'source' | 'compiled';

/** Heap bytes per task in flight, each measured in a fresh process by lib/heap-probe.ts. */
interface HeapFigures {
  readonly variant: CodeVariant;
  readonly fake: number;
  readonly handWritten: number;
  readonly library: number;
}

async function heapProbe(
  mode: HeapProbeMode,
  tasks: number,
  variant: CodeVariant,
): Promise<number> {
  const child = forkScript(new URL('./lib/heap-probe.ts', import.meta.url), [mode, String(tasks)], {
    source: variant === 'source',
    exposeGc: true,
  });
  const result = await firstMessage<HeapProbeResult>(child, `heap probe ${mode} (${variant})`);
  return result.bytesPerTask;
}

async function heapFigures(tasks: number, variant: CodeVariant): Promise<HeapFigures> {
  const fake = await heapProbe('fake', tasks, variant);
  const handWritten = (await heapProbe('hand-written', tasks, variant)) - fake;
  const library = (await heapProbe('worker', tasks, variant)) - fake;
  progress(
    BENCH,
    `heap per task in flight (${variant}): library ${formatNumber(library)} B, hand-written loop ${formatNumber(handWritten)} B, fake ${formatNumber(fake)} B`,
  );
  return { variant, fake, handWritten, library };
}

async function measure(size: ScaleSize): Promise<BenchCase> {
  const heaps = [await heapFigures(size.probeTasks, 'source')];
  if (compiledBuildExists()) heaps.push(await heapFigures(size.probeTasks, 'compiled'));
  // What users run is the build; the source through tsx carries tsx's keepNames (see notes).
  const heap = heaps[heaps.length - 1] as HeapFigures;

  const fake = createBenchFake({
    heartbeatTimeout: size.heartbeatTimeoutSeconds,
    startToCloseTimeout: 3 * 3600,
  });
  const gaps = new HeartbeatGapRecorder(fake);
  const client = createInProcessClient(gaps);
  const references = scheduleBenchTasks(fake, size.tasks);
  const held = new HoldingWorker(fake, {
    client,
    maxConcurrentTasks: size.tasks,
    pollers: 64,
    heartbeatBudget: { ratePerSecond: Number.POSITIVE_INFINITY },
  });
  const { worker } = held;
  let heartbeatFailures = 0;
  worker.on('heartbeatFailed', () => {
    heartbeatFailures += 1;
  });
  const startedAt = performance.now();
  held.start();
  await until(() => worker.tasksInFlight === size.tasks, 50);
  const rampSeconds = (performance.now() - startedAt) / 1000;
  progress(
    BENCH,
    `${formatNumber(size.tasks)} tasks in flight after ${rampSeconds.toFixed(1)} s; watching for ${size.observeMs / 1000} s`,
  );

  const lag = monitorEventLoopDelay({ resolution: 10 });
  const beatsBefore = fake.callCount('RecordActivityTaskHeartbeat');
  const observedFrom = performance.now();
  gaps.startWindow();
  lag.enable();
  await delay(size.observeMs);
  lag.disable();
  gaps.endWindow();
  const observedMs = performance.now() - observedFrom;
  const beats = fake.callCount('RecordActivityTaskHeartbeat') - beatsBefore;

  progress(BENCH, 'releasing the tasks');
  await held.stop();
  const timeouts = timedOutTasks(fake, references);
  fake.close();
  client.destroy();

  const timeoutMs = size.heartbeatTimeoutSeconds * 1000;
  const windows = observedMs / timeoutMs;
  const perTaskPerWindow = beats / size.tasks / windows;
  // What SWF needs: an acknowledged beat in every heartbeat-timeout window of every task.
  const gap = gaps.summary(timeoutMs);
  const gapShare = gap.longestGapMs / timeoutMs;
  const lagP99 = lag.percentile(99) / 1e6;
  const lagMax = lag.max / 1e6;
  const goals = [
    goal('heartbeat timeouts', '0', String(timeouts), timeouts === 0),
    goal(
      'calls per task per window',
      '<= 3',
      perTaskPerWindow.toFixed(2),
      perTaskPerWindow <= 3.0001,
    ),
    goal(
      'longest gap between acknowledged beats, any task',
      '< the heartbeat timeout',
      `${formatNumber(gap.longestGapMs / 1000, 2)} s = ${gapShare.toFixed(3)}x the timeout (${gap.tasksOverLimit} of ${formatNumber(gap.tasks)} tasks at or over it)`,
      gap.tasksOverLimit === 0 && gap.tasks === size.tasks,
    ),
    goal(
      `library heap per task (${heap.variant})`,
      '<= 4 KB',
      `${formatNumber(heap.library)} B`,
      heap.library <= 4096,
    ),
  ];
  return {
    id: `${BENCH}/${size.tasks}-tasks`,
    baseline:
      "SWF's need: an acknowledged heartbeat in every heartbeat-timeout window (ratio: timeout / longest gap, above 1 when met)",
    summary: `${BENCH}: ${formatNumber(size.tasks)} tasks in flight, ${size.heartbeatTimeoutSeconds} s heartbeat timeout, ${formatNumber(observedMs / 1000, 1)} s real time: ${timeouts} heartbeat timeouts; longest gap between acknowledged beats ${formatNumber(gap.longestGapMs / 1000, 2)} s (${gapShare.toFixed(3)}x the timeout; median of the tasks' longest ${formatNumber(gap.medianLongestGapMs / 1000, 2)} s); ${formatNumber(beats)} calls = ${perTaskPerWindow.toFixed(2)} per task per window; library heap ${heaps.map((each) => `${formatNumber(each.library)} B/task (${each.variant})`).join(', ')} vs hand-written ${formatNumber(heap.handWritten)} B; event-loop lag p99 ${lagP99.toFixed(1)} ms (max ${lagMax.toFixed(1)})${verdict(goals)}`,
    ratio: gap.longestGapMs > 0 ? round(timeoutMs / gap.longestGapMs, 3) : null,
    goals,
    metrics: {
      tasks: size.tasks,
      heartbeatTimeoutSeconds: size.heartbeatTimeoutSeconds,
      heartbeatBudget: 'ratePerSecond: Infinity',
      observedSeconds: round(observedMs / 1000, 1),
      rampSeconds: round(rampSeconds, 1),
      heartbeatTimeouts: timeouts,
      heartbeatFailures,
      heartbeatCalls: beats,
      callsPerTaskPerWindow: round(perTaskPerWindow, 3),
      tasksWatched: gap.tasks,
      longestAckGapMs: round(gap.longestGapMs),
      medianLongestAckGapMs: round(gap.medianLongestGapMs),
      tasksWithAWindowWithoutBeat: gap.tasksOverLimit,
      ...Object.fromEntries(
        heaps.flatMap((each) => [
          [`heapBytesPerTaskLibrary_${each.variant}`, round(each.library)],
          [`heapBytesPerTaskHandWritten_${each.variant}`, round(each.handWritten)],
          [`heapBytesPerTaskFake_${each.variant}`, round(each.fake)],
        ]),
      ),
      eventLoopLagP50Ms: round(lag.percentile(50) / 1e6, 1),
      eventLoopLagP99Ms: round(lagP99, 1),
      eventLoopLagMaxMs: round(lagMax, 1),
    },
  };
}

runBench(async ({ quick }) => {
  const size: ScaleSize = quick
    ? { tasks: 2_000, heartbeatTimeoutSeconds: 6, observeMs: 8_000, probeTasks: 1_000 }
    : { tasks: 10_000, heartbeatTimeoutSeconds: 30, observeMs: 60_000, probeTasks: 10_000 };
  return {
    bench: BENCH,
    title: 'Scale: thousands of tasks in flight in one process',
    cases: [await measure(size)],
    notes: [
      'Real time on the system clock, in one process with the in-process fake: the tasks are scheduled, the worker (maxConcurrentTasks = tasks, 64 pollers, default heartbeat settings) starts them all, then they are watched for the window and released.',
      "The heartbeat budget is raised with heartbeatBudget: { ratePerSecond: Infinity }: SWF's default quota of 160 calls/s cannot carry 10,000 tasks at a 30 s timeout (1,000 calls/s).",
      "What SWF needs is checked where SWF sees it: a wrapper around the fake notes when each task started and when each of its heartbeats was acknowledged; for every task, the longest gap between acknowledgements that ends in the window (the window's end closes the last gap) must stay under the heartbeat timeout. Calls per task per window (at most 3, the worker's schedule of one beat per timeout / 3) bounds the cost from above: a worker that beats too rarely fails the first goal, one that beats too often the second.",
      "Heap per task in flight, each figure in a fresh process (bench/lib/heap-probe.ts): heap after gc with every task started, minus heap after gc with the tasks scheduled (and the worker constructed, not yet run), per task, after a smaller warm-up round. The fake's own growth (its tasks started by direct polls, no SDK) is taken off the worker's and the hand-written loop's. The hand-written loop keeps per task the polled task, an AbortController, a heartbeat setInterval and the handler's pending promise.",
      "'source' runs src/*.ts through tsx, whose esbuild transform keeps function names (keepNames): every closure gets a name property set at run time, which costs heap and CPU that the build does not have. 'compiled' runs the build in dist/ (npm run build first; without it only the source is measured): that is the code users run, and the goal is judged on it when it is there.",
      'A simulated hour on the manual clock was not used: at 10,000 tasks it means 3.6 million SDK calls (about 250 µs of CPU each), some 15 minutes of CPU.',
    ],
  };
});
