/**
 * One worker process of the fleet started by examples/fleet.ts: it polls the shared task list
 * until SIGTERM. Its settings come from the environment:
 * - `SWF_ENDPOINT`: the fake's HTTP endpoint (unset: Amazon SWF, from the AWS environment);
 * - `SWF_DOMAIN`, `SWF_TASK_LIST`: where to poll;
 * - `WORKER_NAME`: how it names itself in the ActivityTaskStarted events.
 */
import { SWFClient } from '@aws-sdk/client-swf';
import { ActivityWorker, defineActivity } from 'swf-activity-worker';
import { fakeClientConfig } from './support/example-swf.js';

/** The activity every process of the fleet runs. */
export const transcodeSegment = defineActivity({
  name: 'transcodeSegment',
  version: '1',
  async handler(input: { segment: number }, ctx) {
    await ctx.sleep(300); // stands for the real work
    return { segment: input.segment, worker: process.env.WORKER_NAME };
  },
});

const { SWF_ENDPOINT, SWF_DOMAIN = '', SWF_TASK_LIST = '', WORKER_NAME = 'worker' } = process.env;
const client = new SWFClient(SWF_ENDPOINT ? fakeClientConfig(SWF_ENDPOINT) : {});
const worker = new ActivityWorker({
  client,
  domain: SWF_DOMAIN,
  taskList: SWF_TASK_LIST,
  activities: [transcodeSegment],
  maxConcurrentTasks: 2,
  identity: `${WORKER_NAME} (pid ${process.pid})`,
  handleSignals: true,
});
let done = 0;
worker.on('taskResponded', () => {
  done += 1;
});
worker.on('shutdownStarted', () => console.log('stopping'));

const running = worker.run();
// Tell examples/fleet.ts once this process polls.
const ready = setInterval(() => {
  if (worker.pollsInFlight === 0) return;
  clearInterval(ready);
  console.log('ready');
}, 10);
await running;
console.log(`stopped after ${done} tasks`);
client.destroy();
