/**
 * The demo: `npm run demo`. Everything runs in this process on the in-memory fake of SWF, on
 * the system clock, in a few seconds: no AWS account, no network.
 *
 * A workflow asks for three activities, and a decider (written with the SDK client, as you
 * would against SWF) reacts to what happens to them:
 * - `transcode` works through a long job and reports its progress with `ctx.heartbeat`; the
 *   decider asks to cancel it part way, so its signal aborts with ActivityCancelledError and
 *   the worker reports RespondActivityTaskCanceled;
 * - `thumbnail` completes normally;
 * - `checksum` blocks the event loop with synchronous work and sends no heartbeat for longer
 *   than its 1 s heartbeat timeout: SWF times it out, the worker warns about the stalled
 *   event loop, and the handler's signal aborts with TaskGoneError.
 * It ends with the execution's history as a timeline.
 */
import { createHash } from 'node:crypto';
import {
  type Decision,
  type HistoryEvent,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import {
  ActivityAbortError,
  ActivityWorker,
  defineActivity,
  silentLogger,
} from 'swf-activity-worker';
import { createInProcessClient, FakeSwf } from 'swf-activity-worker/fake';
import { Display } from './support/display.js';
import { formatTimeline } from './support/timeline.js';
import { readHistory } from './support/workflow.js';

const display = new Display();
display.print(
  display.bold(
    'swf-activity-worker demo: an in-memory SWF, a decider and a worker, in this process',
  ),
);
const domain = 'media';
const activityTaskList = 'video';
const decisionTaskList = 'video-decisions';

// ---- SWF: the fake, and a real SDK client served by it in-process ---------------------------

const fake = new FakeSwf();
const client = createInProcessClient(fake);

// ---- The activities ----------------------------------------------------------------------------

/** Tells what stopped a handler: the abort reason of its signal. */
function stoppedBy(name: string, signal: AbortSignal): void {
  const reason = signal.reason;
  if (reason instanceof ActivityAbortError) {
    display.log(`${name}: handler stopped, ctx.signal.reason is ${display.bold(reason.name)}`);
  }
}

const transcode = defineActivity({
  name: 'transcode',
  version: '1',
  async handler(input: { frames: number }, ctx) {
    try {
      for (let frame = 10; frame <= input.frames; frame += 10) {
        await ctx.sleep(50); // stands for encoding 10 frames; rejects once the signal aborts
        ctx.heartbeat({ frame }); // the latest details go to SWF, coalesced
        display.progress('transcode', frame, input.frames, `frame ${frame}/${input.frames}`);
      }
      return { frames: input.frames };
    } catch (error) {
      display.endProgress();
      stoppedBy('transcode', ctx.signal);
      throw error; // rejected after a cancel request: reported as canceled
    }
  },
});

const thumbnail = defineActivity({
  name: 'thumbnail',
  version: '1',
  async handler(input: { width: number }, ctx) {
    for (const stage of ['decode', 'scale', 'encode']) {
      ctx.heartbeat({ stage });
      await ctx.sleep(200);
    }
    return { width: input.width, height: (input.width * 9) / 16 };
  },
});

const checksum = defineActivity({
  name: 'checksum',
  version: '1',
  async handler(_input: unknown, ctx) {
    ctx.heartbeat({ stage: 'reading' });
    await ctx.sleep(400);
    // Don't do this: synchronous work blocks the event loop, so no heartbeat can go out (and
    // nothing else in the process runs). Move such work to worker_threads: see
    // examples/cpu-bound.ts.
    display.log('checksum: hashing synchronously for 1.3 s: the event loop is blocked…');
    const hash = createHash('sha256');
    const block = Buffer.alloc(1 << 16);
    for (const until = Date.now() + 1_300; Date.now() < until; ) hash.update(block);
    try {
      await ctx.sleep(1_000); // the next heartbeat finds the task gone: this rejects
      return { sha256: hash.digest('hex') };
    } catch (error) {
      stoppedBy('checksum', ctx.signal);
      throw error; // the task is gone: nothing is reported
    }
  },
});

// ---- Registration, and the workflow -------------------------------------------------------------

await client.send(
  new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: '1' }),
);
await client.send(new RegisterWorkflowTypeCommand({ domain, name: 'publishVideo', version: '1' }));
// The timeouts tasks get unless the decider overrides them: whole seconds, as strings.
for (const [type, heartbeat, startToClose] of [
  [transcode, '10', '60'],
  [thumbnail, '5', '30'],
  [checksum, '1', '30'],
] as const) {
  await client.send(
    new RegisterActivityTypeCommand({
      domain,
      name: type.name,
      version: type.version,
      defaultTaskList: { name: activityTaskList },
      defaultTaskHeartbeatTimeout: heartbeat,
      defaultTaskStartToCloseTimeout: startToClose,
      defaultTaskScheduleToStartTimeout: '60',
      defaultTaskScheduleToCloseTimeout: '120',
    }),
  );
  display.log(
    `registered activity type ${type.name}@${type.version}: heartbeat timeout ${heartbeat} s`,
  );
}

