/**
 * Activity tasks as a worker sees them through the SDK: polling, heartbeats, the three
 * responses and the events they record; cancellation in each state a task can be in; and the
 * UnknownResourceFault that answers every call on the token of a task that is gone.
 */
import { randomBytes } from 'node:crypto';
import {
  CountPendingActivityTasksCommand,
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  RespondDecisionTaskCompletedCommand,
  type SWFClient,
  TerminateWorkflowExecutionCommand,
  UnknownResourceFault,
} from '@aws-sdk/client-swf';
import { createTestSwf } from 'swf-activity-worker/testing';
import { describe, expect, test } from 'vitest';
import { type FakeHarness, SCENARIO_TRANSPORTS, useFake } from '../../support/fake-harness.js';
import {
  ACTIVITY_TASK_LIST,
  ACTIVITY_TYPE,
  completeWorkflow,
  DOMAIN,
  decide,
  historyOf,
  lastEvent,
  pollActivityTask,
  pollDecisionTask,
  type Run,
  registerAll,
  rejectionOf,
  requestCancelActivity,
  scheduleActivity,
  signal,
  startRun,
  typesOf,
} from '../../support/swf-scenario.js';

/** Every call a worker makes with a task token, each expected to fail on a gone task. */
const TOKEN_CALLS: readonly (readonly [
  string,
  (client: SWFClient, taskToken: string) => Promise<unknown>,
])[] = [
  [
    'RecordActivityTaskHeartbeat',
    (client, taskToken) =>
      client.send(new RecordActivityTaskHeartbeatCommand({ taskToken, details: 'x' })),
  ],
  [
    'RespondActivityTaskCompleted',
    (client, taskToken) =>
      client.send(new RespondActivityTaskCompletedCommand({ taskToken, result: 'x' })),
  ],
  [
    'RespondActivityTaskFailed',
    (client, taskToken) =>
      client.send(new RespondActivityTaskFailedCommand({ taskToken, reason: 'x' })),
  ],
  [
    'RespondActivityTaskCanceled',
    (client, taskToken) =>
      client.send(new RespondActivityTaskCanceledCommand({ taskToken, details: 'x' })),
  ],
];

/** Sends every worker call with `taskToken` and expects a 400 UnknownResourceFault from each. */
async function expectEveryCallUnknown(client: SWFClient, taskToken: string): Promise<void> {
  for (const [operation, call] of TOKEN_CALLS) {
    const error = await rejectionOf(call(client, taskToken));
    expect(error, operation).toBeInstanceOf(UnknownResourceFault);
    expect((error as UnknownResourceFault).$metadata.httpStatusCode, operation).toBe(400);
  }
}

