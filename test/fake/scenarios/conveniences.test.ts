/**
 * The fake's conveniences for tests of activity workers (scheduleActivityTask,
 * requestActivityTaskCancel, activityTask, history), checked against what a worker sees
 * through the SDK.
 */
import {
  DescribeActivityTypeCommand,
  DescribeDomainCommand,
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RegisterActivityTypeCommand,
  RespondActivityTaskCompletedCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, test } from 'vitest';
import { SCENARIO_TRANSPORTS, useFake } from '../../support/fake-harness.js';
import { historyOf, pollActivityTask, registerDomain } from '../../support/swf-scenario.js';

describe.each(SCENARIO_TRANSPORTS)('test conveniences over %s', (transport) => {
  const open = useFake(transport);

  describe('scheduleActivityTask', () => {
    test('registers what it needs and puts a task where a worker polls by default', async () => {
      const { fake, client } = await open();
      const first = fake.scheduleActivityTask({ input: 'one' });
      const second = fake.scheduleActivityTask();
      expect(first.domain).toBe('fake');
      expect(first.activityId).not.toBe(second.activityId);
      expect(first.workflowExecution).not.toEqual(second.workflowExecution);
      await client.send(new DescribeDomainCommand({ name: 'fake' }));
      await client.send(
        new DescribeActivityTypeCommand({
          domain: 'fake',
          activityType: { name: 'activity', version: '1' },
        }),
      );
      expect(fake.activityTask(first)).toEqual({
        status: 'SCHEDULED',
        scheduledEventId: expect.any(Number),
        startedEventId: 0,
        cancelRequested: false,
      });
      const task = await client.send(
        new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
      );
      expect(task).toMatchObject({
        activityId: first.activityId,
        input: 'one',
        workflowExecution: first.workflowExecution,
        activityType: { name: 'activity', version: '1' },
      });
    });

    test('schedules with the given options, as an ActivityTaskScheduled event says', async () => {
      const { fake, client } = await open();
      const reference = fake.scheduleActivityTask({
        domain: 'media',
        taskList: 'images',
        activityType: { name: 'resize', version: '2' },
        activityId: 'resize-1',
        input: '{"width":100}',
        heartbeatTimeout: 30,
        startToCloseTimeout: 300,
        scheduleToStartTimeout: 'NONE',
        scheduleToCloseTimeout: 3600,
        taskPriority: 5,
      });
      expect(reference.activityId).toBe('resize-1');
      const history = await historyOf(client, reference.workflowExecution, 'media');
      const scheduled = history.find((event) => event.eventType === 'ActivityTaskScheduled');
      expect(scheduled?.activityTaskScheduledEventAttributes).toMatchObject({
        activityType: { name: 'resize', version: '2' },
        activityId: 'resize-1',
        input: '{"width":100}',
        heartbeatTimeout: '30',
        startToCloseTimeout: '300',
        scheduleToStartTimeout: 'NONE',
        scheduleToCloseTimeout: '3600',
        taskList: { name: 'images' },
        taskPriority: '5',
      });
      expect((await pollActivityTask(client, 'images', 'media')).activityId).toBe('resize-1');
    });

    test('what is not given falls back to the type defaults', async () => {
      const { fake, client } = await open();
      await registerDomain(client, 'media');
      await client.send(
        new RegisterActivityTypeCommand({
          domain: 'media',
          name: 'resize',
          version: '1',
          defaultTaskList: { name: 'images' },
          defaultTaskHeartbeatTimeout: '20',
          defaultTaskStartToCloseTimeout: '120',
        }),
      );
      const reference = fake.scheduleActivityTask({
        domain: 'media',
        activityType: { name: 'resize', version: '1' },
      });
      const scheduled = fake
        .history('media', reference.workflowExecution)
        .find((event) => event.eventType === 'ActivityTaskScheduled');
      expect(scheduled?.activityTaskScheduledEventAttributes).toMatchObject({
        taskList: { name: 'images' },
        heartbeatTimeout: '20',
        startToCloseTimeout: '120',
        scheduleToStartTimeout: 'NONE',
        scheduleToCloseTimeout: 'NONE',
      });
    });

    test('a task of higher priority is handed out first, equal ones in scheduling order', async () => {
      const { fake, client } = await open();
      const low = fake.scheduleActivityTask({ taskPriority: -5 });
      const high = fake.scheduleActivityTask({ taskPriority: 10 });
      const same = fake.scheduleActivityTask({ taskPriority: -5 });
      const order: string[] = [];
      for (let poll = 0; poll < 3; poll++) {
        order.push((await pollActivityTask(client, 'default', 'fake')).activityId);
      }
      expect(order).toEqual([high.activityId, low.activityId, same.activityId]);
    });
  });

  describe('requestActivityTaskCancel', () => {
    test('cancels a task not yet started at once', async () => {
      const { fake } = await open();
      const reference = fake.scheduleActivityTask();
      fake.requestActivityTaskCancel(reference);
      const snapshot = fake.activityTask(reference);
      expect(snapshot).toMatchObject({
        status: 'CLOSED',
        startedEventId: 0,
        cancelRequested: true,
      });
      expect(snapshot.closeEvent?.eventType).toBe('ActivityTaskCanceled');
    });

    test('reaches a started task through its next heartbeat', async () => {
      const { fake, client } = await open();
      const reference = fake.scheduleActivityTask();
      const task = await pollActivityTask(client, 'default', 'fake');
      fake.requestActivityTaskCancel(reference);
      expect(fake.activityTask(reference)).toMatchObject({
        status: 'STARTED',
        cancelRequested: true,
      });
      const answer = await client.send(
        new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken }),
      );
      expect(answer.cancelRequested).toBe(true);
    });
  });

  describe('activityTask', () => {
    test('follows a task from scheduled to closed', async () => {
      const { fake, client } = await open();
      const reference = fake.scheduleActivityTask();
      const task = await pollActivityTask(client, 'default', 'fake');
      await client.send(
        new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken, details: '10%' }),
      );
      const started = fake.activityTask(reference);
      expect(started).toMatchObject({
        status: 'STARTED',
        startedEventId: task.startedEventId,
        lastHeartbeatDetails: '10%',
      });
      await client.send(
        new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result: 'ok' }),
      );
      const closed = fake.activityTask(reference);
      expect(closed).toMatchObject({
        status: 'CLOSED',
        scheduledEventId: started.scheduledEventId,
        startedEventId: task.startedEventId,
        cancelRequested: false,
      });
      expect(closed.closeEvent?.activityTaskCompletedEventAttributes).toEqual({
        result: 'ok',
        scheduledEventId: started.scheduledEventId,
        startedEventId: task.startedEventId,
      });
    });

    test('keeps the last heartbeat details of a task that timed out', async () => {
      const { fake, clock, client } = await open();
      const reference = fake.scheduleActivityTask({ heartbeatTimeout: 10 });
      const task = await pollActivityTask(client, 'default', 'fake');
      await client.send(
        new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken, details: 'last' }),
      );
      await clock.advance(10_000);
      expect(fake.activityTask(reference)).toMatchObject({
        status: 'CLOSED',
        lastHeartbeatDetails: 'last',
      });
    });

    test('throws for an activity id the execution never had', async () => {
      const { fake } = await open();
      const reference = fake.scheduleActivityTask();
      expect(() => fake.activityTask({ ...reference, activityId: 'ghost' })).toThrow(/ghost/);
    });
  });

  test('history is the history the SDK reads', async () => {
    const { fake, client } = await open();
    const reference = fake.scheduleActivityTask();
    const task = await pollActivityTask(client, 'default', 'fake');
    await client.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken }));
    const local = fake.history(reference.domain, reference.workflowExecution);
    const remote = await historyOf(client, reference.workflowExecution, reference.domain);
    expect(local.map((event) => [event.eventId, event.eventType])).toEqual(
      remote.map((event) => [event.eventId, event.eventType]),
    );
    expect(local.map((event) => event.eventTimestamp * 1000)).toEqual(
      remote.map((event) => event.eventTimestamp?.getTime()),
    );
    // Once its task closes, the execution that scheduleActivityTask started completes.
    expect(local.slice(-5).map((event) => event.eventType)).toEqual([
      'ActivityTaskCompleted',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
      'DecisionTaskCompleted',
      'WorkflowExecutionCompleted',
    ]);
  });
});
