/**
 * A production worker against Amazon SWF, as the README shows it. Compiled with the project
 * (`npm run typecheck`); it needs an AWS account to run.
 */
import { SWFClient } from '@aws-sdk/client-swf';
import { ActivityWorker, defineActivity } from 'swf-activity-worker';

const resizeImage = defineActivity({
  name: 'resizeImage',
  version: '1',
  async handler(input: { key: string }, ctx) {
    ctx.heartbeat({ stage: 'resize' });
    return { thumbnail: `thumbnails/${input.key}` };
  },
});

// #region timeouts
const transcode = defineActivity({
  name: 'transcode',
  version: '1',
  // Timeouts you know need no lookup at all (SWF's are whole seconds; these are ms).
  heartbeatTimeoutMs: 60_000,
  startToCloseTimeoutMs: 2 * 60 * 60_000,
  async handler(input: { key: string }, ctx) {
    ctx.heartbeat({ key: input.key });
    return {};
  },
});
// #endregion

// #region worker
const client = new SWFClient({
  region: process.env.AWS_REGION, // credentials: the SDK's default provider chain
  // A poll waits up to 60 s for a task: let requests run longer than that.
  requestHandler: { requestTimeout: 70_000 },
});

const worker = new ActivityWorker({
  client,
  domain: 'media',
  taskList: 'images',
  activities: [resizeImage, transcode],
  maxConcurrentTasks: 8, // tasks at once in this process; add processes to scale out
  timeoutStrategy: 'activity-type', // the default: DescribeActivityType, once per type
  handleSignals: true, // SIGTERM and SIGINT: stop polling, let tasks finish within the grace
  shutdownGraceMs: 30_000,
});
worker.on('warning', ({ code, message }) => console.warn(`[${code}] ${message}`));
worker.on('taskResponded', ({ task, outcome }) => console.log(`${task}: ${outcome}`));
await worker.run(); // until SIGTERM
// #endregion