describe.each(SCENARIO_TRANSPORTS)('activity tasks over %s', (transport) => {
  const open = useFake(transport);

  /** A run whose decider scheduled activity `a` (heartbeat timeout 10 s). */
  async function scheduled(harnessOptions?: Parameters<typeof open>[0]) {
    const harness = await open(harnessOptions);
    await registerAll(harness.client);
    const run = await startRun(harness.client, 'order-1');
    await decide(harness.client, [scheduleActivity('a', { input: 'in', heartbeatTimeout: '10' })]);
    return { ...harness, run };
  }

  /** As {@link scheduled}, with the task polled by a worker. */
  async function startedTask(harnessOptions?: Parameters<typeof open>[0]) {
    const setup = await scheduled(harnessOptions);
    const task = await pollActivityTask(setup.client);
    return { ...setup, task };
  }

  test('a poll hands out the task and records ActivityTaskStarted', async () => {
    const { client, run } = await scheduled();
    const task = await client.send(
      new PollForActivityTaskCommand({
        domain: DOMAIN,
        taskList: { name: ACTIVITY_TASK_LIST },
        identity: 'worker-7',
      }),
    );
    expect(task).toMatchObject({
      activityId: 'a',
      startedEventId: 6,
      workflowExecution: run,
      activityType: ACTIVITY_TYPE,
      input: 'in',
    });
    expect(task.taskToken?.length).toBeGreaterThan(20);
    const events = await historyOf(client, run);
    expect(lastEvent(events, 'ActivityTaskStarted').activityTaskStartedEventAttributes).toEqual({
      identity: 'worker-7',
      scheduledEventId: 5,
    });
  });

  test('a heartbeat answers cancelRequested false and writes no event', async () => {
    const { client, run, task } = await startedTask();
    const before = await historyOf(client, run);
    const answer = await client.send(
      new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken, details: '50%' }),
    );
    expect(answer.cancelRequested).toBe(false);
    expect(await historyOf(client, run)).toHaveLength(before.length);
  });

  test('completion records ActivityTaskCompleted and schedules a decision task', async () => {
    const { client, run, task } = await startedTask();
    await client.send(
      new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result: 'charged' }),
    );
    const events = await historyOf(client, run);
    expect(typesOf(events).slice(-2)).toEqual(['ActivityTaskCompleted', 'DecisionTaskScheduled']);
    expect(lastEvent(events, 'ActivityTaskCompleted').activityTaskCompletedEventAttributes).toEqual(
      { result: 'charged', scheduledEventId: 5, startedEventId: 6 },
    );
  });

  test('failure records ActivityTaskFailed with its reason and details', async () => {
    const { client, run, task } = await startedTask();
    await client.send(
      new RespondActivityTaskFailedCommand({
        taskToken: task.taskToken,
        reason: 'card declined',
        details: 'code 51',
      }),
    );
    const events = await historyOf(client, run);
    expect(typesOf(events).slice(-2)).toEqual(['ActivityTaskFailed', 'DecisionTaskScheduled']);
    expect(lastEvent(events, 'ActivityTaskFailed').activityTaskFailedEventAttributes).toEqual({
      reason: 'card declined',
      details: 'code 51',
      scheduledEventId: 5,
      startedEventId: 6,
    });
  });

  describe('cancellation', () => {
    test('of a task not yet started cancels it at once', async () => {
      const { client, run } = await scheduled();
      await signal(client, run);
      await decide(client, [requestCancelActivity('a')]);
      const events = await historyOf(client, run);
      expect(typesOf(events).slice(-3)).toEqual([
        'ActivityTaskCancelRequested',
        'ActivityTaskCanceled',
        'DecisionTaskScheduled',
      ]);
      const requested = lastEvent(events, 'ActivityTaskCancelRequested');
      expect(requested.activityTaskCancelRequestedEventAttributes).toEqual({
        activityId: 'a',
        decisionTaskCompletedEventId: 9,
      });
      expect(lastEvent(events, 'ActivityTaskCanceled').activityTaskCanceledEventAttributes).toEqual(
        { scheduledEventId: 5, startedEventId: 0, latestCancelRequestedEventId: requested.eventId },
      );
      const { count } = await client.send(
        new CountPendingActivityTasksCommand({
          domain: DOMAIN,
          taskList: { name: ACTIVITY_TASK_LIST },
        }),
      );
      expect(count).toBe(0);
    });

    test('of a started task reaches the worker through its next heartbeat', async () => {
      const { client, run, task } = await startedTask();
      await signal(client, run);
      await decide(client, [requestCancelActivity('a')]);
      const answer = await client.send(
        new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken }),
      );
      expect(answer.cancelRequested).toBe(true);
      await client.send(
        new RespondActivityTaskCanceledCommand({ taskToken: task.taskToken, details: 'undone' }),
      );
      const events = await historyOf(client, run);
      const requested = lastEvent(events, 'ActivityTaskCancelRequested');
      expect(typesOf(events).slice(-2)).toEqual(['ActivityTaskCanceled', 'DecisionTaskScheduled']);
      expect(lastEvent(events, 'ActivityTaskCanceled').activityTaskCanceledEventAttributes).toEqual(
        {
          details: 'undone',
          scheduledEventId: 5,
          startedEventId: 6,
          latestCancelRequestedEventId: requested.eventId,
        },
      );
    });

    test.each([
      ['completes', (taskToken: string) => new RespondActivityTaskCompletedCommand({ taskToken })],
      ['fails', (taskToken: string) => new RespondActivityTaskFailedCommand({ taskToken })],
    ] as const)('a worker that ignores the request and %s is heard', async (_, respond) => {
      const { client, run, task } = await startedTask();
      await signal(client, run);
      await decide(client, [requestCancelActivity('a')]);
      await client.send(respond(task.taskToken));
      const events = await historyOf(client, run);
      expect(typesOf(events)).toContain('ActivityTaskCancelRequested');
      expect(typesOf(events).slice(-2)[0]).toMatch(/^ActivityTask(Completed|Failed)$/);
    });

    test('of a closed task fails with ACTIVITY_ID_UNKNOWN', async () => {
      const { client, run, task } = await startedTask();
      await client.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken }));
      await decide(client, [requestCancelActivity('a')]);
      const events = await historyOf(client, run);
      expect(
        lastEvent(events, 'RequestCancelActivityTaskFailed')
          .requestCancelActivityTaskFailedEventAttributes,
      ).toMatchObject({ activityId: 'a', cause: 'ACTIVITY_ID_UNKNOWN' });
      expect(typesOf(events)).not.toContain('ActivityTaskCancelRequested');
    });
  });

  describe('the token of a task that is gone', () => {
    const closers: readonly (readonly [
      string,
      (setup: FakeHarness & { run: Run; task: { taskToken: string } }) => Promise<void>,
    ])[] = [
      [
        'completed',
        async ({ client, task }) => {
          await client.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken }));
        },
      ],
      [
        'failed',
        async ({ client, task }) => {
          await client.send(new RespondActivityTaskFailedCommand({ taskToken: task.taskToken }));
        },
      ],
      [
        'was canceled',
        async ({ client, run, task }) => {
          await signal(client, run);
          await decide(client, [requestCancelActivity('a')]);
          await client.send(new RespondActivityTaskCanceledCommand({ taskToken: task.taskToken }));
        },
      ],
      [
        'timed out',
        async ({ clock }) => {
          await clock.advance(10_000);
        },
      ],
      [
        'is of a terminated execution',
        async ({ client, run }) => {
          await client.send(
            new TerminateWorkflowExecutionCommand({ domain: DOMAIN, workflowId: run.workflowId }),
          );
        },
      ],
      [
        'is of a completed execution',
        async ({ client, run }) => {
          await signal(client, run);
          await decide(client, [completeWorkflow()]);
        },
      ],
    ];

    test.each(closers)('that %s answers every call with UnknownResourceFault', async (_, close) => {
      const setup = await startedTask();
      await close(setup);
      await expectEveryCallUnknown(setup.client, setup.task.taskToken);
    });
  });

  describe('tokens that were never issued here', () => {
    test('a malformed or forged token is a 400 UnknownResourceFault, never a 500', async () => {
      const { client } = await startedTask();
      for (const token of [
        'not-a-token',
        ' ',
        '{"json": true}',
        '%%%',
        randomBytes(32).toString('base64url'),
        'x'.repeat(1024),
      ]) {
        await expectEveryCallUnknown(client, token);
      }
    });

    test('the token of another fake is unknown here', async () => {
      const { client } = await startedTask();
      const other = createTestSwf();
      try {
        const reference = other.fake.scheduleActivityTask({ domain: DOMAIN });
        const task = await pollActivityTask(other.client, 'default');
        expect(task.activityId).toBe(reference.activityId);
        await expectEveryCallUnknown(client, task.taskToken);
      } finally {
        other.close();
      }
    });

    test('a decision task token is no activity task token, and the other way round', async () => {
      const { client, run, task } = await startedTask();
      await signal(client, run);
      const decisionTask = await pollDecisionTask(client);
      await expectEveryCallUnknown(client, decisionTask.taskToken);
      const error = await rejectionOf(
        client.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken })),
      );
      expect(error).toBeInstanceOf(UnknownResourceFault);
    });
  });
});
