import { PollForActivityTaskCommand } from '@aws-sdk/client-swf';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonCodec } from '../../src/activity/codec.js';
import { claimCheck } from '../../src/claim-check/claim-check.js';
import { MemoryPayloadStore } from '../../src/claim-check/memory-payload-store.js';
import { readPointer } from '../../src/claim-check/payload-pointer.js';
import { ActivityCancelledError, ResultTooLargeError, TaskGoneError } from '../../src/errors.js';
import type { ActivityEvent } from '../../src/events/activity-events.js';
import { silentLogger } from '../../src/logger.js';
import {
  ActivityTaskClient,
  type ActivityTaskClientOptions,
} from '../../src/task-client/activity-task-client.js';
import { type FakeHarness, openFake } from '../support/fake-harness.js';

let harness: FakeHarness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

/** A started task (polled by a "worker" that then hands its token on) and a client for it. */
async function handedOffTask(
  schedule: { heartbeatTimeout?: number | 'NONE'; startToCloseTimeout?: number } = {},
  options: ActivityTaskClientOptions = {},
) {
  harness = await openFake('in-process');
  const { fake, client, clock } = harness;
  const reference = fake.scheduleActivityTask({
    heartbeatTimeout: schedule.heartbeatTimeout ?? 30,
    startToCloseTimeout: schedule.startToCloseTimeout ?? 3600,
  });
  const polled = await client.send(
    new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
  );
  const events: ActivityEvent[] = [];
  const taskClient = new ActivityTaskClient(client, polled.taskToken ?? '', {
    clock,
    logger: silentLogger,
    onEvent: (event) => events.push(event),
    ...options,
  });
  const closeEvent = () => fake.activityTask(reference).closeEvent;
  return { fake, clock, client, reference, taskClient, events, closeEvent };
}

/** Moves the fake clock in steps until `promise` settles. */
async function advanceUntil<T>(promise: Promise<T>, stepMs = 100, maxMs = 600_000): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  for (let elapsed = 0; !settled && elapsed < maxMs; elapsed += stepMs) {
    await harness?.clock.advance(stepMs);
  }
  return watched;
}

describe('ActivityTaskClient', () => {
  it('completes a task by its token, with the codec', async () => {
    const { taskClient, closeEvent, events } = await handedOffTask();
    await taskClient.complete({ approved: true, by: 'ada' });
    expect(closeEvent()?.eventType).toBe('ActivityTaskCompleted');
    expect(closeEvent()?.activityTaskCompletedEventAttributes?.result).toBe(
      '{"approved":true,"by":"ada"}',
    );
    expect(events.map((event) => event.type)).toEqual(['taskResponded']);
    // The token is spent: SWF no longer knows the task.
    await expect(taskClient.complete('again')).rejects.toBeInstanceOf(TaskGoneError);
  });

  it('heartbeats with details and answers whether a cancellation was requested', async () => {
    const { fake, reference, taskClient, closeEvent } = await handedOffTask();
    expect(await taskClient.heartbeat({ waitingFor: 'ada' })).toBe(false);
    expect(fake.activityTask(reference).lastHeartbeatDetails).toBe('{"waitingFor":"ada"}');
    fake.requestActivityTaskCancel(reference);
    expect(await taskClient.heartbeat()).toBe(true);
    await taskClient.cancel('nobody approved');
    expect(closeEvent()?.eventType).toBe('ActivityTaskCanceled');
    expect(closeEvent()?.activityTaskCanceledEventAttributes?.details).toBe('nobody approved');
  });

  it('cuts long heartbeat details, and still beats when they cannot be encoded', async () => {
    const { fake, reference, taskClient, events } = await handedOffTask();
    expect(await taskClient.heartbeat('d'.repeat(5000))).toBe(false);
    expect(fake.activityTask(reference).lastHeartbeatDetails?.length).toBe(2048);
    expect(await taskClient.heartbeat(10n)).toBe(false);
    expect(events.map((event) => event.type)).toEqual([
      'detailsTruncated',
      'heartbeatSent',
      'warning',
      'heartbeatSent',
    ]);
  });

  it('fails a task with the reason and details a handler would get', async () => {
    const { taskClient, closeEvent } = await handedOffTask();
    await taskClient.fail(new RangeError('amount over the limit'));
    const failed = closeEvent()?.activityTaskFailedEventAttributes;
    expect(failed?.reason).toBe('RangeError: amount over the limit');
    expect(failed?.details).toMatch(/^RangeError: amount over the limit\n\s+at /);
  });

  it('fails the task, and rejects, when the result is over SWF limit', async () => {
    const { taskClient, closeEvent } = await handedOffTask();
    const error = await taskClient.complete('x'.repeat(40_000)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResultTooLargeError);
    expect(closeEvent()?.activityTaskFailedEventAttributes?.reason).toBe(
      'ResultTooLargeError: The encoded result is 40002 characters long; SWF accepts at most 32768',
    );
  });

  it('sends a large result through a claim check', async () => {
    const store = new MemoryPayloadStore();
    const { taskClient, closeEvent } = await handedOffTask(
      {},
      { codec: claimCheck(jsonCodec, { store }) },
    );
    await taskClient.complete({ report: 'y'.repeat(100_000) });
    const result = closeEvent()?.activityTaskCompletedEventAttributes?.result ?? '';
    const pointer = readPointer(result);
    expect(pointer?.format).toBe('json');
    expect(JSON.parse(store.objects.get(pointer?.key ?? '') ?? '')).toEqual({
      report: 'y'.repeat(100_000),
    });
  });

  it('retries throttling and transient errors of the response, as the worker does', async () => {
    const { fake, taskClient, closeEvent, events } = await handedOffTask();
    fake.faults.inject({
      operations: ['RespondActivityTaskCompleted'],
      error: 'ThrottlingException',
      times: 2,
    });
    await advanceUntil(taskClient.complete('done'));
    expect(closeEvent()?.activityTaskCompletedEventAttributes?.result).toBe('"done"');
    expect(events.filter((event) => event.type === 'respondRetried')).toHaveLength(2);
  });

  it('rejects with TaskGoneError once SWF timed the task out', async () => {
    const { clock, taskClient, events } = await handedOffTask({ heartbeatTimeout: 30 });
    await clock.advance(31_000);
    await expect(taskClient.heartbeat()).rejects.toBeInstanceOf(TaskGoneError);
    await expect(taskClient.complete('late')).rejects.toBeInstanceOf(TaskGoneError);
    expect(events.filter((event) => event.type === 'taskGone').map((e) => e.type)).toHaveLength(2);
  });

  it('checks its arguments', async () => {
    harness = await openFake('in-process');
    expect(() => new ActivityTaskClient(harness?.client as never, '')).toThrow(/taskToken/);
    expect(() => new ActivityTaskClient({} as never, 'token')).toThrow(/SWFClient/);
    expect(
      () => new ActivityTaskClient(harness?.client as never, 'token', { heartbeatTimeoutMs: 0 }),
    ).toThrow(/heartbeatTimeoutMs must be > 0/);
  });
});

