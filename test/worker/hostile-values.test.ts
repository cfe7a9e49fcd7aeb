import { defineActivity } from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { hostileValues } from '../support/hostile-values.js';
import { useWorkerHarness } from './support/harness.js';

describe('every task a handler settles is reported', () => {
  const open = useWorkerHarness('in-process');

  it('fails the task with a fallback reason for any thrown value, however hostile', async () => {
    const swf = await open();
    const values = hostileValues();
    const thrower = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (input: number) => {
        throw values[input]?.[1];
      },
    });
    const tasks = values.map((_value, index) =>
      swf.fake.scheduleActivityTask({
        heartbeatTimeout: 30,
        startToCloseTimeout: 600,
        input: String(index),
      }),
    );
    const { of } = swf.startWorker({ activities: [thrower], maxConcurrentTasks: values.length });
    await swf.clock.advance(5_000);

    values.forEach(([name, , reason], index) => {
      const failed = swf.fake.activityTask(tasks[index] as (typeof tasks)[number]).closeEvent
        ?.activityTaskFailedEventAttributes;
      expect(failed?.reason, name).toMatch(reason);
    });
    expect(of('taskResponded')).toHaveLength(values.length);
    expect(of('respondFailed')).toEqual([]);
  });

  it('fails a task whose result the codec cannot encode, saying so', async () => {
    const swf = await open();
    const circular: { self?: unknown } = {};
    circular.self = circular;
    const results: [string, unknown, RegExp][] = [
      ['a Symbol', Symbol('result'), /JSON has no encoding for a symbol/],
      ['a function', () => 'result', /JSON has no encoding for a function/],
      ['a BigInt', 10n, /BigInt/],
      ['a circular object', circular, /circular/i],
    ];
    const returning = defineActivity({
      name: 'activity',
      version: '1',
      handler: async (input: number) => results[input]?.[1],
    });
    const tasks = results.map((_result, index) =>
      swf.fake.scheduleActivityTask({
        heartbeatTimeout: 30,
        startToCloseTimeout: 600,
        input: String(index),
      }),
    );
    swf.startWorker({ activities: [returning], maxConcurrentTasks: results.length });
    await swf.clock.advance(5_000);

    results.forEach(([name, , why], index) => {
      const closed = swf.fake.activityTask(tasks[index] as (typeof tasks)[number]).closeEvent;
      expect(closed?.eventType, name).toBe('ActivityTaskFailed');
      const reason = closed?.activityTaskFailedEventAttributes?.reason;
      expect(reason, name).toMatch(
        /^ResultEncodingError: The result could not be encoded for SWF: /,
      );
      expect(reason, name).toMatch(why);
    });
  });
});
