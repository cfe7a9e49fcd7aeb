/**
 * What keeps the fake faithful and bounded over long runs: closed executions purged after
 * their domain's retention period (and past a bound), nothing after a run's 25,000th event,
 * task tokens a command line can pass, and the inspection and reset API of `FakeSwf`.
 */
import { describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { FakeSwf } from '../../src/fake/fake-swf.js';

const DAY_MS = 24 * 3600 * 1000;

/** A turn of the event loop: a call reaches the model after a few awaits. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function completeTask(fake: FakeSwf, domain: string) {
  const reference = fake.scheduleActivityTask({ domain });
  const task = await fake.handle('PollForActivityTask', {
    domain,
    taskList: { name: 'default' },
  });
  await fake.handle('RespondActivityTaskCompleted', { taskToken: task.taskToken });
  return reference;
}

describe('closed executions', () => {
  test("are purged once their domain's retention period has passed on the fake's clock", async () => {
    const clock = new ManualClock();
    const fake = new FakeSwf({ clock });
    const reference = await completeTask(fake, 'kept');
    const execution = { domain: 'kept', execution: reference.workflowExecution };
    await clock.advance(DAY_MS - 1);
    const described = await fake.handle('DescribeWorkflowExecution', execution);
    expect(described.executionInfo.closeStatus).toBe('COMPLETED');
    await clock.advance(1);
    await expect(fake.handle('DescribeWorkflowExecution', execution)).rejects.toMatchObject({
      name: 'UnknownResourceFault',
    });
    const since = { oldestDate: 0 };
    const closed = await fake.handle('CountClosedWorkflowExecutions', {
      domain: 'kept',
      startTimeFilter: since,
    });
    expect(closed.count).toBe(0);
    fake.close();
  });

  test('beyond maxClosedExecutionsPerDomain, the oldest are forgotten first', async () => {
    const fake = new FakeSwf({ clock: new ManualClock(), maxClosedExecutionsPerDomain: 3 });
    const references = [];
    for (let index = 0; index < 5; index++) references.push(await completeTask(fake, 'bounded'));
    const known = references.map((reference) => {
      try {
        fake.history(reference.domain, reference.workflowExecution);
        return true;
      } catch {
        return false;
      }
    });
    expect(known).toEqual([false, false, true, true, true]);
    fake.close();
  });

  test('options are checked', () => {
    expect(() => new FakeSwf({ maxClosedExecutionsPerDomain: 0 })).toThrow(
      /maxClosedExecutionsPerDomain must be a whole number >= 1, got 0/,
    );
    expect(() => new FakeSwf({ maxPageSize: 1.5 })).toThrow(/maxPageSize/);
  });
});

test('nothing follows the termination at 25,000 events: the decision task is not handed out', async () => {
  const fake = new FakeSwf({ clock: new ManualClock() });
  const domain = 'limits';
  await fake.handle('RegisterDomain', {
    name: domain,
    workflowExecutionRetentionPeriodInDays: '1',
  });
  const workflowType = { name: 'flow', version: '1' };
  await fake.handle('RegisterWorkflowType', {
    domain,
    ...workflowType,
    defaultTaskList: { name: 'deciders' },
    defaultExecutionStartToCloseTimeout: '3600',
    defaultTaskStartToCloseTimeout: '60',
    defaultChildPolicy: 'TERMINATE',
  });
  const { runId } = await fake.handle('StartWorkflowExecution', {
    domain,
    workflowId: 'w',
    workflowType,
  });
  // Started and DecisionTaskScheduled, then signals up to 24,998 events: the decision task's
  // start is event 24,999, which ends the run at 25,000.
  for (let signal = 0; signal < 24_996; signal++) {
    await fake.handle('SignalWorkflowExecution', { domain, workflowId: 'w', signalName: 's' });
  }
  const poll = await fake.handle('PollForDecisionTask', {
    domain,
    taskList: { name: 'deciders' },
  });
  expect(poll.taskToken).toBe('');
  const events = fake.history(domain, { workflowId: 'w', runId: runId as string });
  expect(events).toHaveLength(25_000);
  expect(events.at(-2)?.eventType).toBe('DecisionTaskStarted');
  expect(events.at(-1)).toMatchObject({
    eventType: 'WorkflowExecutionTerminated',
    workflowExecutionTerminatedEventAttributes: { cause: 'EVENT_LIMIT_EXCEEDED' },
  });
  expect(fake.liveTaskTokens).toBe(0);
  fake.close();
});

test('no task token starts with "-", which a command line would read as an option', async () => {
  const fake = new FakeSwf({ clock: new ManualClock() });
  const tokens: string[] = [];
  // 1.6% of random base64url tokens start with "-": 1,000 of them would hold about 16.
  for (let index = 0; index < 1000; index++) {
    fake.scheduleActivityTask();
    const task = await fake.handle('PollForActivityTask', {
      domain: 'fake',
      taskList: { name: 'default' },
    });
    tokens.push(task.taskToken);
  }
  expect(tokens.filter((token) => token.startsWith('-'))).toEqual([]);
  expect(new Set(tokens).size).toBe(1000);
  fake.close();
});

describe('inspection and reset', () => {
  test('waiting polls, live tokens, releasing polls', async () => {
    const fake = new FakeSwf({ clock: new ManualClock() });
    fake.scheduleActivityTask();
    expect(fake.waitingPolls('fake', 'default')).toBe(0);
    expect(fake.waitingPolls('nowhere', 'default')).toBe(0);
    const task = await fake.handle('PollForActivityTask', {
      domain: 'fake',
      taskList: { name: 'default' },
    });
    expect(fake.liveTaskTokens).toBe(1);
    expect(fake.isLiveTaskToken(task.taskToken)).toBe(true);
    const waiting = fake.handle('PollForActivityTask', {
      domain: 'fake',
      taskList: { name: 'default' },
    });
    await turn();
    expect(fake.waitingPolls('fake', 'default')).toBe(1);
    expect(fake.waitingPolls('fake', 'default', 'decision')).toBe(0);
    fake.releasePolls();
    expect((await waiting).taskToken).toBe('');
    await fake.handle('RespondActivityTaskCompleted', { taskToken: task.taskToken });
    expect(fake.isLiveTaskToken(task.taskToken)).toBe(false);
    expect(fake.liveTaskTokens).toBe(0);
    expect(fake.closed).toBe(false);
    fake.close();
  });

  test('reset() drops every domain and answers waiting polls, and the fake serves on', async () => {
    const fake = new FakeSwf({ clock: new ManualClock() });
    for (let index = 0; index < 100; index++) {
      await fake.handle('RegisterDomain', {
        name: `run-${index}`,
        workflowExecutionRetentionPeriodInDays: '1',
      });
    }
    await expect(
      fake.handle('RegisterDomain', {
        name: 'one-more',
        workflowExecutionRetentionPeriodInDays: '1',
      }),
    ).rejects.toMatchObject({ name: 'LimitExceededFault' });
    const waiting = fake.handle('PollForActivityTask', {
      domain: 'run-0',
      taskList: { name: 'default' },
    });
    await turn();
    fake.reset();
    expect((await waiting).taskToken).toBe('');
    expect(fake.callCount('RegisterDomain')).toBe(0);
    const domains = await fake.handle('ListDomains', { registrationStatus: 'REGISTERED' });
    expect(domains.domainInfos).toEqual([]);
    await fake.handle('RegisterDomain', {
      name: 'one-more',
      workflowExecutionRetentionPeriodInDays: '1',
    });
    fake.close();
    expect(() => fake.reset()).toThrow(/closed/);
  });
});
