/**
 * Task priorities that SWF refuses. The order in which priorities hand tasks out is checked
 * over every transport in scenarios/conveniences.test.ts.
 */
import { RegisterActivityTypeCommand, StartWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { createTestSwf, type TestSwf } from 'swf-activity-worker/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

describe('task priorities', () => {
  let swf: TestSwf;
  beforeEach(() => {
    swf = createTestSwf();
  });
  afterEach(() => swf.close());

  it.each(['high', '1.5', '1e3', '2147483648', ''])('refuses the priority %j', async (priority) => {
    const { fake, client } = swf;
    fake.scheduleActivityTask({ domain: 'q' });
    await expect(
      client.send(
        new RegisterActivityTypeCommand({
          domain: 'q',
          name: 'other',
          version: '1',
          defaultTaskPriority: priority,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("at 'defaultTaskPriority'"),
    });
    await expect(
      client.send(
        new StartWorkflowExecutionCommand({
          domain: 'q',
          workflowId: 'w',
          workflowType: { name: 'fake-workflow', version: '1' },
          taskList: { name: 'd' },
          executionStartToCloseTimeout: '60',
          taskStartToCloseTimeout: '10',
          childPolicy: 'ABANDON',
          taskPriority: priority,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
