/**
 * A decider written with the SDK against the fake: decision tasks with paged histories, every
 * decision and its failure causes, timers on the manual clock, continue-as-new, and the rules of
 * decision tasks (one open at a time; every activity close and signal schedules one).
 */
import {
  type Decision,
  DeprecateActivityTypeCommand,
  type HistoryEvent,
  PollForDecisionTaskCommand,
  RespondActivityTaskCompletedCommand,
  RespondDecisionTaskCompletedCommand,
  TerminateWorkflowExecutionCommand,
  UnknownResourceFault,
} from '@aws-sdk/client-swf';
import { describe, expect, test } from 'vitest';
import { SCENARIO_TRANSPORTS, useFake } from '../../support/fake-harness.js';
import {
  ACTIVITY_TASK_LIST,
  ACTIVITY_TYPE,
  completeWorkflow,
  DECISION_TASK_LIST,
  DOMAIN,
  decide,
  describeRun,
  historyOf,
  lastEvent,
  pollActivityTask,
  pollDecisionTask,
  registerActivityType,
  registerAll,
  registerWorkflowType,
  rejectionOf,
  requestCancelActivity,
  scheduleActivity,
  signal,
  startRun,
  startTimer,
  typesOf,
  WORKFLOW_TYPE,
} from '../../support/swf-scenario.js';

/** The events after the last DecisionTaskCompleted: what the last decisions recorded. */
function afterLastDecision(events: readonly HistoryEvent[]): HistoryEvent[] {
  const index = events.findLastIndex((event) => event.eventType === 'DecisionTaskCompleted');
  return events.slice(index + 1);
}

