/**
 * CPU-bound work: Node runs heartbeats on the same thread as handlers, so a handler that
 * computes for seconds on the main thread starves every task's heartbeats (see the `checksum`
 * activity of the demo). Here the heavy part runs in a worker thread: the main thread stays
 * free, heartbeats keep flowing, progress comes back as messages, and the task's signal is
 * forwarded to the thread through a shared flag, so a cancelled task stops computing.
 *
 *   npm run example examples/cpu-bound.ts
 */
import { Worker } from 'node:worker_threads';
import { type ActivityContext, ActivityWorker, defineActivity } from 'swf-activity-worker';
import { connectExampleSwf } from './support/example-swf.js';
import { startWorkflow } from './support/workflow.js';

interface HashInput {
  readonly seed: string;
  readonly rounds: number;
}

type ThreadMessage =
  | { readonly type: 'progress'; readonly round: number }
  | { readonly type: 'done'; readonly digest: string }
  | { readonly type: 'aborted'; readonly round: number };

/** Runs the rounds in a worker thread; rejects with the signal's reason if it aborts. */
function hashInThread(input: HashInput, ctx: ActivityContext): Promise<string> {
  return new Promise((resolve, reject) => {
    const abort = new Int32Array(new SharedArrayBuffer(4));
    const thread = new Worker(new URL('./cpu-bound-thread.mjs', import.meta.url), {
      workerData: { ...input, abort },
    });
    // The thread is busy and reads no message until it is done: a shared flag it looks at
    // between steps reaches it at once.
    const forwardAbort = (): void => {
      Atomics.store(abort, 0, 1);
    };
    ctx.signal.addEventListener('abort', forwardAbort, { once: true });
    thread.on('message', (message: ThreadMessage) => {
      if (message.type === 'progress') ctx.heartbeat({ round: message.round });
      else if (message.type === 'done') resolve(message.digest);
      else {
        console.log(`${ctx.task.activityId}: the thread stopped at round ${message.round}`);
        reject(ctx.signal.reason);
      }
    });
    thread.on('error', reject);
    thread.on('exit', (code) => {
      ctx.signal.removeEventListener('abort', forwardAbort);
      reject(new Error(`the hashing thread exited with code ${code}`)); // ignored once settled
    });
  });
}

const hashChain = defineActivity({
  name: 'hashChain',
  version: '1',
  async handler(input: HashInput, ctx) {
    const digest = await hashInThread(input, ctx);
    return { rounds: input.rounds, digest: digest.slice(0, 16) };
  },
});

const swf = await connectExampleSwf([
  { name: 'hashChain', version: '1', heartbeatTimeout: 1, startToCloseTimeout: 60 },
]);
const taskList = swf.taskList('hashing');
const worker = new ActivityWorker({
  client: swf.client,
  domain: swf.domain,
  taskList,
  activities: [hashChain],
});
const heartbeats = new Map<string, number>();
let lagWarnings = 0;
worker.on('heartbeatSent', ({ task }) =>
  heartbeats.set(task.activityId, (heartbeats.get(task.activityId) ?? 0) + 1),
);
worker.on('warning', ({ code }) => {
  if (code === 'eventLoopLag') lagWarnings += 1;
});
const running = worker.run();

const workflow = await startWorkflow(swf, [
  {
    activityId: 'short',
    activityType: hashChain,
    input: { seed: 'a', rounds: 400_000 },
    taskList,
  },
  {
    activityId: 'endless',
    activityType: hashChain,
    input: { seed: 'b', rounds: 100_000_000 },
    taskList,
    cancelAfterSeconds: 1,
  },
]);
for (const { activityId, outcome, result } of await workflow.finished) {
  const sent = heartbeats.get(activityId) ?? 0;
  console.log(
    `${activityId}: ${outcome} ${result === undefined ? '' : JSON.stringify(result)} (${sent} heartbeats sent while it computed)`,
  );
}
console.log(`event loop lag warnings: ${lagWarnings}`);

await swf.finish(worker);
await running;
