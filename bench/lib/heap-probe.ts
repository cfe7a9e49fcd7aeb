/**
 * Heap bytes per task in flight, measured in a fresh process: `heap-probe.ts <mode> <tasks>`.
 *
 * Every mode schedules `tasks` tasks on an in-process fake, collects garbage and reads the heap,
 * starts them all, collects again and reads it again; it sends the difference per task to the
 * parent process. The modes differ in who starts the tasks:
 * - `fake`: direct polls on the fake, no SDK, no worker: the fake's own growth per started task;
 * - `hand-written`: SDK polls, and per task what a minimal hand-written loop keeps (the polled
 *   task, an AbortController, a heartbeat interval, the handler's pending promise);
 * - `worker`: an ActivityWorker with a slot per task.
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
import { ActivityWorker, defineActivity, silentLogger } from 'swf-activity-worker';
import { createInProcessClient, FakeSwf } from 'swf-activity-worker/fake';
import { settledHeapUsed, until } from './bench.js';
import {
  ACTIVITY_TYPE,
  DOMAIN,
  registerBenchType,
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
  const fake = new FakeSwf({ pollTimeoutMs: 60_000 });
  registerBenchType(fake, DEFAULTS);
  const client = createInProcessClient(fake);
  scheduleBenchTasks(fake, tasks);
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const before = await settledHeapUsed();
  const kept: unknown[] = [];
  let finish: () => Promise<void> = async () => {};
  if (mode === 'fake') {
    for (let index = 0; index < tasks; index++) {
      const task = await fake.handle('PollForActivityTask', {
        domain: DOMAIN,
        taskList: { name: TASK_LIST },
        identity: 'bench-worker',
      });
      kept.push(task.taskToken);
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
      kept.push(handWritten(client, task.taskToken ?? '', released));
    }
    finish = async () => {
      release();
      await Promise.all(kept);
    };
  } else {
    const worker = new ActivityWorker({
      client,
      domain: DOMAIN,
      taskList: TASK_LIST,
      activities: [
        defineActivity({
          ...ACTIVITY_TYPE,
          handler: async () => {
            await released;
            return 'done';
          },
        }),
      ],
      maxConcurrentTasks: tasks,
      pollers: 64,
      heartbeatBudget: { ratePerSecond: Number.POSITIVE_INFINITY },
      logger: silentLogger,
    });
    const running = worker.run();
    await until(() => worker.tasksInFlight === tasks, 20);
    finish = async () => {
      release();
      await until(() => worker.tasksInFlight === 0, 20);
      const stopping = worker.shutdown({ graceMs: 0 });
      fake.model.releasePollers();
      await Promise.all([stopping, running]);
    };
  }
  const after = await settledHeapUsed();
  await finish();
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
  const beat = setInterval(() => {
    client.send(new RecordActivityTaskHeartbeatCommand({ taskToken })).then(
      (output) => {
        if (output.cancelRequested) controller.abort();
      },
      () => undefined,
    );
  }, DEFAULTS.heartbeatTimeout * 333);
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
