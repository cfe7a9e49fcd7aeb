import { PollForActivityTaskCommand } from '@aws-sdk/client-swf';
import { defineActivity, type Logger, runActivityTask, systemClock } from 'swf-activity-worker';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { heldActivity } from './support/activities.js';
import { useWorkerHarness } from './support/harness.js';

/** A logger with pino's child(), recording the bindings of every child and every line. */
function recordingLogger() {
  const children: Record<string, unknown>[] = [];
  const lines: unknown[][] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const line =
      (level: string) =>
      (...args: unknown[]) =>
        lines.push([level, bindings, ...args]);
    return {
      debug: line('debug'),
      info: line('info'),
      warn: line('warn'),
      error: line('error'),
      child: (more) => {
        children.push(more);
        return make({ ...bindings, ...more });
      },
    };
  };
  return { logger: make({}), children, lines };
}

describe('the state a task keeps while it runs', () => {
  const open = useWorkerHarness('in-process');

  it('makes the task logger only when something logs, with the task ids bound', async () => {
    const swf = await open();
    const { logger, children, lines } = recordingLogger();
    const quiet = defineActivity({ name: 'quiet', version: '1', handler: async () => 'done' });
    const chatty = defineActivity({
      name: 'chatty',
      version: '1',
      handler: async (_input, ctx) => {
        ctx.logger.info('working');
        ctx.logger.info('still working');
        return 'done';
      },
    });
    const run = async (definition: typeof quiet) => {
      const reference = swf.fake.scheduleActivityTask({
        activityType: { name: definition.name, version: definition.version },
        heartbeatTimeout: 30,
        startToCloseTimeout: 600,
      });
      const task = await swf.client.send(
        new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
      );
      const outcome = runActivityTask(swf.client, task, definition, {
        domain: 'fake',
        clock: swf.clock,
        logger,
      });
      await swf.clock.advance(1_000);
      expect((await outcome).status).toBe('completed');
      return reference;
    };
    await run(quiet);
    expect(children).toEqual([]);
    const reference = await run(chatty);
    expect(children).toEqual([
      {
        activityId: reference.activityId,
        activityType: 'chatty@1',
        workflowId: reference.workflowExecution.workflowId,
      },
    ]);
    expect(lines.map(([level, bindings, message]) => [level, bindings, message])).toEqual([
      ['info', children[0], 'working'],
      ['info', children[0], 'still working'],
    ]);
  });

  it('sets the heartbeat watchdog with the first beat: a task that ends sooner never has one', async () => {
    const swf = await open();
    const { activity: waiting, release } = heldActivity('waiting');
    swf.fake.scheduleActivityTask({
      activityType: { name: waiting.name, version: waiting.version },
      heartbeatTimeout: 30,
      startToCloseTimeout: 600,
    });
    const task = await swf.client.send(
      new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
    );
    const fakeTimers = swf.clock.pendingTimers;
    const outcome = runActivityTask(swf.client, task, waiting, {
      domain: 'fake',
      clock: swf.clock,
    });
    await swf.clock.settle();
    // The first beat's timer and the local deadline; no watchdog yet.
    expect(swf.clock.pendingTimers - fakeTimers).toBe(2);
    // The first beat is due within the first interval (10 s for a 30 s timeout).
    await swf.clock.advance(10_000);
    expect(swf.fake.callCount('RecordActivityTaskHeartbeat')).toBe(1);
    // The next beat's timer, the local deadline and now the watchdog.
    expect(swf.clock.pendingTimers - fakeTimers).toBe(3);
    release();
    expect((await outcome).status).toBe('completed');
  });

  it('lets a handler destructure its context', async () => {
    const swf = await open();
    const seen: unknown[] = [];
    const destructuring = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (_input, { heartbeat, sleep, signal, logger, task }) => {
        heartbeat({ step: 1 });
        await sleep(15_000);
        logger.info('slept');
        seen.push(signal.aborted, task.activityId);
        return 'done';
      },
    });
    const reference = swf.fake.scheduleActivityTask({
      heartbeatTimeout: 30,
      startToCloseTimeout: 600,
    });
    swf.startWorker({ activities: [destructuring] });
    await swf.clock.advance(12_000);
    expect(swf.fake.activityTask(reference).lastHeartbeatDetails).toBe('{"step":1}');
    await swf.clock.advance(8_000);
    expect(seen).toEqual([false, reference.activityId]);
    expect(swf.fake.activityTask(reference).closeEvent?.eventType).toBe('ActivityTaskCompleted');
  });
});

describe('the system clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits past the longest delay setTimeout takes on the system clock, and cancels', () => {
    vi.useFakeTimers({ now: 0 });
    const fired: string[] = [];
    const long = 2 ** 31 + 5_000;
    systemClock.setTimer(() => fired.push('long'), long);
    const cancelled = systemClock.setTimer(() => fired.push('cancelled'), long);
    systemClock.setTimer(() => fired.push('short'), 10);
    cancelled.cancel();
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(fired).toEqual(['short']);
    vi.advanceTimersByTime(5_000);
    expect(fired).toEqual(['short']);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['short', 'long']);
  });
});
