/**
 * Heap bytes per task in flight, measured in a fresh process: `heap-probe.ts <mode> <tasks>`.
 *
 * Every mode schedules `tasks` tasks on an in-process fake, collects garbage and reads the heap,
 * starts them all, collects again and reads it again; it sends the difference per task to the
 * parent process. The modes differ in who starts the tasks:
 * - `fake`: direct polls on the fake, no SDK, no worker: the fake's own growth per started task;
 * - `hand-written`: SDK polls, and per task what a minimal hand-written loop keeps (the polled
 *   task, an AbortController, a heartbeat interval, the handler's pending promise);
 * - `worker`: an ActivityWorker with a slot per task, constructed before the first reading.
 *
 * Run with the `swf-activity-worker:source` condition it measures the TypeScript source as tsx
 * runs it; without, the package resolves to `dist/` (after `npm run build`), the code users run.
 *
 * @module
 */
import {
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
} from '@aws-sdk/client-swf';
import { createInProcessClient } from 'swf-activity-worker/fake';
import { settledHeapUsed, until } from './bench.js';
import { HoldingWorker } from './holding-worker.js';
import {
  createBenchFake,
  DOMAIN,
  scheduleBenchTasks,
  TASK_LIST,
  type TypeDefaults,
} from './swf.js';

/** Who starts the tasks. */
export type HeapProbeMode = 'fake' | 'hand-written' | 'worker';

/** What the probe sends back. */
export interface HeapProbeResult {
  readonly mode: HeapProbeMode;
  readonly tasks: number;
  readonly bytesPerTask: number;
}

const DEFAULTS: TypeDefaults = { heartbeatTimeout: 30, startToCloseTimeout: 3 * 3600 };

async function probe(mode: HeapProbeMode, tasks: number): Promise<number> {
  const fake = createBenchFake(DEFAULTS);
  const client = createInProcessClient(fake);
  scheduleBenchTasks(fake, tasks);
  // Constructed before the first reading, like the client of the hand-written loop: what it
  // keeps whatever the number of tasks is no cost per task.
  const held =
    mode === 'worker'
      ? new HoldingWorker(fake, {
          client,
          maxConcurrentTasks: tasks,
          pollers: 64,
          heartbeatBudget: { ratePerSecond: Number.POSITIVE_INFINITY },
        })
      : undefined;
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  // Sized beforehand in every mode, so that its growth is in no reading.
  const kept: unknown[] = new Array(tasks);
  const before = await settledHeapUsed();
  if (mode === 'fake') {
    for (let index = 0; index < tasks; index++) {
      const task = await fake.handle('PollForActivityTask', {
        domain: DOMAIN,
        taskList: { name: TASK_LIST },
        identity: 'bench-worker',
      });
      kept[index] = task.taskToken;
    }
  } else if (mode === 'hand-written') {
    for (let index = 0; index < tasks; index++) {
      const task = await client.send(
        new PollForActivityTaskCommand({
          domain: DOMAIN,
          taskList: { name: TASK_LIST },
          identity: 'bench-worker',
        }),
      );
      kept[index] = handWritten(client, task.taskToken ?? '', released);
    }
  } else if (held !== undefined) {
    held.start();
    await until(() => held.worker.tasksInFlight === tasks, 20);
  }
  const after = await settledHeapUsed();
  release();
  await Promise.all(kept);
  await held?.stop();
  fake.close();
  client.destroy();
  return (after - before) / tasks;
}

/** The least a hand-written loop keeps for a task in flight. */
async function handWritten(
  client: ReturnType<typeof createInProcessClient>,
  taskToken: string,
  released: Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const beat = setInterval(
    () => {
      client.send(new RecordActivityTaskHeartbeatCommand({ taskToken })).then(
        (output) => {
          if (output.cancelRequested) controller.abort();
        },
        () => undefined,
      );
    },
    (DEFAULTS.heartbeatTimeout * 1000) / 3,
  );
  try {
    await released;
  } finally {
    clearInterval(beat);
  }
}

const [mode, tasks] = process.argv.slice(2);
// A first, smaller round compiles the code paths, so that the measured one holds tasks only.
await probe(mode as HeapProbeMode, Math.min(500, Number(tasks)));
const bytesPerTask = await probe(mode as HeapProbeMode, Number(tasks));
const result: HeapProbeResult = { mode: mode as HeapProbeMode, tasks: Number(tasks), bytesPerTask };
if (process.send === undefined) console.log(JSON.stringify(result));
else process.send(result, () => process.disconnect());