describe('ActivityTaskClient.keepAlive', () => {
  it('keeps a handed-off task alive at its pace, long past its heartbeat timeout', async () => {
    const { fake, reference, clock, taskClient, closeEvent } = await handedOffTask(
      { heartbeatTimeout: 30 },
      { heartbeatTimeoutMs: 30_000 },
    );
    // The worker's heartbeats stopped a while ago: the first beat goes out at once.
    await clock.advance(20_000);
    const alive = taskClient.keepAlive();
    alive.heartbeat({ step: 'waiting' });
    const before = fake.callCount('RecordActivityTaskHeartbeat');
    await clock.advance(10 * 60_000);
    const beats = fake.callCount('RecordActivityTaskHeartbeat') - before;
    // A third of the timeout apart: about 60 beats in 10 minutes.
    expect(beats).toBeGreaterThanOrEqual(55);
    expect(beats).toBeLessThanOrEqual(75);
    expect(fake.activityTask(reference).status).not.toBe('CLOSED');
    expect(fake.activityTask(reference).lastHeartbeatDetails).toBe('{"step":"waiting"}');
    expect(alive.signal.aborted).toBe(false);
    // A response stops the heartbeats.
    await taskClient.complete('approved');
    expect(closeEvent()?.eventType).toBe('ActivityTaskCompleted');
    const after = fake.callCount('RecordActivityTaskHeartbeat');
    await clock.advance(5 * 60_000);
    expect(fake.callCount('RecordActivityTaskHeartbeat')).toBe(after);
  });

  it('without it, the same task times out', async () => {
    const { fake, reference, clock } = await handedOffTask({ heartbeatTimeout: 30 });
    await clock.advance(60_000);
    expect(fake.activityTask(reference).closeEvent?.eventType).toBe('ActivityTaskTimedOut');
  });

  it('aborts its signal with ActivityCancelledError when a decider asks to cancel', async () => {
    const { fake, reference, clock, taskClient, closeEvent } = await handedOffTask(
      { heartbeatTimeout: 30 },
      { heartbeatTimeoutMs: 30_000 },
    );
    const alive = taskClient.keepAlive();
    await clock.advance(1000);
    fake.requestActivityTaskCancel(reference);
    await clock.advance(15_000);
    expect(alive.signal.reason).toBeInstanceOf(ActivityCancelledError);
    await taskClient.cancel();
    expect(closeEvent()?.eventType).toBe('ActivityTaskCanceled');
  });

  it('aborts its signal with TaskGoneError when the task is gone, and stops', async () => {
    const { fake, reference, clock, taskClient } = await handedOffTask(
      { heartbeatTimeout: 30, startToCloseTimeout: 60 },
      { heartbeatTimeoutMs: 30_000 },
    );
    const alive = taskClient.keepAlive();
    await clock.advance(90_000);
    expect(fake.activityTask(reference).closeEvent?.eventType).toBe('ActivityTaskTimedOut');
    expect(alive.signal.reason).toBeInstanceOf(TaskGoneError);
    const calls = fake.callCount('RecordActivityTaskHeartbeat');
    await clock.advance(120_000);
    expect(fake.callCount('RecordActivityTaskHeartbeat')).toBe(calls);
  });

  it('stops when its outside signal aborts, or when stopped', async () => {
    const { fake, clock, taskClient } = await handedOffTask({}, { heartbeatTimeoutMs: 30_000 });
    const outside = new AbortController();
    taskClient.keepAlive({ signal: outside.signal });
    await clock.advance(30_000);
    outside.abort();
    await clock.advance(0);
    const calls = fake.callCount('RecordActivityTaskHeartbeat');
    expect(calls).toBeGreaterThanOrEqual(3);
    await clock.advance(60_000);
    expect(fake.callCount('RecordActivityTaskHeartbeat')).toBe(calls);

    const again = taskClient.keepAlive();
    await clock.advance(30_000);
    await again.stop();
    const stopped = fake.callCount('RecordActivityTaskHeartbeat');
    expect(stopped).toBeGreaterThan(calls);
    await clock.advance(60_000);
    expect(fake.callCount('RecordActivityTaskHeartbeat')).toBe(stopped);
  });
});
