/**
 * Fleet: how you scale out. Start more worker processes, on more machines, all polling the
 * same task list: SWF hands each task to one poller, so the work spreads across them, and a
 * process that stops (or dies) simply stops taking tasks. Each process keeps its own
 * `maxConcurrentTasks` and its own heartbeat budget.
 *
 * This example serves the fake over HTTP on 127.0.0.1, starts three worker processes
 * (examples/fleet-worker.ts) against it, runs a workflow of twelve tasks, shows which process
 * ran which, then stops the fleet with SIGTERM.
 *
 *   npm run example examples/fleet.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connectExampleSwf } from './support/example-swf.js';
import { readHistory, startWorkflow } from './support/workflow.js';

const swf = await connectExampleSwf(
  [{ name: 'transcodeSegment', version: '1', heartbeatTimeout: 10, startToCloseTimeout: 60 }],
  { http: true },
);
const taskList = swf.taskList('segments');
if (swf.endpoint) console.log(`fake SWF listening on ${swf.endpoint}`);

// Should this process end early (an error), the worker processes end with it.
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts one worker process; resolves once it polls. */
async function startWorkerProcess(name: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(new URL('./fleet-worker.ts', import.meta.url))],
    {
      env: {
        ...process.env,
        ...(swf.endpoint === undefined ? {} : { SWF_ENDPOINT: swf.endpoint }),
        SWF_DOMAIN: swf.domain,
        SWF_TASK_LIST: taskList,
        WORKER_NAME: name,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  lines.on('line', (line) => console.log(`[${name}] ${line}`));
  await new Promise<void>((resolve) => lines.on('line', (line) => line === 'ready' && resolve()));
  return child;
}

const names = ['worker-1', 'worker-2', 'worker-3'];
const fleet = await Promise.all(names.map(startWorkerProcess));

const workflow = await startWorkflow(
  swf,
  Array.from({ length: 12 }, (_, index) => ({
    activityId: `segment-${index + 1}`,
    activityType: { name: 'transcodeSegment', version: '1' },
    input: { segment: index + 1 },
    taskList,
  })),
);
const results = await workflow.finished;
console.log(`${results.filter((result) => result.outcome === 'completed').length} of 12 completed`);

// Who ran what: the identity in each ActivityTaskStarted event.
const history = await readHistory(swf.client, swf.domain, workflow.workflowExecution);
const tasksByWorker = new Map(names.map((name) => [name, 0]));
for (const event of history) {
  const identity = event.activityTaskStartedEventAttributes?.identity ?? '';
  const name = names.find((each) => identity.startsWith(`${each} `));
  if (name) tasksByWorker.set(name, (tasksByWorker.get(name) ?? 0) + 1);
}
for (const [name, count] of tasksByWorker) {
  console.log(`${name}: ${'■'.repeat(count)} ${count} tasks`);
}

// Stop the fleet as a deployment would: SIGTERM to every process.
const exits = fleet.map((child) => once(child, 'exit'));
const stopping = fleet.map(
  (child) =>
    new Promise<void>((resolve) =>
      child.stdout?.on('data', (chunk: Buffer) => chunk.includes('stopping') && resolve()),
    ),
);
for (const child of fleet) child.kill('SIGTERM');
await Promise.all(stopping);
await swf.finish(); // against the fake, answers the polls the workers still wait on
const codes = (await Promise.all(exits)).map(([code]) => code);
console.log(`worker processes exited with ${codes.join(', ')}`);
