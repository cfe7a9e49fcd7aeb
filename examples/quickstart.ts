/**
 * Quickstart: the smallest useful worker. One activity that reports progress, one worker that
 * polls its task list, and a workflow whose decider schedules the activity three times.
 *
 *   npm run example examples/quickstart.ts
 */
import { ActivityWorker, defineActivity } from 'swf-activity-worker';
import { connectExampleSwf } from './support/example-swf.js';
import { startWorkflow } from './support/workflow.js';

// An activity: its SWF type, and a handler from input to result.
const resizeImage = defineActivity({
  name: 'resizeImage',
  version: '1',
  async handler(input: { key: string; width: number }, ctx) {
    for (const stage of ['download', 'resize', 'upload']) {
      ctx.heartbeat({ stage }); // progress; heartbeats also go out on their own
      await ctx.sleep(150); // stands for real work; rejects if the task is aborted
    }
    return { key: `thumbnails/${input.width}/${input.key}` };
  },
});

const swf = await connectExampleSwf([
  { name: 'resizeImage', version: '1', heartbeatTimeout: 10, startToCloseTimeout: 60 },
]);
const taskList = swf.taskList('images');

// The worker: polls the task list, runs each task's handler, reports every outcome.
const worker = new ActivityWorker({
  client: swf.client,
  domain: swf.domain,
  taskList,
  activities: [resizeImage],
  maxConcurrentTasks: 4,
});
worker.on('taskResponded', ({ task, outcome }) => console.log(`${task.activityId}: ${outcome}`));
const running = worker.run();

const workflow = await startWorkflow(
  swf,
  ['cat.png', 'dog.png', 'owl.png'].map((key, index) => ({
    activityId: `resize-${index + 1}`,
    activityType: resizeImage,
    input: { key, width: 320 },
    taskList,
  })),
);
for (const { activityId, outcome, result } of await workflow.finished) {
  console.log(`${activityId} ${outcome}: ${JSON.stringify(result)}`);
}

await swf.finish(worker);
await running;