describe.each(SCENARIO_TRANSPORTS)('a decider over %s', (transport) => {
  const open = useFake(transport);

  async function started(workflowId = 'order-1') {
    const harness = await open();
    await registerAll(harness.client);
    const run = await startRun(harness.client, workflowId);
    return { ...harness, run };
  }

  test('a decision task carries the history up to its start, over several pages', async () => {
    const { client, run } = await started();
    await decide(client, [startTimer('t', 600)]);
    for (const name of ['a', 'b', 'c']) await signal(client, run, name);

    const task = await pollDecisionTask(client, { maximumPageSize: 2 });
    expect(task.pages).toBe(5);
    expect(typesOf(task.events)).toEqual([
      'WorkflowExecutionStarted',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
      'DecisionTaskCompleted',
      'TimerStarted',
      'WorkflowExecutionSignaled',
      'DecisionTaskScheduled',
      'WorkflowExecutionSignaled',
      'WorkflowExecutionSignaled',
      'DecisionTaskStarted',
    ]);
    expect(task.events.map((event) => event.eventId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(task.startedEventId).toBe(10);
    expect(task.previousStartedEventId).toBe(3);
    expect(task.workflowExecution).toEqual(run);
    expect(task.workflowType).toEqual(WORKFLOW_TYPE);
    expect(task.events[9]?.decisionTaskStartedEventAttributes).toEqual({
      scheduledEventId: 7,
      identity: 'decider-1',
    });
    await client.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken }));
  });

  test('the first page of a reversed history is the newest events', async () => {
    const { client } = await started();
    const task = await client.send(
      new PollForDecisionTaskCommand({
        domain: DOMAIN,
        taskList: { name: DECISION_TASK_LIST },
        reverseOrder: true,
        maximumPageSize: 2,
      }),
    );
    expect(task.events?.map((event) => event.eventId)).toEqual([3, 2]);
    const rest = await client.send(
      new PollForDecisionTaskCommand({
        domain: DOMAIN,
        taskList: { name: DECISION_TASK_LIST },
        reverseOrder: true,
        maximumPageSize: 2,
        nextPageToken: task.nextPageToken,
      }),
    );
    expect(rest.events?.map((event) => event.eventId)).toEqual([1]);
    expect(rest.nextPageToken).toBeUndefined();
  });

  describe('ScheduleActivityTask', () => {
    test('fills what is not given from the activity type', async () => {
      const { client, run } = await started();
      await decide(client, [scheduleActivity('charge', { input: '42', control: 'ctl' })]);
      const events = await historyOf(client, run);
      expect(
        lastEvent(events, 'ActivityTaskScheduled').activityTaskScheduledEventAttributes,
      ).toEqual({
        activityType: ACTIVITY_TYPE,
        activityId: 'charge',
        input: '42',
        control: 'ctl',
        scheduleToStartTimeout: '60',
        scheduleToCloseTimeout: '600',
        startToCloseTimeout: '300',
        heartbeatTimeout: '30',
        taskList: { name: ACTIVITY_TASK_LIST },
        taskPriority: '0',
        decisionTaskCompletedEventId: 4,
      });
      const task = await pollActivityTask(client);
      expect(task).toMatchObject({ activityId: 'charge', input: '42' });
    });

    test('what is given overrides the type', async () => {
      const { client, run } = await started();
      await decide(client, [
        scheduleActivity('charge', {
          taskList: { name: 'fast' },
          scheduleToStartTimeout: '5',
          scheduleToCloseTimeout: 'NONE',
          startToCloseTimeout: '10',
          heartbeatTimeout: '2',
          taskPriority: '7',
        }),
      ]);
      const events = await historyOf(client, run);
      expect(
        lastEvent(events, 'ActivityTaskScheduled').activityTaskScheduledEventAttributes,
      ).toMatchObject({
        scheduleToStartTimeout: '5',
        scheduleToCloseTimeout: 'NONE',
        startToCloseTimeout: '10',
        heartbeatTimeout: '2',
        taskList: { name: 'fast' },
        taskPriority: '7',
      });
      expect((await pollActivityTask(client, 'fast')).activityId).toBe('charge');
    });

    const bare = { name: 'bare', version: '1' };
    const everything = {
      taskList: { name: ACTIVITY_TASK_LIST },
      scheduleToCloseTimeout: '600',
      scheduleToStartTimeout: '60',
      startToCloseTimeout: '300',
    } as const;
    test.each([
      ['taskList', 'DEFAULT_TASK_LIST_UNDEFINED'],
      ['scheduleToCloseTimeout', 'DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED'],
      ['scheduleToStartTimeout', 'DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED'],
      ['startToCloseTimeout', 'DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED'],
    ] as const)('without %s given or registered, fails with %s', async (member, cause) => {
      const { client, run } = await started();
      await registerActivityType(client, {
        ...bare,
        defaultTaskList: undefined,
        defaultTaskScheduleToStartTimeout: undefined,
        defaultTaskScheduleToCloseTimeout: undefined,
        defaultTaskStartToCloseTimeout: undefined,
        defaultTaskHeartbeatTimeout: undefined,
        defaultTaskPriority: undefined,
      });
      const { [member]: _left, ...given } = everything;
      await decide(client, [scheduleActivity('charge', { activityType: bare, ...given })]);
      const events = await historyOf(client, run);
      expect(afterLastDecision(events).map((event) => event.eventType)).toEqual([
        'ScheduleActivityTaskFailed',
        'DecisionTaskScheduled',
      ]);
      expect(
        lastEvent(events, 'ScheduleActivityTaskFailed').scheduleActivityTaskFailedEventAttributes,
      ).toEqual({
        activityType: bare,
        activityId: 'charge',
        cause,
        decisionTaskCompletedEventId: 4,
      });
      // With every member given, a type without defaults schedules fine (no heartbeat: NONE).
      await decide(client, [scheduleActivity('charge', { activityType: bare, ...everything })]);
      const scheduled = lastEvent(await historyOf(client, run), 'ActivityTaskScheduled');
      expect(scheduled.activityTaskScheduledEventAttributes?.activityId).toBe('charge');
    });

    test('an unknown or deprecated type, or an activity id in use, fails with its cause', async () => {
      const { client, run } = await started();
      await registerActivityType(client, { name: 'old' });
      await client.send(
        new DeprecateActivityTypeCommand({
          domain: DOMAIN,
          activityType: { name: 'old', version: '1' },
        }),
      );
      await decide(client, [
        scheduleActivity('one'),
        scheduleActivity('one'),
        scheduleActivity('two', { activityType: { name: 'nope', version: '1' } }),
        scheduleActivity('three', { activityType: { name: 'old', version: '1' } }),
      ]);
      const failures = (await historyOf(client, run))
        .filter((event) => event.eventType === 'ScheduleActivityTaskFailed')
        .map((event) => [
          event.scheduleActivityTaskFailedEventAttributes?.activityId,
          event.scheduleActivityTaskFailedEventAttributes?.cause,
        ]);
      expect(failures).toEqual([
        ['one', 'ACTIVITY_ID_ALREADY_IN_USE'],
        ['two', 'ACTIVITY_TYPE_DOES_NOT_EXIST'],
        ['three', 'ACTIVITY_TYPE_DEPRECATED'],
      ]);
    });
  });

  test('RequestCancelActivityTask of an unknown activity id fails with ACTIVITY_ID_UNKNOWN', async () => {
    const { client, run } = await started();
    await decide(client, [requestCancelActivity('ghost')]);
    const events = await historyOf(client, run);
    expect(
      lastEvent(events, 'RequestCancelActivityTaskFailed')
        .requestCancelActivityTaskFailedEventAttributes,
    ).toEqual({
      activityId: 'ghost',
      cause: 'ACTIVITY_ID_UNKNOWN',
      decisionTaskCompletedEventId: 4,
    });
    expect(typesOf(afterLastDecision(events))).toEqual([
      'RequestCancelActivityTaskFailed',
      'DecisionTaskScheduled',
    ]);
  });

  test.each([
    {
      decision: completeWorkflow('done'),
      closeStatus: 'COMPLETED',
      closeEvent: (event: HistoryEvent) => event.workflowExecutionCompletedEventAttributes,
      attributes: { result: 'done', decisionTaskCompletedEventId: 4 },
    },
    {
      decision: {
        decisionType: 'FailWorkflowExecution',
        failWorkflowExecutionDecisionAttributes: { reason: 'card declined', details: 'x' },
      },
      closeStatus: 'FAILED',
      closeEvent: (event: HistoryEvent) => event.workflowExecutionFailedEventAttributes,
      attributes: { reason: 'card declined', details: 'x', decisionTaskCompletedEventId: 4 },
    },
    {
      decision: {
        decisionType: 'CancelWorkflowExecution',
        cancelWorkflowExecutionDecisionAttributes: { details: 'bye' },
      },
      closeStatus: 'CANCELED',
      closeEvent: (event: HistoryEvent) => event.workflowExecutionCanceledEventAttributes,
      attributes: { details: 'bye', decisionTaskCompletedEventId: 4 },
    },
  ] satisfies {
    decision: Decision;
    closeStatus: string;
    closeEvent: (event: HistoryEvent) => object | undefined;
    attributes: object;
  }[])('$decision.decisionType closes the run as $closeStatus', async (scenario) => {
    const { client, run } = await started();
    await decide(client, [scenario.decision]);
    const events = await historyOf(client, run);
    const last = events.at(-1);
    expect(last && scenario.closeEvent(last)).toEqual(scenario.attributes);
    const described = await describeRun(client, run);
    expect(described.executionInfo).toMatchObject({
      executionStatus: 'CLOSED',
      closeStatus: scenario.closeStatus,
    });
  });

  test('closing the run ends its open activity tasks and timers', async () => {
    const { client, run } = await started();
    await decide(client, [scheduleActivity('charge'), startTimer('t', 60)]);
    const task = await pollActivityTask(client);
    await signal(client, run, 'go');
    await decide(client, [completeWorkflow()]);
    const described = await describeRun(client, run);
    expect(described.openCounts).toMatchObject({ openActivityTasks: 0, openTimers: 0 });
    const error = await rejectionOf(
      client.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken })),
    );
    expect(error).toBeInstanceOf(UnknownResourceFault);
  });

  test('RecordMarker records a marker', async () => {
    const { client, run } = await started();
    await decide(client, [
      {
        decisionType: 'RecordMarker',
        recordMarkerDecisionAttributes: { markerName: 'checkpoint', details: 'step 3' },
      },
    ]);
    const events = await historyOf(client, run);
    expect(typesOf(afterLastDecision(events))).toEqual(['MarkerRecorded']);
    expect(lastEvent(events, 'MarkerRecorded').markerRecordedEventAttributes).toEqual({
      markerName: 'checkpoint',
      details: 'step 3',
      decisionTaskCompletedEventId: 4,
    });
  });

  describe('timers', () => {
    test('a timer fires on the clock and schedules a decision task', async () => {
      const { client, clock, run } = await started();
      await decide(client, [startTimer('reminder', 90, 'c')]);
      const events = await historyOf(client, run);
      expect(lastEvent(events, 'TimerStarted').timerStartedEventAttributes).toEqual({
        timerId: 'reminder',
        control: 'c',
        startToFireTimeout: '90',
        decisionTaskCompletedEventId: 4,
      });
      await clock.advance(89_999);
      expect(typesOf(await historyOf(client, run)).at(-1)).toBe('TimerStarted');
      await clock.advance(1);
      const after = await historyOf(client, run);
      expect(typesOf(after).slice(-2)).toEqual(['TimerFired', 'DecisionTaskScheduled']);
      expect(lastEvent(after, 'TimerFired').timerFiredEventAttributes).toEqual({
        timerId: 'reminder',
        startedEventId: 5,
      });
      expect((await describeRun(client, run)).openCounts?.openTimers).toBe(0);
    });

    test('a canceled timer never fires; unknown and duplicate ids fail', async () => {
      const { client, clock, run } = await started();
      await decide(client, [startTimer('reminder', 60), startTimer('reminder', 60)]);
      await decide(client, [
        { decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId: 'reminder' } },
        { decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId: 'ghost' } },
      ]);
      await clock.advance(120_000);
      const events = await historyOf(client, run);
      expect(typesOf(events)).not.toContain('TimerFired');
      expect(lastEvent(events, 'StartTimerFailed').startTimerFailedEventAttributes).toEqual({
        timerId: 'reminder',
        cause: 'TIMER_ID_ALREADY_IN_USE',
        decisionTaskCompletedEventId: 4,
      });
      expect(lastEvent(events, 'TimerCanceled').timerCanceledEventAttributes).toEqual({
        timerId: 'reminder',
        startedEventId: 5,
        decisionTaskCompletedEventId: 9,
      });
      expect(lastEvent(events, 'CancelTimerFailed').cancelTimerFailedEventAttributes).toEqual({
        timerId: 'ghost',
        cause: 'TIMER_ID_UNKNOWN',
        decisionTaskCompletedEventId: 9,
      });
    });
  });

  describe('ContinueAsNewWorkflowExecution', () => {
    test('closes the run and starts the next one with the same workflow id', async () => {
      const { client, run } = await started();
      await decide(client, [
        {
          decisionType: 'ContinueAsNewWorkflowExecution',
          continueAsNewWorkflowExecutionDecisionAttributes: {
            input: 'page 2',
            executionStartToCloseTimeout: '1800',
            tagList: ['next'],
          },
        },
      ]);
      const old = await historyOf(client, run);
      const continued = lastEvent(
        old,
        'WorkflowExecutionContinuedAsNew',
      ).workflowExecutionContinuedAsNewEventAttributes;
      expect(continued).toMatchObject({
        input: 'page 2',
        decisionTaskCompletedEventId: 4,
        executionStartToCloseTimeout: '1800',
        taskStartToCloseTimeout: '30',
        taskList: { name: DECISION_TASK_LIST },
        childPolicy: 'TERMINATE',
        tagList: ['next'],
        workflowType: WORKFLOW_TYPE,
      });
      const next = { workflowId: run.workflowId, runId: continued?.newExecutionRunId ?? '' };
      expect(next.runId).not.toBe(run.runId);
      expect((await describeRun(client, run)).executionInfo?.closeStatus).toBe('CONTINUED_AS_NEW');
      const started2 = (await historyOf(client, next))[0]?.workflowExecutionStartedEventAttributes;
      expect(started2).toMatchObject({
        input: 'page 2',
        continuedExecutionRunId: run.runId,
        executionStartToCloseTimeout: '1800',
        tagList: ['next'],
      });
      const task = await pollDecisionTask(client);
      expect(task.workflowExecution).toEqual(next);
    });

    test('what is not given comes from the workflow type, not from the run', async () => {
      const { client } = await open();
      await registerAll(client);
      const run = await startRun(client, 'order-1', {
        taskList: { name: 'urgent' },
        taskStartToCloseTimeout: '5',
        executionStartToCloseTimeout: '60',
        childPolicy: 'ABANDON',
      });
      await decide(
        client,
        [
          {
            decisionType: 'ContinueAsNewWorkflowExecution',
            continueAsNewWorkflowExecutionDecisionAttributes: {},
          },
        ],
        { taskList: 'urgent' },
      );
      const continued = lastEvent(
        await historyOf(client, run),
        'WorkflowExecutionContinuedAsNew',
      ).workflowExecutionContinuedAsNewEventAttributes;
      expect(continued).toMatchObject({
        taskList: { name: DECISION_TASK_LIST },
        taskStartToCloseTimeout: '30',
        executionStartToCloseTimeout: '3600',
        childPolicy: 'TERMINATE',
      });
    });

    test('with a timeout that is no duration is refused before anything is applied', async () => {
      const { client, run } = await started();
      const task = await pollDecisionTask(client);
      const error = await rejectionOf(
        client.send(
          new RespondDecisionTaskCompletedCommand({
            taskToken: task.taskToken,
            decisions: [
              {
                decisionType: 'RecordMarker',
                recordMarkerDecisionAttributes: { markerName: 'before' },
              },
              {
                decisionType: 'ContinueAsNewWorkflowExecution',
                continueAsNewWorkflowExecutionDecisionAttributes: {
                  executionStartToCloseTimeout: 'NONE',
                },
              },
            ],
          }),
        ),
      );
      expect((error as Error).name).toBe('ValidationException');
      expect((error as Error).message).toContain(
        "'decisions.2.member.continueAsNewWorkflowExecutionDecisionAttributes.executionStartToCloseTimeout'",
      );
      expect(typesOf(await historyOf(client, run)).at(-1)).toBe('DecisionTaskStarted');
      await client.send(
        new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions: [] }),
      );
    });

    test('fails with DEFAULT_TASK_LIST_UNDEFINED when neither given nor registered', async () => {
      const { client } = await open();
      await registerAll(client);
      await registerWorkflowType(client, { version: '2', defaultTaskList: undefined });
      const run = await startRun(client, 'order-1');
      await decide(client, [
        {
          decisionType: 'ContinueAsNewWorkflowExecution',
          continueAsNewWorkflowExecutionDecisionAttributes: { workflowTypeVersion: '2' },
        },
      ]);
      const events = await historyOf(client, run);
      expect(
        lastEvent(events, 'ContinueAsNewWorkflowExecutionFailed')
          .continueAsNewWorkflowExecutionFailedEventAttributes,
      ).toEqual({ cause: 'DEFAULT_TASK_LIST_UNDEFINED', decisionTaskCompletedEventId: 4 });
      expect((await describeRun(client, run)).executionInfo?.executionStatus).toBe('OPEN');
    });
  });

  test('a signal during a started decision task makes its closing decision UNHANDLED_DECISION', async () => {
    const { client, run } = await started();
    const task = await pollDecisionTask(client);
    await signal(client, run, 'late news');
    await client.send(
      new RespondDecisionTaskCompletedCommand({
        taskToken: task.taskToken,
        decisions: [completeWorkflow()],
      }),
    );
    const events = await historyOf(client, run);
    expect(typesOf(events)).toEqual([
      'WorkflowExecutionStarted',
      'DecisionTaskScheduled',
      'DecisionTaskStarted',
      'WorkflowExecutionSignaled',
      'DecisionTaskCompleted',
      'CompleteWorkflowExecutionFailed',
      'DecisionTaskScheduled',
    ]);
    expect(
      lastEvent(events, 'CompleteWorkflowExecutionFailed')
        .completeWorkflowExecutionFailedEventAttributes,
    ).toEqual({ cause: 'UNHANDLED_DECISION', decisionTaskCompletedEventId: 5 });
    const next = await decide(client, [completeWorkflow('now')]);
    expect(typesOf(next.events)).toContain('CompleteWorkflowExecutionFailed');
    expect((await describeRun(client, run)).executionInfo?.closeStatus).toBe('COMPLETED');
  });

  test('every activity close and signal schedules a decision task, one open at a time', async () => {
    const { client, run } = await started();
    await decide(client, [scheduleActivity('a'), scheduleActivity('b')]);
    const first = await pollActivityTask(client);
    const second = await pollActivityTask(client);
    await client.send(new RespondActivityTaskCompletedCommand({ taskToken: first.taskToken }));
    let events = await historyOf(client, run);
    expect(typesOf(events).slice(-2)).toEqual(['ActivityTaskCompleted', 'DecisionTaskScheduled']);

    // While one is scheduled or started, no other is scheduled.
    const task = await pollDecisionTask(client);
    await client.send(
      new RespondActivityTaskCompletedCommand({ taskToken: second.taskToken, result: 'b' }),
    );
    await signal(client, run, 'ping');
    expect((await describeRun(client, run)).openCounts?.openDecisionTasks).toBe(1);
    events = await historyOf(client, run);
    expect(typesOf(events).slice(-3)).toEqual([
      'DecisionTaskStarted',
      'ActivityTaskCompleted',
      'WorkflowExecutionSignaled',
    ]);

    // Completing it schedules exactly one more, for what arrived meanwhile.
    await client.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken }));
    events = await historyOf(client, run);
    expect(typesOf(events).slice(-2)).toEqual(['DecisionTaskCompleted', 'DecisionTaskScheduled']);
    expect(events.filter((event) => event.eventType === 'DecisionTaskScheduled')).toHaveLength(3);
  });

  test('the token of a completed decision task is unknown, and so are its page tokens', async () => {
    const { client } = await started();
    const first = await client.send(
      new PollForDecisionTaskCommand({
        domain: DOMAIN,
        taskList: { name: DECISION_TASK_LIST },
        maximumPageSize: 1,
      }),
    );
    const taskToken = first.taskToken ?? '';
    await client.send(new RespondDecisionTaskCompletedCommand({ taskToken }));
    const error = await rejectionOf(
      client.send(new RespondDecisionTaskCompletedCommand({ taskToken })),
    );
    expect(error).toBeInstanceOf(UnknownResourceFault);
    expect((error as UnknownResourceFault).$metadata.httpStatusCode).toBe(400);
    const page = await rejectionOf(
      client.send(
        new PollForDecisionTaskCommand({
          domain: DOMAIN,
          taskList: { name: DECISION_TASK_LIST },
          maximumPageSize: 1,
          nextPageToken: first.nextPageToken,
        }),
      ),
    );
    expect(page).toBeInstanceOf(UnknownResourceFault);
  });

  test('the token of a decision task whose execution closed is unknown', async () => {
    const { client, run } = await started();
    const task = await pollDecisionTask(client);
    await client.send(
      new TerminateWorkflowExecutionCommand({ domain: DOMAIN, workflowId: run.workflowId }),
    );
    const error = await rejectionOf(
      client.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: task.taskToken,
          decisions: [completeWorkflow()],
        }),
      ),
    );
    expect(error).toBeInstanceOf(UnknownResourceFault);
  });
});
