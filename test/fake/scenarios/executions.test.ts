/**
 * Workflow executions: starting (with the type's defaults), describing, histories, signals,
 * cancel requests, termination, and the visibility queries, through the real SDK over each way
 * into the fake.
 */
import {
  CountClosedWorkflowExecutionsCommand,
  CountOpenWorkflowExecutionsCommand,
  CountPendingActivityTasksCommand,
  CountPendingDecisionTasksCommand,
  DefaultUndefinedFault,
  DeprecateWorkflowTypeCommand,
  GetWorkflowExecutionHistoryCommand,
  ListClosedWorkflowExecutionsCommand,
  type ListClosedWorkflowExecutionsCommandInput,
  ListOpenWorkflowExecutionsCommand,
  type ListOpenWorkflowExecutionsCommandInput,
  RequestCancelWorkflowExecutionCommand,
  RespondDecisionTaskCompletedCommand,
  SignalWorkflowExecutionCommand,
  type SWFClient,
  SWFServiceException,
  TerminateWorkflowExecutionCommand,
  TypeDeprecatedFault,
  UnknownResourceFault,
  WorkflowExecutionAlreadyStartedFault,
} from '@aws-sdk/client-swf';
import { describe, expect, test } from 'vitest';
import { SCENARIO_TRANSPORTS, useFake } from '../../support/fake-harness.js';
import {
  ACTIVITY_TASK_LIST,
  completeWorkflow,
  DECISION_TASK_LIST,
  DOMAIN,
  decide,
  describeRun,
  historyOf,
  lastEvent,
  pollActivityTask,
  pollDecisionTask,
  type Run,
  registerAll,
  registerDomain,
  registerWorkflowType,
  rejectionOf,
  scheduleActivity,
  signal,
  startRun,
  startTimer,
  typesOf,
  WORKFLOW_TYPE,
} from '../../support/swf-scenario.js';

