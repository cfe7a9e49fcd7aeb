import { PollForActivityTaskCommand } from '@aws-sdk/client-swf';
import {
  ActivityCancelledError,
  defineActivity,
  TaskGoneError,
  textCodec,
} from 'swf-activity-worker';
import { ManualClock } from 'swf-activity-worker/fake';
import {
  createMockActivityContext,
  createTestSwf,
  runActivityForTest,
  startActivityForTest,
} from 'swf-activity-worker/testing';
import { describe, expect, it } from 'vitest';

const download = defineActivity({
  name: 'download',
  version: '1',
  async handler(input: { parts: number }, ctx) {
    for (let part = 1; part <= input.parts; part++) {
      await ctx.sleep(1000);
      ctx.heartbeat({ part });
    }
    return { parts: input.parts };
  },
});

describe('runActivityForTest', () => {
  it('runs a handler to completion and records its heartbeats', async () => {
    const clock = new ManualClock();
    const run = startActivityForTest(download, { parts: 3 }, { clock });
    await clock.advance(3000);
    expect(await run.outcome).toEqual({ status: 'completed', result: { parts: 3 } });
    expect(run.heartbeats).toEqual([{ part: 1 }, { part: 2 }, { part: 3 }]);
  });

  it('reports a rejection after a cancel request as canceled', async () => {
    const clock = new ManualClock();
    const run = startActivityForTest(download, { parts: 10 }, { clock });
    await clock.advance(2500);
    run.requestCancel();
    const outcome = await run.outcome;
    expect(outcome.status).toBe('canceled');
    expect(outcome.status === 'canceled' && outcome.error).toBeInstanceOf(ActivityCancelledError);
    expect(run.heartbeats).toEqual([{ part: 1 }, { part: 2 }]);
  });

  it('reports any other abort as a failure, as the worker would', async () => {
    const clock = new ManualClock();
    const run = startActivityForTest(download, { parts: 10 }, { clock });
    run.abort(new TaskGoneError());
    expect(await run.outcome).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^TaskGoneError: /),
    });
  });

  it('fails a result too large for SWF, as the worker would', async () => {
    const big = defineActivity({
      name: 'big',
      version: '1',
      codec: textCodec,
      handler: async () => 'z'.repeat(40_000),
    });
    expect(await runActivityForTest(big, undefined)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^ResultTooLargeError: /),
    });
  });
});

describe('createMockActivityContext', () => {
  it('gives a handler a context whose signal the test controls', async () => {
    const mock = createMockActivityContext<{ part: number }>({ clock: new ManualClock() });
    const running = download.handler({ parts: 5 }, mock.ctx);
    mock.requestCancel();
    await expect(running).rejects.toBeInstanceOf(ActivityCancelledError);
    expect(mock.cancelRequested).toBe(true);
    expect(mock.ctx.signal.reason).toBeInstanceOf(ActivityCancelledError);
    expect(String(mock.ctx.task)).toBe(
      'ActivityTask(test@1 activityId=test-activity workflowId=test-workflow)',
    );
  });
});

describe('createTestSwf', () => {
  it('wires a fake SWF, a manual clock and an in-process client', async () => {
    const swf = createTestSwf();
    try {
      expect(swf.fake.clock).toBe(swf.clock);
      expect(await swf.client.config.maxAttempts()).toBe(1);
      const reference = swf.fake.scheduleActivityTask({ heartbeatTimeout: 5 });
      await swf.clock.advance(10_000);
      expect(swf.fake.activityTask(reference).status).toBe('SCHEDULED');
      const task = await swf.client.send(
        new PollForActivityTaskCommand({ domain: reference.domain, taskList: { name: 'default' } }),
      );
      expect(task.activityId).toBe(reference.activityId);
      await swf.clock.advance(5_000);
      expect(swf.fake.activityTask(reference).closeEvent?.eventType).toBe('ActivityTaskTimedOut');
    } finally {
      swf.close();
    }
    expect(swf.fake.closed).toBe(true);
  });
});
