/**
 * Child workflows: a StartChildWorkflowExecution decision, the child's close reported to its
 * parent, the failure causes, and the parent's child policy when it is terminated.
 */
import {
  type Decision,
  RespondDecisionTaskCompletedCommand,
  TerminateWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, test } from 'vitest';
import { SCENARIO_TRANSPORTS, useFake } from '../../support/fake-harness.js';
import {
  completeWorkflow,
  DOMAIN,
  decide,
  describeRun,
  historyOf,
  lastEvent,
  pollDecisionTask,
  type Run,
  registerAll,
  startRun,
  typesOf,
  WORKFLOW_TYPE,
} from '../../support/swf-scenario.js';

const startChild = (
  workflowId: string,
  extra: Partial<Decision['startChildWorkflowExecutionDecisionAttributes']> = {},
): Decision => ({
  decisionType: 'StartChildWorkflowExecution',
  startChildWorkflowExecutionDecisionAttributes: {
    workflowType: WORKFLOW_TYPE,
    workflowId,
    input: 'child input',
    control: 'ctl',
    ...extra,
  },
});

describe.each(SCENARIO_TRANSPORTS)('child workflows over %s', (transport) => {
  const open = useFake(transport);

  /** Starts a parent and has its first decision start a child `child-1`. */
  async function parentWithChild(
    childPolicy: 'TERMINATE' | 'REQUEST_CANCEL' | 'ABANDON' = 'TERMINATE',
  ) {
    const { client } = await open();
    await registerAll(client);
    const parent = await startRun(client, 'parent', { childPolicy });
    await decide(client, [startChild('child-1')]);
    const parentEvents = await historyOf(client, parent);
    const started = lastEvent(parentEvents, 'ChildWorkflowExecutionStarted');
    const child = started.childWorkflowExecutionStartedEventAttributes?.workflowExecution as Run;
    return { client, parent, child };
  }

  test('starts the child, which knows its parent, and reports its completion', async () => {
    const { client, parent, child } = await parentWithChild();
    const childStarted = (await historyOf(client, child))[0];
    expect(childStarted?.workflowExecutionStartedEventAttributes).toMatchObject({
      input: 'child input',
      parentWorkflowExecution: parent,
      parentInitiatedEventId: lastEvent(
        await historyOf(client, parent),
        'StartChildWorkflowExecutionInitiated',
      ).eventId,
    });
    const described = await describeRun(client, parent);
    expect(described.openCounts?.openChildWorkflowExecutions).toBe(1);
    const asChild = await describeRun(client, child);
    expect(asChild.executionInfo?.parent).toEqual(parent);

    // Two decision tasks wait: the child's first, and the parent's for ChildWorkflowExecutionStarted.
    for (let task = 0; task < 2; task++) {
      const polled = await pollDecisionTask(client);
      const isChild = polled.workflowExecution?.workflowId === child.workflowId;
      await client.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: polled.taskToken,
          decisions: isChild ? [completeWorkflow('child done')] : [],
        }),
      );
    }
    const events = await historyOf(client, parent);
    const initiated = lastEvent(events, 'StartChildWorkflowExecutionInitiated');
    expect(
      lastEvent(events, 'ChildWorkflowExecutionCompleted')
        .childWorkflowExecutionCompletedEventAttributes,
    ).toEqual({
      workflowExecution: child,
      workflowType: WORKFLOW_TYPE,
      result: 'child done',
      initiatedEventId: initiated.eventId,
      startedEventId: lastEvent(events, 'ChildWorkflowExecutionStarted').eventId,
    });
  });

  test('fails to start a child whose workflow id is running, after initiating it', async () => {
    const { client } = await open();
    await registerAll(client);
    await startRun(client, 'busy');
    const parent = await startRun(client, 'parent');
    await decide(client, []);
    await decide(client, [startChild('busy')]);
    const failed = lastEvent(await historyOf(client, parent), 'StartChildWorkflowExecutionFailed');
    expect(failed.startChildWorkflowExecutionFailedEventAttributes).toMatchObject({
      cause: 'WORKFLOW_ALREADY_RUNNING',
      workflowId: 'busy',
      control: 'ctl',
    });
    expect(
      failed.startChildWorkflowExecutionFailedEventAttributes?.initiatedEventId,
    ).toBeGreaterThan(0);
  });

  test('fails to start a child of an unknown type at once', async () => {
    const { client } = await open();
    await registerAll(client);
    const parent = await startRun(client, 'parent');
    await decide(client, [startChild('child', { workflowType: { name: 'nope', version: '1' } })]);
    const events = await historyOf(client, parent);
    expect(typesOf(events)).not.toContain('StartChildWorkflowExecutionInitiated');
    expect(
      lastEvent(events, 'StartChildWorkflowExecutionFailed')
        .startChildWorkflowExecutionFailedEventAttributes?.cause,
    ).toBe('WORKFLOW_TYPE_DOES_NOT_EXIST');
  });

  test.each([
    ['TERMINATE', 'WorkflowExecutionTerminated'],
    ['REQUEST_CANCEL', 'WorkflowExecutionCancelRequested'],
  ] as const)(
    'applies the child policy %s when the parent is terminated',
    async (policy, eventType) => {
      const { client, parent, child } = await parentWithChild(policy);
      await client.send(
        new TerminateWorkflowExecutionCommand({ domain: DOMAIN, workflowId: parent.workflowId }),
      );
      const childEvents = await historyOf(client, child);
      const applied = lastEvent(childEvents, eventType);
      expect(
        applied.workflowExecutionTerminatedEventAttributes?.cause ??
          applied.workflowExecutionCancelRequestedEventAttributes?.cause,
      ).toBe('CHILD_POLICY_APPLIED');
    },
  );

  test('leaves an abandoned child running when the parent is terminated', async () => {
    const { client, parent, child } = await parentWithChild('ABANDON');
    await client.send(
      new TerminateWorkflowExecutionCommand({ domain: DOMAIN, workflowId: parent.workflowId }),
    );
    const described = await describeRun(client, child);
    expect(described.executionInfo?.executionStatus).toBe('OPEN');
  });
});
