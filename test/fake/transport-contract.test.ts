/**
 * The one suite that proves the fake's three ways in equal: the transport contract (answers,
 * errors, drops, long polls, aborts) over each, through the real `@aws-sdk/client-swf`, and one
 * whole workflow against a real fake whose answers must match across transports. The scenario
 * suites then run in-process only.
 */
import {
  CountClosedWorkflowExecutionsCommand,
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
  type SWFClientConfig,
} from '@aws-sdk/client-swf';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startHttpServer } from '../../src/fake/transports/http-server.js';
import { createInProcessClient } from '../../src/fake/transports/in-process.js';
import { createSwfHandlers } from '../../src/msw/index.js';
import { FAKE_TRANSPORTS, openFake } from '../support/fake-harness.js';
import { describeTransportContract, type OpenClient } from './support/transport-contract.js';

const CREDENTIALS = { accessKeyId: 'AKIDFAKESWF', secretAccessKey: 'fake-swf-secret' };

/** A client aimed at SWF's real endpoint in us-east-1: msw intercepts every request. */
function realEndpointClient(config: SWFClientConfig = {}): SWFClient {
  return new SWFClient({ region: 'us-east-1', credentials: CREDENTIALS, ...config });
}

describeTransportContract('in-process', async (service, options = {}) => {
  const client = createInProcessClient(service, options.config, options.wire);
  return { client, close: async () => client.destroy() };
});

describeTransportContract('HTTP', async (service, options = {}) => {
  const server = await startHttpServer(service, options.wire);
  const client = new SWFClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: CREDENTIALS,
    ...options.config,
  });
  return {
    client,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
});

describe('over msw', () => {
  // msw intercepts every request of this process while it listens: only within this block.
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const wire =
    (connectionDrop: 'network-error' | 'reset'): OpenClient =>
    async (service, options = {}) => {
      server.use(...createSwfHandlers(service, { ...options.wire, connectionDrop }));
      const client = realEndpointClient(options.config);
      return { client, close: async () => client.destroy() };
    };
  describeTransportContract('msw', wire('network-error'), { drop: 'network-error' });
  describeTransportContract('msw (connectionDrop: reset)', wire('reset'));
});

/**
 * One workflow, decider and worker, with every answer the SDK gives, made comparable across
 * transports: request ids, run ids and task tokens are random, so they are replaced by names.
 */
async function workflowTranscript(transport: (typeof FAKE_TRANSPORTS)[number]): Promise<unknown[]> {
  const harness = await openFake(transport, { fake: { maxPageSize: 3 } });
  const { client } = harness;
  const names = new Map<string, string>();
  const name = (value: string) => {
    if (!names.has(value)) names.set(value, `<random ${names.size + 1}>`);
    return names.get(value);
  };
  const transcript: unknown[] = [];
  const record = async (call: Promise<object>) => {
    const answer = await call.catch((error: Error) => ({
      error: error.name,
      message: error.message,
    }));
    transcript.push(
      JSON.parse(JSON.stringify(answer), (key, value: unknown) => {
        if (key === '$metadata') return undefined;
        const random = key === 'runId' || key === 'taskToken' || key === 'nextPageToken';
        if (random && typeof value === 'string' && value !== '') {
          return name(value);
        }
        return value;
      }),
    );
    return answer as Record<string, unknown>;
  };
  try {
    const domain = 'contract';
    await record(
      client.send(
        new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: '1' }),
      ),
    );
    const workflowType = { name: 'flow', version: '1' };
    const activityType = { name: 'work', version: '1' };
    await record(
      client.send(
        new RegisterWorkflowTypeCommand({
          domain,
          ...workflowType,
          defaultTaskList: { name: 'deciders' },
          defaultExecutionStartToCloseTimeout: '600',
          defaultTaskStartToCloseTimeout: '60',
          defaultChildPolicy: 'TERMINATE',
        }),
      ),
    );
    await record(
      client.send(
        new RegisterActivityTypeCommand({
          domain,
          ...activityType,
          defaultTaskList: { name: 'workers' },
          defaultTaskScheduleToStartTimeout: '60',
          defaultTaskScheduleToCloseTimeout: '120',
          defaultTaskStartToCloseTimeout: '60',
          defaultTaskHeartbeatTimeout: '30',
        }),
      ),
    );
    const started = await record(
      client.send(new StartWorkflowExecutionCommand({ domain, workflowId: 'w-1', workflowType })),
    );
    const execution = { workflowId: 'w-1', runId: String(started.runId) };
    const pollDecision = () =>
      record(
        client.send(new PollForDecisionTaskCommand({ domain, taskList: { name: 'deciders' } })),
      );
    const first = await pollDecision();
    await record(
      client.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: String(first.taskToken),
          decisions: [
            {
              decisionType: 'ScheduleActivityTask',
              scheduleActivityTaskDecisionAttributes: {
                activityType,
                activityId: 'a-1',
                input: 'in',
              },
            },
          ],
        }),
      ),
    );
    const task = await record(
      client.send(new PollForActivityTaskCommand({ domain, taskList: { name: 'workers' } })),
    );
    const taskToken = String(task.taskToken);
    await record(
      client.send(new RecordActivityTaskHeartbeatCommand({ taskToken, details: '50%' })),
    );
    await record(
      client.send(new RespondActivityTaskCompletedCommand({ taskToken, result: 'out' })),
    );
    await record(client.send(new RecordActivityTaskHeartbeatCommand({ taskToken })));
    const second = await pollDecision();
    await record(
      client.send(
        new PollForDecisionTaskCommand({
          domain,
          taskList: { name: 'deciders' },
          nextPageToken: String(second.nextPageToken),
        }),
      ),
    );
    await record(
      client.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: String(second.taskToken),
          decisions: [
            {
              decisionType: 'CompleteWorkflowExecution',
              completeWorkflowExecutionDecisionAttributes: { result: 'done' },
            },
          ],
        }),
      ),
    );
    await record(client.send(new DescribeWorkflowExecutionCommand({ domain, execution })));
    await record(
      client.send(
        new GetWorkflowExecutionHistoryCommand({ domain, execution, reverseOrder: true }),
      ),
    );
    await record(
      client.send(
        new CountClosedWorkflowExecutionsCommand({
          domain,
          startTimeFilter: { oldestDate: new Date(0) },
        }),
      ),
    );
    await record(
      client.send(
        new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: '1' }),
      ),
    );
    return transcript;
  } finally {
    await harness.cleanup();
  }
}

test('a whole workflow gets the same answers over the three transports', async () => {
  // One after the other: msw intercepts every request of the process while it listens.
  const transcripts: unknown[][] = [];
  for (const transport of FAKE_TRANSPORTS) transcripts.push(await workflowTranscript(transport));
  const [inProcess, ...others] = transcripts;
  expect(inProcess).toHaveLength(17);
  expect(JSON.stringify(inProcess)).toContain('DomainAlreadyExistsFault');
  expect(JSON.stringify(inProcess)).toContain('UnknownResourceFault');
  expect(inProcess).toContainEqual({ count: 1, truncated: false });
  for (const transcript of others) expect(transcript).toEqual(inProcess);
});
