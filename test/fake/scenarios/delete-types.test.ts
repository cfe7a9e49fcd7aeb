/**
 * DeleteActivityType and DeleteWorkflowType (the API's 38th and 39th operations), through the
 * real SDK: a type must be deprecated first; once deleted it is unknown, and what it already
 * started goes on to its close.
 */
import {
  DeleteActivityTypeCommand,
  DeleteWorkflowTypeCommand,
  DeprecateActivityTypeCommand,
  DeprecateWorkflowTypeCommand,
  DescribeActivityTypeCommand,
  DescribeWorkflowTypeCommand,
  ListActivityTypesCommand,
  RegisterActivityTypeCommand,
  RespondActivityTaskCompletedCommand,
  type SWFServiceException,
  TypeNotDeprecatedFault,
  UnknownResourceFault,
} from '@aws-sdk/client-swf';
import { describe, expect, test } from 'vitest';
import { SCENARIO_TRANSPORTS, useFake } from '../../support/fake-harness.js';
import {
  ACTIVITY_TYPE,
  completeWorkflow,
  DOMAIN,
  decide,
  describeRun,
  historyOf,
  lastEvent,
  pollActivityTask,
  registerAll,
  rejectionOf,
  scheduleActivity,
  startRun,
  WORKFLOW_TYPE,
} from '../../support/swf-scenario.js';

describe.each(SCENARIO_TRANSPORTS)('deleting types over %s', (transport) => {
  const open = useFake(transport);

  async function registered() {
    const harness = await open();
    await registerAll(harness.client);
    return harness;
  }

  test('a type must be deprecated before it is deleted; an unknown one is unknown', async () => {
    const { client } = await registered();
    const activity = { domain: DOMAIN, activityType: ACTIVITY_TYPE };
    const workflow = { domain: DOMAIN, workflowType: WORKFLOW_TYPE };
    expect(await rejectionOf(client.send(new DeleteActivityTypeCommand(activity)))).toBeInstanceOf(
      TypeNotDeprecatedFault,
    );
    expect(await rejectionOf(client.send(new DeleteWorkflowTypeCommand(workflow)))).toBeInstanceOf(
      TypeNotDeprecatedFault,
    );
    const ghost = { domain: DOMAIN, activityType: { name: 'ghost', version: '1' } };
    expect(await rejectionOf(client.send(new DeleteActivityTypeCommand(ghost)))).toBeInstanceOf(
      UnknownResourceFault,
    );
    const validation = await rejectionOf(
      client.send(new DeleteWorkflowTypeCommand({ domain: DOMAIN, workflowType: undefined })),
    );
    expect((validation as SWFServiceException).name).toBe('ValidationException');
  });

  test('a deleted activity type is unknown, its running task completes, a new one fails', async () => {
    const { client } = await registered();
    const run = await startRun(client, 'order-1');
    await decide(client, [scheduleActivity('charge')]);
    const task = await pollActivityTask(client);
    const activity = { domain: DOMAIN, activityType: ACTIVITY_TYPE };
    await client.send(new DeprecateActivityTypeCommand(activity));
    await client.send(new DeleteActivityTypeCommand(activity));

    expect(
      await rejectionOf(client.send(new DescribeActivityTypeCommand(activity))),
    ).toBeInstanceOf(UnknownResourceFault);
    for (const registrationStatus of ['REGISTERED', 'DEPRECATED'] as const) {
      const listed = await client.send(
        new ListActivityTypesCommand({ domain: DOMAIN, registrationStatus }),
      );
      expect(listed.typeInfos).toEqual([]);
    }
    await client.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken }));
    await decide(client, [scheduleActivity('again')]);
    const events = await historyOf(client, run);
    expect(lastEvent(events, 'ActivityTaskCompleted')).toBeDefined();
    expect(
      lastEvent(events, 'ScheduleActivityTaskFailed').scheduleActivityTaskFailedEventAttributes
        ?.cause,
    ).toBe('ACTIVITY_TYPE_DOES_NOT_EXIST');

    // The name and version are free again.
    await client.send(new RegisterActivityTypeCommand({ domain: DOMAIN, ...ACTIVITY_TYPE }));
    const described = await client.send(new DescribeActivityTypeCommand(activity));
    expect(described.typeInfo?.status).toBe('REGISTERED');
  });

  test('a deleted workflow type starts nothing more; its open execution still closes', async () => {
    const { client } = await registered();
    const run = await startRun(client, 'order-1');
    const workflow = { domain: DOMAIN, workflowType: WORKFLOW_TYPE };
    await client.send(new DeprecateWorkflowTypeCommand(workflow));
    await client.send(new DeleteWorkflowTypeCommand(workflow));
    expect(
      await rejectionOf(client.send(new DescribeWorkflowTypeCommand(workflow))),
    ).toBeInstanceOf(UnknownResourceFault);
    expect(await rejectionOf(startRun(client, 'order-2'))).toBeInstanceOf(UnknownResourceFault);
    await decide(client, [completeWorkflow('done')]);
    expect((await describeRun(client, run)).executionInfo?.closeStatus).toBe('COMPLETED');
  });
});