describe.each(SCENARIO_TRANSPORTS)('executions over %s', (transport) => {
  const open = useFake(transport);

  describe('StartWorkflowExecution', () => {
    test('fills what is not given from the workflow type, and schedules a decision task', async () => {
      const { client } = await open();
      await registerAll(client);
      const run = await startRun(client, 'order-1', { input: '{"order":1}', tagList: ['vip'] });
      expect(run.runId).toMatch(/\S{20,}/);

      const described = await describeRun(client, run);
      expect(described.executionConfiguration).toEqual({
        taskStartToCloseTimeout: '30',
        executionStartToCloseTimeout: '3600',
        taskList: { name: DECISION_TASK_LIST },
        childPolicy: 'TERMINATE',
      });
      expect(described.executionInfo).toMatchObject({
        execution: run,
        workflowType: WORKFLOW_TYPE,
        executionStatus: 'OPEN',
        tagList: ['vip'],
        cancelRequested: false,
      });
      const events = await historyOf(client, run);
      expect(typesOf(events)).toEqual(['WorkflowExecutionStarted', 'DecisionTaskScheduled']);
      expect(events[0]?.workflowExecutionStartedEventAttributes).toEqual({
        input: '{"order":1}',
        executionStartToCloseTimeout: '3600',
        taskStartToCloseTimeout: '30',
        childPolicy: 'TERMINATE',
        taskList: { name: DECISION_TASK_LIST },
        workflowType: WORKFLOW_TYPE,
        tagList: ['vip'],
      });
      expect(events[1]?.decisionTaskScheduledEventAttributes).toEqual({
        taskList: { name: DECISION_TASK_LIST },
        startToCloseTimeout: '30',
      });
    });

    test('what is given overrides the type defaults', async () => {
      const { client } = await open();
      await registerAll(client);
      const run = await startRun(client, 'order-1', {
        taskList: { name: 'urgent' },
        executionStartToCloseTimeout: '120',
        taskStartToCloseTimeout: 'NONE',
        childPolicy: 'ABANDON',
        taskPriority: '5',
      });
      const described = await describeRun(client, run);
      expect(described.executionConfiguration).toEqual({
        taskStartToCloseTimeout: 'NONE',
        executionStartToCloseTimeout: '120',
        taskList: { name: 'urgent' },
        taskPriority: '5',
        childPolicy: 'ABANDON',
      });
    });

    test.each([
      'taskList',
      'executionStartToCloseTimeout',
      'taskStartToCloseTimeout',
      'childPolicy',
    ] as const)('without %s given or registered, is a DefaultUndefinedFault', async (member) => {
      const { client } = await open();
      await registerDomain(client);
      await registerWorkflowType(client, {
        defaultTaskList: undefined,
        defaultExecutionStartToCloseTimeout: undefined,
        defaultTaskStartToCloseTimeout: undefined,
        defaultChildPolicy: undefined,
      });
      const everything = {
        taskList: { name: DECISION_TASK_LIST },
        executionStartToCloseTimeout: '60',
        taskStartToCloseTimeout: '10',
        childPolicy: 'TERMINATE',
      } as const;
      const { [member]: _left, ...given } = everything;
      const error = await rejectionOf(startRun(client, 'order-1', given));
      expect(error).toBeInstanceOf(DefaultUndefinedFault);
      await startRun(client, 'order-1', everything);
    });

    test('a workflow id with an open run is a WorkflowExecutionAlreadyStartedFault', async () => {
      const { client } = await open();
      await registerAll(client);
      const first = await startRun(client, 'order-1');
      const error = await rejectionOf(startRun(client, 'order-1'));
      expect(error).toBeInstanceOf(WorkflowExecutionAlreadyStartedFault);
      await client.send(
        new TerminateWorkflowExecutionCommand({ domain: DOMAIN, workflowId: 'order-1' }),
      );
      const second = await startRun(client, 'order-1');
      expect(second.runId).not.toBe(first.runId);
    });

    test('an unknown type is an UnknownResourceFault, a deprecated one a TypeDeprecatedFault', async () => {
      const { client } = await open();
      await registerAll(client);
      expect(
        await rejectionOf(
          startRun(client, 'order-1', { workflowType: { name: 'nope', version: '1' } }),
        ),
      ).toBeInstanceOf(UnknownResourceFault);
      await client.send(
        new DeprecateWorkflowTypeCommand({ domain: DOMAIN, workflowType: WORKFLOW_TYPE }),
      );
      expect(await rejectionOf(startRun(client, 'order-1'))).toBeInstanceOf(TypeDeprecatedFault);
    });
  });

  test('DescribeWorkflowExecution counts what is open', async () => {
    const { client } = await open();
    await registerAll(client);
    const run = await startRun(client, 'order-1');
    const counts = async () => (await describeRun(client, run)).openCounts;
    expect(await counts()).toEqual({
      openActivityTasks: 0,
      openDecisionTasks: 1,
      openTimers: 0,
      openChildWorkflowExecutions: 0,
      openLambdaFunctions: 0,
    });
    await decide(client, [
      scheduleActivity('charge'),
      scheduleActivity('ship'),
      startTimer('reminder', 600),
    ]);
    expect(await counts()).toEqual({
      openActivityTasks: 2,
      openDecisionTasks: 0,
      openTimers: 1,
      openChildWorkflowExecutions: 0,
      openLambdaFunctions: 0,
    });
  });

  describe('GetWorkflowExecutionHistory', () => {
    async function runWithSignals(client: SWFClient, signals: number): Promise<Run> {
      await registerAll(client);
      const run = await startRun(client, 'order-1');
      for (let index = 1; index <= signals; index++) await signal(client, run, `signal-${index}`);
      return run;
    }

    test('pages with nextPageToken and maximumPageSize, oldest first', async () => {
      const { client } = await open();
      const run = await runWithSignals(client, 5); // 7 events: one decision task for them all
      const ids: number[][] = [];
      let nextPageToken: string | undefined;
      do {
        const page = await client.send(
          new GetWorkflowExecutionHistoryCommand({
            domain: DOMAIN,
            execution: run,
            maximumPageSize: 3,
            nextPageToken,
          }),
        );
        ids.push((page.events ?? []).map((event) => event.eventId ?? 0));
        nextPageToken = page.nextPageToken;
      } while (nextPageToken !== undefined);
      expect(ids).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    });

    test('pages newest first with reverseOrder', async () => {
      const { client } = await open();
      const run = await runWithSignals(client, 2);
      const first = await client.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: DOMAIN,
          execution: run,
          maximumPageSize: 3,
          reverseOrder: true,
        }),
      );
      expect(first.events?.map((event) => event.eventId)).toEqual([4, 3, 2]);
      const second = await client.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: DOMAIN,
          execution: run,
          maximumPageSize: 3,
          reverseOrder: true,
          nextPageToken: first.nextPageToken,
        }),
      );
      expect(second.events?.map((event) => event.eventId)).toEqual([1]);
      expect(second.nextPageToken).toBeUndefined();
    });

    test('a page token of another query is a ValidationException', async () => {
      const { client } = await open();
      const run = await runWithSignals(client, 3);
      const first = await client.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: DOMAIN,
          execution: run,
          maximumPageSize: 2,
        }),
      );
      const error = await rejectionOf(
        client.send(
          new GetWorkflowExecutionHistoryCommand({
            domain: DOMAIN,
            execution: run,
            maximumPageSize: 2,
            reverseOrder: true,
            nextPageToken: first.nextPageToken,
          }),
        ),
      );
      expect(error).toBeInstanceOf(SWFServiceException);
      expect((error as SWFServiceException).name).toBe('ValidationException');
    });

    test('an unknown run is an UnknownResourceFault', async () => {
      const { client } = await open();
      const run = await runWithSignals(client, 0);
      const error = await rejectionOf(
        client.send(
          new GetWorkflowExecutionHistoryCommand({
            domain: DOMAIN,
            execution: { workflowId: 'other', runId: run.runId },
          }),
        ),
      );
      expect(error).toBeInstanceOf(UnknownResourceFault);
    });
  });

  test('a signal is recorded and schedules one decision task, however many arrive', async () => {
    const { client } = await open();
    await registerAll(client);
    const run = await startRun(client, 'order-1');
    await decide(client, []);
    for (const signalName of ['paid', 'packed']) {
      await client.send(
        new SignalWorkflowExecutionCommand({
          domain: DOMAIN,
          workflowId: run.workflowId,
          runId: run.runId,
          signalName,
          input: `${signalName}!`,
        }),
      );
    }
    const events = await historyOf(client, run);
    expect(typesOf(events).slice(4)).toEqual([
      'WorkflowExecutionSignaled',
      'DecisionTaskScheduled',
      'WorkflowExecutionSignaled',
    ]);
    expect(events[4]?.workflowExecutionSignaledEventAttributes).toEqual({
      signalName: 'paid',
      input: 'paid!',
    });
    const pending = await client.send(
      new CountPendingDecisionTasksCommand({
        domain: DOMAIN,
        taskList: { name: DECISION_TASK_LIST },
      }),
    );
    expect(pending).toMatchObject({ count: 1, truncated: false });
  });

  test('signalling an unknown or closed execution is an UnknownResourceFault', async () => {
    const { client } = await open();
    await registerAll(client);
    const run = await startRun(client, 'order-1');
    await client.send(
      new TerminateWorkflowExecutionCommand({ domain: DOMAIN, workflowId: run.workflowId }),
    );
    for (const workflowId of ['order-1', 'nope']) {
      const error = await rejectionOf(
        client.send(
          new SignalWorkflowExecutionCommand({ domain: DOMAIN, workflowId, signalName: 'x' }),
        ),
      );
      expect(error).toBeInstanceOf(UnknownResourceFault);
    }
  });

  test('a cancel request is recorded, marks the execution, and reaches the decider', async () => {
    const { client } = await open();
    await registerAll(client);
    const run = await startRun(client, 'order-1');
    await decide(client, []);
    await client.send(
      new RequestCancelWorkflowExecutionCommand({ domain: DOMAIN, workflowId: run.workflowId }),
    );
    const described = await describeRun(client, run);
    expect(described.executionInfo?.cancelRequested).toBe(true);
    const task = await decide(client, [
      {
        decisionType: 'CancelWorkflowExecution',
        cancelWorkflowExecutionDecisionAttributes: { details: 'as asked' },
      },
    ]);
    expect(typesOf(task.events)).toContain('WorkflowExecutionCancelRequested');
    const events = await historyOf(client, run);
    expect(
      lastEvent(events, 'WorkflowExecutionCanceled').workflowExecutionCanceledEventAttributes,
    ).toEqual({ details: 'as asked', decisionTaskCompletedEventId: expect.any(Number) });
    const closed = await describeRun(client, run);
    expect(closed.executionInfo).toMatchObject({
      executionStatus: 'CLOSED',
      closeStatus: 'CANCELED',
    });
  });

  test('termination closes the run with its reason, details and child policy', async () => {
    const { client, clock } = await open();
    await registerAll(client);
    const run = await startRun(client, 'order-1');
    await clock.advance(2_000);
    await client.send(
      new TerminateWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: run.workflowId,
        runId: run.runId,
        reason: 'operator',
        details: 'stuck',
      }),
    );
    const events = await historyOf(client, run);
    expect(typesOf(events)).toEqual([
      'WorkflowExecutionStarted',
      'DecisionTaskScheduled',
      'WorkflowExecutionTerminated',
    ]);
    expect(events[2]?.workflowExecutionTerminatedEventAttributes).toEqual({
      reason: 'operator',
      details: 'stuck',
      childPolicy: 'TERMINATE',
    });
    const described = await describeRun(client, run);
    expect(described.executionInfo).toMatchObject({
      executionStatus: 'CLOSED',
      closeStatus: 'TERMINATED',
      closeTimestamp: new Date(clock.now()),
    });
    expect(described.openCounts?.openDecisionTasks).toBe(0);
    const pending = await client.send(
      new CountPendingDecisionTasksCommand({
        domain: DOMAIN,
        taskList: { name: DECISION_TASK_LIST },
      }),
    );
    expect(pending.count).toBe(0);
  });

  describe('visibility', () => {
    /**
     * Four runs a second apart: a (tag red, type v1) open; b (tag blue, v2) open;
     * c (red, v1) completed; d (blue, v1) terminated.
     */
    async function fourRuns(client: SWFClient, advance: (ms: number) => Promise<void>) {
      await registerAll(client);
      await registerWorkflowType(client, { version: '2' });
      const t0 = Date.UTC(2026, 0, 1) / 1000;
      await startRun(client, 'a', { tagList: ['red'] });
      await advance(1000);
      await startRun(client, 'b', {
        tagList: ['blue'],
        workflowType: { ...WORKFLOW_TYPE, version: '2' },
      });
      await advance(1000);
      await startRun(client, 'c', { tagList: ['red'], taskList: { name: 'c-decisions' } });
      await advance(1000);
      await startRun(client, 'd', { tagList: ['blue'] });
      await advance(1000);
      await decide(client, [completeWorkflow('ok')], { taskList: 'c-decisions' });
      await advance(1000);
      await client.send(new TerminateWorkflowExecutionCommand({ domain: DOMAIN, workflowId: 'd' }));
      return t0;
    }

    async function listOpen(
      client: SWFClient,
      input: Partial<ListOpenWorkflowExecutionsCommandInput>,
      t0: number,
    ): Promise<string[]> {
      const query = { domain: DOMAIN, startTimeFilter: { oldestDate: new Date(t0 * 1000) } };
      const listed = await client.send(
        new ListOpenWorkflowExecutionsCommand({ ...query, ...input }),
      );
      const counted = await client.send(
        new CountOpenWorkflowExecutionsCommand({ ...query, ...input }),
      );
      const ids = (listed.executionInfos ?? []).map((info) => info.execution?.workflowId ?? '?');
      expect(counted).toMatchObject({ count: ids.length, truncated: false });
      return ids;
    }

    async function listClosed(
      client: SWFClient,
      input: Partial<ListClosedWorkflowExecutionsCommandInput>,
    ): Promise<string[]> {
      const query = { domain: DOMAIN, ...input };
      const listed = await client.send(new ListClosedWorkflowExecutionsCommand(query));
      const counted = await client.send(new CountClosedWorkflowExecutionsCommand(query));
      const ids = (listed.executionInfos ?? []).map((info) => info.execution?.workflowId ?? '?');
      expect(counted).toMatchObject({ count: ids.length, truncated: false });
      return ids;
    }

    test('open executions, newest first, by each filter', async () => {
      const { client, clock } = await open();
      const t0 = await fourRuns(client, (ms) => clock.advance(ms));
      expect(await listOpen(client, {}, t0)).toEqual(['b', 'a']);
      expect(await listOpen(client, { reverseOrder: true }, t0)).toEqual(['a', 'b']);
      expect(await listOpen(client, { executionFilter: { workflowId: 'a' } }, t0)).toEqual(['a']);
      expect(await listOpen(client, { typeFilter: { name: WORKFLOW_TYPE.name } }, t0)).toEqual([
        'b',
        'a',
      ]);
      expect(
        await listOpen(client, { typeFilter: { ...WORKFLOW_TYPE, version: '2' } }, t0),
      ).toEqual(['b']);
      expect(await listOpen(client, { tagFilter: { tag: 'red' } }, t0)).toEqual(['a']);
      expect(
        await listOpen(
          client,
          {
            startTimeFilter: {
              oldestDate: new Date((t0 + 1) * 1000),
              latestDate: new Date((t0 + 2) * 1000),
            },
          },
          t0,
        ),
      ).toEqual(['b']);
    });

    test('open executions page with nextPageToken', async () => {
      const { client, clock } = await open();
      const t0 = await fourRuns(client, (ms) => clock.advance(ms));
      const query = { domain: DOMAIN, startTimeFilter: { oldestDate: new Date(t0 * 1000) } };
      const first = await client.send(
        new ListOpenWorkflowExecutionsCommand({ ...query, maximumPageSize: 1 }),
      );
      expect(first.executionInfos?.map((info) => info.execution?.workflowId)).toEqual(['b']);
      const second = await client.send(
        new ListOpenWorkflowExecutionsCommand({
          ...query,
          maximumPageSize: 1,
          nextPageToken: first.nextPageToken,
        }),
      );
      expect(second.executionInfos?.map((info) => info.execution?.workflowId)).toEqual(['a']);
      expect(second.nextPageToken).toBeUndefined();
    });

    test('closed executions by start or close time, and by each filter', async () => {
      const { client, clock } = await open();
      const t0 = await fourRuns(client, (ms) => clock.advance(ms));
      const since = { oldestDate: new Date(t0 * 1000) };
      expect(await listClosed(client, { startTimeFilter: since })).toEqual(['d', 'c']);
      expect(await listClosed(client, { closeTimeFilter: since })).toEqual(['d', 'c']);
      expect(await listClosed(client, { closeTimeFilter: since, reverseOrder: true })).toEqual([
        'c',
        'd',
      ]);
      expect(
        await listClosed(client, {
          closeTimeFilter: { oldestDate: new Date((t0 + 5) * 1000) },
        }),
      ).toEqual(['d']);
      expect(
        await listClosed(client, {
          startTimeFilter: since,
          closeStatusFilter: { status: 'COMPLETED' },
        }),
      ).toEqual(['c']);
      expect(
        await listClosed(client, {
          startTimeFilter: since,
          closeStatusFilter: { status: 'TERMINATED' },
        }),
      ).toEqual(['d']);
      expect(
        await listClosed(client, { startTimeFilter: since, executionFilter: { workflowId: 'c' } }),
      ).toEqual(['c']);
      expect(
        await listClosed(client, { startTimeFilter: since, tagFilter: { tag: 'blue' } }),
      ).toEqual(['d']);
      expect(
        await listClosed(client, { startTimeFilter: since, typeFilter: WORKFLOW_TYPE }),
      ).toEqual(['d', 'c']);
      const info = await client.send(
        new ListClosedWorkflowExecutionsCommand({
          domain: DOMAIN,
          startTimeFilter: since,
          executionFilter: { workflowId: 'c' },
        }),
      );
      expect(info.executionInfos?.[0]).toMatchObject({
        executionStatus: 'CLOSED',
        closeStatus: 'COMPLETED',
        startTimestamp: new Date((t0 + 2) * 1000),
        closeTimestamp: new Date((t0 + 4) * 1000),
        tagList: ['red'],
      });
    });

    test('filters are exclusive, and closed listings take exactly one time filter', async () => {
      const { client, clock } = await open();
      const t0 = await fourRuns(client, (ms) => clock.advance(ms));
      const since = { oldestDate: new Date(t0 * 1000) };
      // Sent one at a time: a rejection is always awaited as soon as it can happen.
      const attempts = [
        () =>
          client.send(
            new ListOpenWorkflowExecutionsCommand({
              domain: DOMAIN,
              startTimeFilter: since,
              tagFilter: { tag: 'red' },
              executionFilter: { workflowId: 'a' },
            }),
          ),
        () => client.send(new ListClosedWorkflowExecutionsCommand({ domain: DOMAIN })),
        () =>
          client.send(
            new CountClosedWorkflowExecutionsCommand({
              domain: DOMAIN,
              startTimeFilter: since,
              closeTimeFilter: since,
            }),
          ),
      ];
      for (const attempt of attempts) {
        const error = await rejectionOf(attempt());
        expect((error as SWFServiceException).name).toBe('ValidationException');
      }
    });
  });

  test('pending task counts are of tasks scheduled and not yet started', async () => {
    const { client } = await open();
    await registerAll(client);
    const pendingDecisions = async () =>
      (
        await client.send(
          new CountPendingDecisionTasksCommand({
            domain: DOMAIN,
            taskList: { name: DECISION_TASK_LIST },
          }),
        )
      ).count;
    const pendingActivities = async () =>
      (
        await client.send(
          new CountPendingActivityTasksCommand({
            domain: DOMAIN,
            taskList: { name: ACTIVITY_TASK_LIST },
          }),
        )
      ).count;
    await startRun(client, 'order-1');
    await startRun(client, 'order-2');
    expect(await pendingDecisions()).toBe(2);
    const task = await pollDecisionTask(client);
    expect(await pendingDecisions()).toBe(1);
    await client.send(
      new RespondDecisionTaskCompletedCommand({
        taskToken: task.taskToken,
        decisions: [scheduleActivity('a'), scheduleActivity('b'), scheduleActivity('c')],
      }),
    );
    expect(await pendingActivities()).toBe(3);
    await pollActivityTask(client);
    expect(await pendingActivities()).toBe(2);
    expect(await pendingDecisions()).toBe(1);
  });
});
