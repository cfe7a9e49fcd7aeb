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
// Region and credentials: the SDK's default provider chain (AWS_REGION, an IAM role, ...).
const client = new SWFClient({});

const worker = new ActivityWorker({
  client,
  domain: 'media',
  taskList: 'images',
  activities: [resizeImage, transcode],
  maxConcurrentTasks: 8, // tasks at once in this process; add processes to scale out
  timeoutStrategy: 'activity-type', // the default: DescribeActivityType, once per type
  // SIGTERM and SIGINT stop polling and give tasks in flight a grace, by default; under
  // Kubernetes or ECS (30 s before SIGKILL) tasks can have more than the default 5 s.
  shutdownGraceMs: 20_000,
});
worker.on('warning', ({ code, message }) => console.warn(`[${code}] ${message}`));
worker.on('taskResponded', ({ task, outcome }) => console.log(`${task}: ${outcome}`));
await worker.run(); // until SIGTERM; rejects at once if the domain or credentials are wrong
// #endregion
