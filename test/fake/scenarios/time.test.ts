/**
 * Time in the fake, all on a manual clock shared with the test (no sleeps, no real timers):
 * the four activity timeouts, the decision task and execution timeouts, and long polls,
 * including a poll whose client went away.
 */
import {
  CountPendingActivityTasksCommand,
  GetWorkflowExecutionHistoryCommand,
  type HistoryEvent,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondDecisionTaskCompletedCommand,
  UnknownResourceFault,
} from '@aws-sdk/client-swf';
import type { ActivityTaskReference } from 'swf-activity-worker/fake';
import { describe, expect, test } from 'vitest';
import { type FakeHarness, SCENARIO_TRANSPORTS, useFake } from '../../support/fake-harness.js';
import {
  DECISION_TASK_LIST,
  DOMAIN,
  describeRun,
  historyOf,
  lastEvent,
  pollActivityTask,
  pollDecisionTask,
  registerAll,
  rejectionOf,
  startRun,
  typesOf,
} from '../../support/swf-scenario.js';

/** The fake's conveniences put tasks in domain `fake`, task list `default`. */
const FAKE_DOMAIN = 'fake';
const TASK_LIST = 'default';

async function historyOfTask(
  { client }: FakeHarness,
  reference: ActivityTaskReference,
): Promise<HistoryEvent[]> {
  return historyOf(client, reference.workflowExecution, reference.domain);
}

async function pollFakeTask({ client }: FakeHarness) {
  return pollActivityTask(client, TASK_LIST, FAKE_DOMAIN);
}

