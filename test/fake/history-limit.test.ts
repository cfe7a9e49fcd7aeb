import {
  GetWorkflowExecutionHistoryCommand,
  SignalWorkflowExecutionCommand,
  UnknownResourceFault,
} from '@aws-sdk/client-swf';
import { createTestSwf } from 'swf-activity-worker/testing';
import { expect, it } from 'vitest';

it('terminates a run whose history reaches 25,000 events (EVENT_LIMIT_EXCEEDED)', async () => {
  const swf = createTestSwf();
  const { fake, client } = swf;
  try {
    const task = fake.scheduleActivityTask({ domain: 'limits' });
    const { workflowId, runId } = task.workflowExecution;
    let refused: unknown;
    for (let signal = 0; signal < 25_000 && refused === undefined; signal++) {
      // Straight to the service: 25,000 calls through the SDK would only slow the test down.
      await fake
        .handle('SignalWorkflowExecution', { domain: 'limits', workflowId, signalName: 's' })
        .catch((error: unknown) => {
          refused = error;
        });
    }
    expect(refused).toMatchObject({ name: 'UnknownResourceFault' });
    const events = fake.history('limits', task.workflowExecution);
    expect(events).toHaveLength(25_000);
    expect(events.at(-1)).toMatchObject({
      eventType: 'WorkflowExecutionTerminated',
      workflowExecutionTerminatedEventAttributes: { cause: 'EVENT_LIMIT_EXCEEDED' },
    });
    const page = await client.send(
      new GetWorkflowExecutionHistoryCommand({
        domain: 'limits',
        execution: { workflowId, runId },
        reverseOrder: true,
        maximumPageSize: 1,
      }),
    );
    expect(page.events?.[0]?.eventId).toBe(25_000);
    await expect(
      client.send(
        new SignalWorkflowExecutionCommand({ domain: 'limits', workflowId, signalName: 's' }),
      ),
    ).rejects.toBeInstanceOf(UnknownResourceFault);
  } finally {
    swf.close();
  }
});
