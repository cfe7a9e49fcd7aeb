/**
 * Progress and resume: a long activity records how far it got in its heartbeat details. When
 * an attempt times out (here: its machine loses the network), SWF records those details in the
 * `ActivityTaskTimedOut` event; the decider schedules a new attempt, which reads them from the
 * history and resumes where the last one stopped instead of starting over.
 *
 *   npm run example examples/progress-and-resume.ts
 */
import {
  GetWorkflowExecutionHistoryCommand,
  type HistoryEvent,
  type SWFClient,
} from '@aws-sdk/client-swf';
import {
  type ActivityContext,
  ActivityWorker,
  defineActivity,
  silentLogger,
} from 'swf-activity-worker';
import { connectExampleSwf } from './support/example-swf.js';
import { startWorkflow } from './support/workflow.js';

interface Progress {
  /** The last chunk encoded. */
  readonly chunk: number;
}

/**
 * The heartbeat details of the last timed-out attempt of this task's activity in this
 * execution, if any. One GetWorkflowExecutionHistory call per page, newest events first; SWF
 * refills that quota at 60 calls per second per account, so read it once per attempt, not in
 * a loop.
 */
async function lastTimedOutProgress(
  client: SWFClient,
  ctx: ActivityContext,
): Promise<Progress | undefined> {
  const { domain, workflowExecution, activityType } = ctx.task;
  const timedOut: HistoryEvent[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await client.send(
      new GetWorkflowExecutionHistoryCommand({
        domain,
        execution: workflowExecution,
        reverseOrder: true,
        nextPageToken,
      }),
      { abortSignal: ctx.signal },
    );
    for (const event of page.events ?? []) {
      if (event.eventType === 'ActivityTaskTimedOut') {
        timedOut.push(event);
        continue;
      }
      // Reading newest first, an attempt's scheduled event comes after its timed-out event.
      const scheduled = event.activityTaskScheduledEventAttributes;
      const match = timedOut.find(
        (candidate) =>
          candidate.activityTaskTimedOutEventAttributes?.scheduledEventId === event.eventId,
      );
      const details = match?.activityTaskTimedOutEventAttributes?.details;
      if (scheduled?.activityType?.name === activityType.name && details !== undefined) {
        return JSON.parse(details) as Progress;
      }
    }
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return undefined;
}

const swf = await connectExampleSwf([
  // Heartbeat timeout: 1 s, so that a lost attempt times out quickly.
  { name: 'encodeVideo', version: '1', heartbeatTimeout: 1, startToCloseTimeout: 120 },
]);
const taskList = swf.taskList('encoding');

/** The activity, for workers whose client also reads the history. */
const encodeVideo = (client: SWFClient) =>
  defineActivity<{ chunks: number }, { encoded: number; resumedAt: number }, Progress>({
    name: 'encodeVideo',
    version: '1',
    async handler(input, ctx) {
      const resumeAfter = (await lastTimedOutProgress(client, ctx))?.chunk ?? 0;
      console.log(
        resumeAfter === 0
          ? `${ctx.task.activityId}: starts from the first chunk`
          : `${ctx.task.activityId}: resumes after chunk ${resumeAfter}, from the last attempt's heartbeat details`,
      );
      for (let chunk = resumeAfter + 1; chunk <= input.chunks; chunk++) {
        await ctx.sleep(100); // stands for encoding one chunk
        ctx.heartbeat({ chunk });
      }
      return { encoded: input.chunks - resumeAfter, resumedAt: resumeAfter };
    },
  });

// Machine A: its client can lose the network, as a machine can.
const clientA = swf.newClient();
let networkDown = false;
clientA.middlewareStack.add(
  (next) => async (args) => {
    if (networkDown) {
      throw Object.assign(new Error('connect ENETUNREACH'), { code: 'ENETUNREACH' });
    }
    return next(args);
  },
  { step: 'initialize', name: 'exampleNetworkCut' },
);
const workerA = new ActivityWorker({
  client: clientA,
  domain: swf.domain,
  taskList,
  activities: [encodeVideo(clientA)],
  maxConcurrentTasks: 1,
  identity: 'machine-a',
  logger: silentLogger,
});
workerA.on('taskGone', ({ task }) =>
  console.log(`machine A: back online; SWF no longer knows ${task.activityId} (it timed out)`),
);
const runningA = workerA.run();

const workflow = await startWorkflow(swf, [
  {
    activityId: 'encode',
    activityType: { name: 'encodeVideo', version: '1' },
    input: { chunks: 30 },
    taskList,
    retriesOnTimeout: 1,
  },
]);

// Once machine A has worked a while, it loses the network for 2.5 s.
await new Promise<void>((resolve) => workerA.on('taskStarted', () => resolve()));
await new Promise((resolve) => setTimeout(resolve, 1_000));
networkDown = true;
console.log('machine A: network down');
setTimeout(() => {
  networkDown = false;
}, 2_500);

// Machine B joins the fleet and picks up the next attempt.
const clientB = swf.newClient();
const workerB = new ActivityWorker({
  client: clientB,
  domain: swf.domain,
  taskList,
  activities: [encodeVideo(clientB)],
  identity: 'machine-b',
  logger: silentLogger,
});
const runningB = workerB.run();

const [encode] = await workflow.finished;
console.log(
  `${encode?.activityId}: ${encode?.outcome} after ${encode?.attempts} attempts: ${JSON.stringify(encode?.result)}`,
);

// Let machine A find out that its attempt is gone before stopping it.
while (workerA.tasksInFlight > 0) await new Promise((resolve) => setTimeout(resolve, 100));
await swf.finish(workerA, workerB);
await Promise.all([runningA, runningB]);
