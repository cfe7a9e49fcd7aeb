import { FakeSwf, ManualClock } from 'swf-activity-worker/fake';
import { afterEach, describe, expect, it } from 'vitest';
import { handleWireRequest } from '../../src/fake/protocol/wire.js';

/** Found by the protocol fuzzing: the model used to get `null` members as they came. */
describe('a member sent as null', () => {
  let fake: FakeSwf;
  afterEach(() => fake.close());

  async function call(operation: string, input: unknown) {
    const internal: unknown[] = [];
    const response = await handleWireRequest(
      fake,
      {
        method: 'POST',
        path: '/',
        header: (name) =>
          name === 'x-amz-target' ? `SimpleWorkflowService.${operation}` : undefined,
        body: Buffer.from(JSON.stringify(input), 'utf8'),
      },
      { onInternalError: (error) => internal.push(error) },
    );
    expect(internal).toEqual([]);
    if (response.kind !== 'reply') throw new Error('dropped');
    return { status: response.status, body: JSON.parse(response.body) };
  }

  async function withOneClosedAndOneOpenExecution() {
    fake = new FakeSwf({ clock: new ManualClock() });
    const closed = fake.scheduleActivityTask({ domain: 'nulls' });
    await fake.handle('TerminateWorkflowExecution', {
      domain: 'nulls',
      workflowId: closed.workflowExecution.workflowId,
    });
    const open = fake.scheduleActivityTask({ domain: 'nulls' });
    return { closed, open };
  }

  it('is read as absent, as AWS does, not as a filter', async () => {
    const { closed, open } = await withOneClosedAndOneOpenExecution();
    const listedClosed = await call('ListClosedWorkflowExecutions', {
      domain: 'nulls',
      startTimeFilter: { oldestDate: 0 },
      closeTimeFilter: null,
      tagFilter: null,
    });
    expect(listedClosed.status).toBe(200);
    expect(
      listedClosed.body.executionInfos.map((info: { execution: unknown }) => info.execution),
    ).toEqual([closed.workflowExecution]);
    const listedOpen = await call('ListOpenWorkflowExecutions', {
      domain: 'nulls',
      startTimeFilter: { oldestDate: 0, latestDate: null },
      executionFilter: null,
    });
    expect(listedOpen.status).toBe(200);
    expect(
      listedOpen.body.executionInfos.map((info: { execution: unknown }) => info.execution),
    ).toEqual([open.workflowExecution]);
  });

  it('answers a 4xx, never a 500, where the only time filter given is null', async () => {
    await withOneClosedAndOneOpenExecution();
    const counted = await call('CountClosedWorkflowExecutions', {
      domain: 'nulls',
      closeTimeFilter: null,
      tagFilter: { tag: 'any' },
    });
    expect(counted.status).toBe(400);
    expect(counted.body.__type).toBe('com.amazon.coral.validate#ValidationException');
  });

  it('is still refused where a member is required', async () => {
    await withOneClosedAndOneOpenExecution();
    const answer = await call('ListClosedWorkflowExecutions', { domain: null });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain("at 'domain' failed to satisfy constraint");
  });
});
