/**
 * Graceful shutdown on SIGTERM with tasks in flight, as when a deployment replaces this process.
 * With `handleSignals` (the default) the worker stops polling on SIGTERM or SIGINT, lets the
 * tasks in flight finish within `shutdownGraceMs` (heartbeats keep going), then aborts the
 * signal of those still running with WorkerShutdownError: they are reported failed, at once, so
 * that the decider can schedule them again elsewhere instead of waiting for a timeout. A second
 * signal ends the grace at once.
 *
 * Once its three tasks are running, this example sends itself SIGTERM (with `--wait`, it waits
 * for yours: press Ctrl+C, or `kill <pid>`).
 *
 *   npm run example examples/graceful-shutdown.ts
 */
import { ActivityWorker, defineActivity, WorkerShutdownError } from 'swf-activity-worker';
import { connectExampleSwf } from './support/example-swf.js';
import { type ActivityResult, startWorkflow } from './support/workflow.js';

const render = defineActivity({
  name: 'render',
  version: '1',
  async handler(input: { seconds: number }, ctx) {
    try {
      for (let second = 1; second <= input.seconds; second++) {
        await ctx.sleep(1000);
        ctx.heartbeat({ second });
      }
      return { rendered: input.seconds };
    } catch (error) {
      if (ctx.signal.reason instanceof WorkerShutdownError) {
        console.log(`${ctx.task.activityId}: stopped by the shutdown; SWF will hear it failed`);
      }
      throw error;
    }
  },
});

const swf = await connectExampleSwf([
  { name: 'render', version: '1', heartbeatTimeout: 10, startToCloseTimeout: 120 },
]);
const taskList = swf.taskList('rendering');
const worker = new ActivityWorker({
  client: swf.client,
  domain: swf.domain,
  taskList,
  activities: [render],
  maxConcurrentTasks: 3,
  handleSignals: true, // SIGTERM and SIGINT start worker.shutdown()
  shutdownGraceMs: 2_000,
});
worker.on('shutdownStarted', ({ graceMs }) =>
  console.log(`shutdown started: no more polls; ${worker.tasksInFlight} tasks have ${graceMs} ms`),
);
worker.on('shutdownGraceEnded', ({ tasksInFlight }) =>
  console.log(`grace ended: aborting the signal of ${tasksInFlight} task(s)`),
);
worker.on('taskResponded', ({ task, outcome, reason }) =>
  console.log(
    `${task.activityId}: reported ${outcome}${reason === undefined ? '' : ` (${reason})`}`,
  ),
);
const running = worker.run();

const workflow = await startWorkflow(
  swf,
  [1, 1, 30].map((seconds, index) => ({
    activityId: `scene-${index + 1}`,
    activityType: render,
    input: { seconds },
    taskList,
  })),
);

// Every slot busy: three tasks in flight, and no poll waiting.
let started = 0;
await new Promise<void>((resolve) =>
  worker.on('taskStarted', () => {
    started += 1;
    if (started === 3) resolve();
  }),
);
if (process.argv.includes('--wait')) {
  console.log(`3 tasks in flight; stop me with Ctrl+C or: kill ${process.pid}`);
} else {
  console.log(`3 tasks in flight; sending SIGTERM to myself (pid ${process.pid})`);
  process.kill(process.pid, 'SIGTERM');
}

await running; // resolves once every task in flight was reported
console.log(`worker ${worker.state}`);

// The decider sees the failed task and completes the workflow; a real one would reschedule it.
const results: ActivityResult[] = await workflow.finished;
for (const { activityId, outcome, reason } of results) {
  console.log(`history: ${activityId} ${outcome}${reason ? `: ${reason}` : ''}`);
}
await swf.finish();