describe.each(SCENARIO_TRANSPORTS)('time over %s', (transport) => {
  const open = useFake(transport);

  describe('activity timeouts', () => {
    test('SCHEDULE_TO_START: a task nobody polls for times out with startedEventId 0', async () => {
      const harness = await open();
      const { fake, clock, client } = harness;
      const reference = fake.scheduleActivityTask({ scheduleToStartTimeout: 5 });
      await clock.advance(4_999);
      expect(fake.activityTask(reference).status).toBe('SCHEDULED');
      await clock.advance(1);
      const events = await historyOfTask(harness, reference);
      // Then the execution that scheduleActivityTask started completes.
      expect(typesOf(events).slice(-5)).toEqual([
        'ActivityTaskTimedOut',
        'DecisionTaskScheduled',
        'DecisionTaskStarted',
        'DecisionTaskCompleted',
        'WorkflowExecutionCompleted',
      ]);
      const scheduled = lastEvent(events, 'ActivityTaskScheduled');
      expect(lastEvent(events, 'ActivityTaskTimedOut').activityTaskTimedOutEventAttributes).toEqual(
        {
          timeoutType: 'SCHEDULE_TO_START',
          scheduledEventId: scheduled.eventId,
          startedEventId: 0,
        },
      );
      expect(
        (
          await client.send(
            new CountPendingActivityTasksCommand({
              domain: FAKE_DOMAIN,
              taskList: { name: TASK_LIST },
            }),
          )
        ).count,
      ).toBe(0);
    });

    test('START_TO_CLOSE: heartbeats do not extend it', async () => {
      const harness = await open();
      const { fake, clock, client } = harness;
      const reference = fake.scheduleActivityTask({ startToCloseTimeout: 10, heartbeatTimeout: 4 });
      await clock.advance(1_000);
      const task = await pollFakeTask(harness);
      for (let second = 3; second <= 9; second += 3) {
        await clock.advance(3_000);
        const answer = await client.send(
          new RecordActivityTaskHeartbeatCommand({
            taskToken: task.taskToken,
            details: `${second}s`,
          }),
        );
        expect(answer.cancelRequested).toBe(false);
      }
      await clock.advance(999);
      expect(fake.activityTask(reference).status).toBe('STARTED');
      await clock.advance(1);
      const events = await historyOfTask(harness, reference);
      expect(lastEvent(events, 'ActivityTaskTimedOut').activityTaskTimedOutEventAttributes).toEqual(
        {
          timeoutType: 'START_TO_CLOSE',
          scheduledEventId: lastEvent(events, 'ActivityTaskScheduled').eventId,
          startedEventId: task.startedEventId,
          details: '9s',
        },
      );
      const error = await rejectionOf(
        client.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken })),
      );
      expect(error).toBeInstanceOf(UnknownResourceFault);
    });

    test('SCHEDULE_TO_CLOSE: counts from scheduling, across the start', async () => {
      const harness = await open();
      const { fake, clock } = harness;
      const reference = fake.scheduleActivityTask({ scheduleToCloseTimeout: 8 });
      await clock.advance(3_000);
      const task = await pollFakeTask(harness);
      await clock.advance(4_999);
      expect(fake.activityTask(reference).status).toBe('STARTED');
      await clock.advance(1);
      const events = await historyOfTask(harness, reference);
      expect(
        lastEvent(events, 'ActivityTaskTimedOut').activityTaskTimedOutEventAttributes,
      ).toMatchObject({ timeoutType: 'SCHEDULE_TO_CLOSE', startedEventId: task.startedEventId });
    });

    test('HEARTBEAT: counts from the start, each heartbeat resets it, the last details are kept', async () => {
      const harness = await open();
      const { fake, clock, client } = harness;
      const reference = fake.scheduleActivityTask({ heartbeatTimeout: 5 });
      // Waiting to be started does not count against the heartbeat timeout.
      await clock.advance(30_000);
      const task = await pollFakeTask(harness);
      await clock.advance(4_999);
      await client.send(
        new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken, details: 'h1' }),
      );
      await clock.advance(4_999);
      await client.send(
        new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken, details: 'h2' }),
      );
      await clock.advance(4_999);
      expect(fake.activityTask(reference)).toMatchObject({
        status: 'STARTED',
        lastHeartbeatDetails: 'h2',
      });
      await clock.advance(1);
      const events = await historyOfTask(harness, reference);
      expect(lastEvent(events, 'ActivityTaskTimedOut').activityTaskTimedOutEventAttributes).toEqual(
        {
          timeoutType: 'HEARTBEAT',
          scheduledEventId: lastEvent(events, 'ActivityTaskScheduled').eventId,
          startedEventId: task.startedEventId,
          details: 'h2',
        },
      );
      expect(fake.activityTask(reference).closeEvent?.eventType).toBe('ActivityTaskTimedOut');
    });
  });

  test('a decision task not completed within its START_TO_CLOSE timeout times out', async () => {
    const { client, clock } = await open();
    await registerAll(client);
    const run = await startRun(client, 'order-1', { taskStartToCloseTimeout: '20' });
    const task = await pollDecisionTask(client);
    await clock.advance(19_999);
    expect(typesOf(await historyOf(client, run)).at(-1)).toBe('DecisionTaskStarted');
    await clock.advance(1);
    const events = await historyOf(client, run);
    expect(typesOf(events)).toEqual([
      'WorkflowExecutionStarted',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
      'DecisionTaskTimedOut',
      'DecisionTaskScheduled',
    ]);
    expect(events[3]?.decisionTaskTimedOutEventAttributes).toEqual({
      timeoutType: 'START_TO_CLOSE',
      scheduledEventId: 2,
      startedEventId: 3,
    });
    const error = await rejectionOf(
      client.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken })),
    );
    expect(error).toBeInstanceOf(UnknownResourceFault);
    const next = await pollDecisionTask(client);
    expect(next.startedEventId).toBe(6);
  });

  test('an execution that outlives its start-to-close timeout times out with its tasks', async () => {
    const { client, clock } = await open();
    await registerAll(client);
    const run = await startRun(client, 'order-1', { executionStartToCloseTimeout: '100' });
    await clock.advance(100_000);
    const events = await historyOf(client, run);
    expect(typesOf(events).at(-1)).toBe('WorkflowExecutionTimedOut');
    expect(
      lastEvent(events, 'WorkflowExecutionTimedOut').workflowExecutionTimedOutEventAttributes,
    ).toEqual({ timeoutType: 'START_TO_CLOSE', childPolicy: 'TERMINATE' });
    const described = await describeRun(client, run);
    expect(described.executionInfo).toMatchObject({
      executionStatus: 'CLOSED',
      closeStatus: 'TIMED_OUT',
    });
    expect(described.openCounts?.openDecisionTasks).toBe(0);
  });

  describe('long polls', () => {
    test('an activity poll returns as soon as a task arrives', async () => {
      const harness = await open({ fake: { pollTimeoutMs: 60_000 } });
      const { fake, clock, client } = harness;
      fake.scheduleActivityTask({ taskList: 'other' }); // registers the domain
      const startedAt = clock.now();
      const poll = client.send(
        new PollForActivityTaskCommand({ domain: FAKE_DOMAIN, taskList: { name: TASK_LIST } }),
      );
      await harness.pollersWaiting('activity', FAKE_DOMAIN, TASK_LIST);
      await clock.advance(10_000);
      const reference = fake.scheduleActivityTask();
      const task = await poll;
      expect(task.activityId).toBe(reference.activityId);
      expect(clock.now() - startedAt).toBe(10_000);
      expect(fake.activityTask(reference).status).toBe('STARTED');
    });

    test('an activity poll answers empty after the poll timeout', async () => {
      const harness = await open({ fake: { pollTimeoutMs: 2_000 } });
      const { fake, clock, client } = harness;
      fake.scheduleActivityTask({ taskList: 'other' });
      let settled = false;
      const poll = client
        .send(
          new PollForActivityTaskCommand({ domain: FAKE_DOMAIN, taskList: { name: TASK_LIST } }),
        )
        .finally(() => {
          settled = true;
        });
      await harness.pollersWaiting('activity', FAKE_DOMAIN, TASK_LIST);
      await clock.advance(1_999);
      expect(settled).toBe(false);
      await clock.advance(1);
      const task = await poll;
      expect(task.taskToken ?? '').toBe('');
      expect(task.activityId).toBeUndefined();
    });

    test('a decision poll answers empty after the poll timeout', async () => {
      const harness = await open({ fake: { pollTimeoutMs: 2_000 } });
      const { clock, client } = harness;
      await registerAll(client);
      const poll = client.send(
        new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: { name: DECISION_TASK_LIST } }),
      );
      await harness.pollersWaiting('decision', DOMAIN, DECISION_TASK_LIST);
      await clock.advance(2_000);
      const task = await poll;
      expect(task.taskToken ?? '').toBe('');
      expect(task.events ?? []).toEqual([]);
    });

    test('a decision poll returns as soon as an execution starts', async () => {
      const harness = await open();
      const { client } = harness;
      await registerAll(client);
      const poll = client.send(
        new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: { name: DECISION_TASK_LIST } }),
      );
      await harness.pollersWaiting('decision', DOMAIN, DECISION_TASK_LIST);
      const run = await startRun(client, 'order-1');
      const task = await poll;
      expect(task.workflowExecution).toEqual(run);
      expect(task.events?.map((event) => event.eventType)).toEqual([
        'WorkflowExecutionStarted',
        'DecisionTaskScheduled',
        'DecisionTaskStarted',
      ]);
    });
  });

  test('a poll whose client gave up may still be handed a task, which then times out', async () => {
    const harness = await open();
    const { fake, clock, client } = harness;
    fake.scheduleActivityTask({ taskList: 'other' });
    const controller = new AbortController();
    const poll = client.send(
      new PollForActivityTaskCommand({ domain: FAKE_DOMAIN, taskList: { name: TASK_LIST } }),
      { abortSignal: controller.signal },
    );
    await harness.pollersWaiting('activity', FAKE_DOMAIN, TASK_LIST);
    controller.abort();
    const error = await rejectionOf(poll);
    expect((error as Error).name).toBe('AbortError');

    // The service did not notice: the vanished poller is handed the next task.
    await clock.settle();
    const reference = fake.scheduleActivityTask({ startToCloseTimeout: 30 });
    expect(fake.activityTask(reference).status).toBe('STARTED');
    await clock.advance(30_000);
    const closeEvent = fake.activityTask(reference).closeEvent;
    expect(closeEvent?.eventType).toBe('ActivityTaskTimedOut');
    expect(closeEvent?.activityTaskTimedOutEventAttributes?.timeoutType).toBe('START_TO_CLOSE');
    const history = await client.send(
      new GetWorkflowExecutionHistoryCommand({
        domain: FAKE_DOMAIN,
        execution: reference.workflowExecution,
      }),
    );
    expect(history.events?.map((event) => event.eventType)).toContain('ActivityTaskStarted');
  });
});
