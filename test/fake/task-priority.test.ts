import {
  PollForActivityTaskCommand,
  RegisterActivityTypeCommand,
  StartWorkflowExecutionCommand,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { createInProcessClient, FakeSwf, ManualClock } from 'swf-activity-worker/fake';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

describe('task priorities', () => {
  let fake: FakeSwf;
  let client: SWFClient;
  beforeEach(() => {
    fake = new FakeSwf({ clock: new ManualClock() });
    client = createInProcessClient(fake, { maxAttempts: 1 });
  });
  afterEach(() => {
    fake.close();
    client.destroy();
  });

  it('hands out the highest priority first, then in scheduling order', async () => {
    const low = fake.scheduleActivityTask({ domain: 'p', activityId: 'low', taskPriority: -5 });
    const first = fake.scheduleActivityTask({ domain: 'p', activityId: 'first', taskPriority: 7 });
    const second = fake.scheduleActivityTask({
      domain: 'p',
      activityId: 'second',
      taskPriority: 7,
    });
    const order: string[] = [];
    for (let poll = 0; poll < 3; poll++) {
      const task = await client.send(
        new PollForActivityTaskCommand({ domain: 'p', taskList: { name: 'default' } }),
      );
      order.push(task.activityId ?? '');
    }
    expect(order).toEqual([first.activityId, second.activityId, low.activityId]);
  });

  it.each(['high', '1.5', '1e3', '2147483648', ''])('refuses the priority %j', async (priority) => {
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
