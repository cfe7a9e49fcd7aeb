/**
 * A project that uses the packed package as a user would, with the oldest @aws-sdk/client-swf
 * of the supported range: compiled by tsc, then run. Each part must end with a completed task.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import {
  GetWorkflowExecutionHistoryCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import {
  ActivityWorker,
  type ActivityWorkerOptions,
  defineActivity,
  type WorkerEventOf,
} from 'swf-activity-worker';
import { createInProcessClient, FakeSwf, InProcessHttpHandler } from 'swf-activity-worker/fake';
import { createTestSwf, runActivityForTest } from 'swf-activity-worker/testing';

const shout = defineActivity({
  name: 'shout',
  version: '1',
  heartbeatTimeoutMs: 30_000,
  startToCloseTimeoutMs: 60_000,
  async handler(input: string, ctx) {
    ctx.heartbeat({ stage: 'shouting' });
    return input.toUpperCase();
  },
});

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`consumer check failed: ${message}`);
}

/** Runs `options`' worker until its first task is responded to; returns the outcome. */
async function runOneTask(
  options: ActivityWorkerOptions,
  afterShutdownStarted: () => unknown = () => {},
): Promise<WorkerEventOf<'taskResponded'>['outcome']> {
  const worker = new ActivityWorker(options);
  const responded = new Promise<WorkerEventOf<'taskResponded'>>((resolve) =>
    worker.on('taskResponded', resolve),
  );
  const running = worker.run();
  const { outcome } = await responded;
  const stopped = worker.shutdown({ graceMs: 0 });
  await afterShutdownStarted();
  await Promise.all([stopped, running]);
  return outcome;
}

/** 1. The user's own client, over HTTP, against the `swf-fake` bin; a decider schedules. */
async function againstTheBin(): Promise<void> {
  const bin = spawn('node_modules/.bin/swf-fake', ['--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [firstLine] = (await once(createInterface({ input: bin.stdout }), 'line')) as [string];
  const endpoint = /listening on (http:\/\/\S+)/.exec(firstLine)?.[1];
  check(endpoint !== undefined, `swf-fake printed ${firstLine}`);
  const client = new SWFClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'fake', secretAccessKey: 'fake' },
  });
  const domain = 'consumer';
  const workflowType = { name: 'flow', version: '1' };
  await client.send(
    new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: '1' }),
  );
  await client.send(
    new RegisterWorkflowTypeCommand({
      domain,
      ...workflowType,
      defaultTaskList: { name: 'decisions' },
      defaultExecutionStartToCloseTimeout: '600',
      defaultTaskStartToCloseTimeout: '60',
      defaultChildPolicy: 'TERMINATE',
    }),
  );
  await client.send(new RegisterActivityTypeCommand({ domain, name: 'shout', version: '1' }));
  const { runId } = await client.send(
    new StartWorkflowExecutionCommand({ domain, workflowId: 'consumer-1', workflowType }),
  );
  const decision = await client.send(
    new PollForDecisionTaskCommand({ domain, taskList: { name: 'decisions' } }),
  );
  await client.send(
    new RespondDecisionTaskCompletedCommand({
      taskToken: decision.taskToken,
      decisions: [
        {
          decisionType: 'ScheduleActivityTask',
          scheduleActivityTaskDecisionAttributes: {
            activityType: { name: 'shout', version: '1' },
            activityId: 'shout-1',
            taskList: { name: 'work' },
            input: JSON.stringify('over http'),
            heartbeatTimeout: '30',
            scheduleToCloseTimeout: '120',
            scheduleToStartTimeout: '60',
            startToCloseTimeout: '60',
          },
        },
      ],
    }),
  );
  let result: string | undefined;
  const outcome = await runOneTask(
    { client, domain, taskList: 'work', activities: [shout], pollers: 1 },
    async () => {
      const { events = [] } = await client.send(
        new GetWorkflowExecutionHistoryCommand({
          domain,
          execution: { workflowId: 'consumer-1', runId },
        }),
      );
      result = events.find((event) => event.eventType === 'ActivityTaskCompleted')
        ?.activityTaskCompletedEventAttributes?.result;
      // The poll waiting when the shutdown started is answered as the server stops.
      bin.kill('SIGTERM');
    },
  );
  check(outcome === 'completed', `over HTTP the task was ${outcome}`);
  check(result === '"OVER HTTP"', `the history holds the result ${result}`);
  await once(bin, 'exit');
  client.destroy();
  console.log(`the swf-fake bin: ${outcome} (run ${runId})`);
}

/** 2. In-process through `./fake`, and with `./testing`'s fake on a manual clock. */
async function inProcess(): Promise<void> {
  const fake = new FakeSwf();
  const client = createInProcessClient(fake);
  fake.scheduleActivityTask({ activityType: shout, input: JSON.stringify('in process') });
  const outcome = await runOneTask(
    { client, domain: 'fake', taskList: 'default', activities: [shout], pollers: 1 },
    () => fake.close(),
  );
  check(outcome === 'completed', `in-process the task was ${outcome}`);
  client.destroy();

  const swf = createTestSwf();
  const task = swf.fake.scheduleActivityTask({ activityType: shout, input: '"manual"' });
  const worker = new ActivityWorker({
    client: swf.client,
    clock: swf.clock,
    domain: task.domain,
    taskList: 'default',
    activities: [shout],
  });
  const running = worker.run();
  await swf.clock.advance(1_000);
  const closed = swf.fake.activityTask(task).closeEvent?.eventType;
  check(closed === 'ActivityTaskCompleted', `on a manual clock the task closed with ${closed}`);
  await Promise.all([worker.shutdown({ graceMs: 0 }), swf.clock.advance(60_000), running]);
  swf.close();

  const unit = await runActivityForTest(shout, 'unit');
  check(unit.status === 'completed', `runActivityForTest: ${unit.status}`);
  console.log('in-process, manual clock and mock context: completed');
}

/** The handler of `./fake` fits the user's client config, as the README shows. */
export function ownClient(fake: FakeSwf): SWFClient {
  return new SWFClient({ region: 'us-east-1', requestHandler: new InProcessHttpHandler(fake) });
}

await againstTheBin();
await inProcess();
console.log(`consumer: all checks passed on Node ${process.version}`);