const { runId = '' } = await client.send(
  new StartWorkflowExecutionCommand({
    domain,
    workflowId: 'publish-video-1',
    workflowType: { name: 'publishVideo', version: '1' },
    taskList: { name: decisionTaskList },
    executionStartToCloseTimeout: '300',
    taskStartToCloseTimeout: '10',
    childPolicy: 'TERMINATE',
  }),
);
display.log(`started workflow publish-video-1 (run ${runId.slice(0, 8)}…)`);

// ---- The decider ----------------------------------------------------------------------------------

/** What to do next, from the execution's whole history. */
function decide(events: readonly HistoryEvent[]): Decision[] {
  const seen = (type: string) => events.some((event) => event.eventType === type);
  const closed = events.filter((event) =>
    /^ActivityTask(Completed|Failed|Canceled|TimedOut)$/.test(event.eventType ?? ''),
  ).length;
  const schedule = (activityId: string, input: unknown): Decision => ({
    decisionType: 'ScheduleActivityTask',
    scheduleActivityTaskDecisionAttributes: {
      activityId,
      activityType: { name: activityId, version: '1' },
      input: JSON.stringify(input),
    },
  });
  if (!seen('ActivityTaskScheduled')) {
    display.log('decider: schedules transcode, thumbnail and checksum; starts a 4 s timer');
    return [
      schedule('transcode', { frames: 1000 }),
      schedule('thumbnail', { width: 320 }),
      schedule('checksum', {}),
      {
        decisionType: 'StartTimer',
        startTimerDecisionAttributes: { timerId: 'cancel-transcode', startToFireTimeout: '4' },
      },
    ];
  }
  if (closed === 3) {
    display.log('decider: every activity is closed: CompleteWorkflowExecution');
    return [
      {
        decisionType: 'CompleteWorkflowExecution',
        completeWorkflowExecutionDecisionAttributes: { result: JSON.stringify({ closed }) },
      },
    ];
  }
  if (seen('TimerFired') && !seen('ActivityTaskCancelRequested')) {
    display.log('decider: timer fired: RequestCancelActivityTask for transcode');
    return [
      {
        decisionType: 'RequestCancelActivityTask',
        requestCancelActivityTaskDecisionAttributes: { activityId: 'transcode' },
      },
    ];
  }
  return [];
}

/** Polls decision tasks and answers them until the workflow is complete. */
async function runDecider(): Promise<void> {
  for (;;) {
    const task = await client.send(
      new PollForDecisionTaskCommand({
        domain,
        taskList: { name: decisionTaskList },
        identity: 'demo-decider',
      }),
    );
    if (!task.taskToken) continue; // the long poll ended with no task
    // A long history comes in pages (nextPageToken); this one fits in the first.
    const decisions = decide(task.events ?? []);
    await client.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }),
    );
    if (decisions.some((decision) => decision.decisionType === 'CompleteWorkflowExecution')) return;
  }
}

// ---- The worker -----------------------------------------------------------------------------------

const worker = new ActivityWorker({
  client,
  domain,
  taskList: activityTaskList,
  activities: [transcode, thumbnail, checksum],
  maxConcurrentTasks: 3,
  identity: 'demo-worker',
  logger: silentLogger, // this demo prints the worker's events itself
});

let tasksDone = 0;
const allTasksDone = new Promise<void>((resolve) => {
  const done = () => {
    tasksDone += 1;
    if (tasksDone === 3) resolve();
  };
  worker.on('taskResponded', (event) => {
    display.log(
      `${event.task.activityType.name}: reported ${display.bold(event.outcome)} (RespondActivityTask${event.outcome[0]?.toUpperCase()}${event.outcome.slice(1)})`,
    );
    done();
  });
  worker.on('taskGone', (event) => {
    display.log(
      `${event.task.activityType.name}: SWF answered UnknownResourceFault: the task timed out; nothing to report`,
    );
    done();
  });
});
worker.on('taskStarted', ({ task, timeouts }) =>
  display.log(
    `${task.activityType.name}: started (heartbeat timeout ${timeouts.heartbeatTimeoutMs / 1000} s)`,
  ),
);
worker.on('cancelRequested', ({ task }) =>
  display.log(`${task.activityType.name}: SWF answered a heartbeat with cancelRequested`),
);
worker.on('warning', ({ code, message }) =>
  display.log(`${display.bold(`worker warning [${code}]`)} ${message}`),
);

const running = worker.run();
await runDecider();
await allTasksDone;

// ---- The history ----------------------------------------------------------------------------------

const history = await readHistory(client, domain, { workflowId: 'publish-video-1', runId });
display.print();
display.print(display.bold('History of publish-video-1'));
for (const line of formatTimeline(history)) display.print(`  ${line}`);

// No task is in flight: shut the worker down; closing the fake answers its waiting poll.
const stopped = worker.shutdown();
fake.close();
await Promise.all([stopped, running]);
client.destroy();
