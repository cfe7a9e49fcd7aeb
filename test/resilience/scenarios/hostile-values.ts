/**
 * Every task a handler settles is reported, over the HTTP fake: whatever a handler throws,
 * however hostile, becomes RespondActivityTaskFailed; a result the codec cannot encode fails the
 * task with a reason that says so. The tasks have no heartbeat timeout, so one left unreported
 * would sit open until its start-to-close timeout.
 */
import { defineActivity } from 'swf-activity-worker';
import { describe, it } from 'vitest';
import { DOMAIN, eventually, measure, openNetworkRig, TASK_LIST } from '../support/network-rig.js';

const fail = (what: string) => (): never => {
  throw new Error(`${what} throws`);
};

/** Values a handler throws, each harder to read than the last. */
const THROWN: Record<string, () => unknown> = {
  'an Error whose message getter throws': () =>
    Object.defineProperty(new Error('hidden'), 'message', { get: fail('message') }),
  'an Error whose stack getter throws': () =>
    Object.defineProperty(new Error('hidden'), 'stack', { get: fail('stack') }),
  'an Error whose name getter throws': () =>
    Object.defineProperty(new Error('hidden'), 'name', { get: fail('name') }),
  'an object whose toString and toJSON throw': () => ({
    toString: fail('toString'),
    toJSON: fail('toJSON'),
  }),
  'a Proxy whose every trap throws': () =>
    new Proxy(
      {},
      {
        get: fail('get'),
        has: fail('has'),
        ownKeys: fail('ownKeys'),
        getOwnPropertyDescriptor: fail('getOwnPropertyDescriptor'),
        getPrototypeOf: fail('getPrototypeOf'),
      },
    ),
  'a revoked Proxy': () => {
    const { proxy, revoke } = Proxy.revocable(new Error('revoked'), {});
    revoke();
    return proxy;
  },
  'a Symbol': () => Symbol('thrown'),
  null: () => null,
  'an Error whose cause is itself': () => {
    const error = new Error('loop');
    error.cause = error;
    return error;
  },
};

/** Results that JSON cannot encode. */
const UNENCODABLE: Record<string, () => unknown> = {
  'a Symbol': () => Symbol('result'),
  'a function': () => () => 'result',
  'a BigInt': () => 10n ** 30n,
  'a circular object': () => {
    const value: { self?: unknown } = {};
    value.self = value;
    return value;
  },
};

const hostile = defineActivity<{ throws?: string; returns?: string }, unknown>({
  name: 'hostile',
  version: '1',
  async handler(input) {
    if (input.throws !== undefined) throw THROWN[input.throws]?.();
    return UNENCODABLE[input.returns ?? '']?.();
  },
});

/** Declares these scenarios (run them inside a concurrent suite). */
export function hostileValueScenarios(): void {
  describe('a handler that throws a hostile value or returns an unencodable result', () => {
    it('is reported failed for each of them, with a reason', { timeout: 60_000 }, async ({
      expect,
      onTestFailed,
      onTestFinished,
    }) => {
      const rig = await openNetworkRig({ onTestFailed });
      onTestFinished(() => rig.close());
      const cases = [
        ...Object.keys(THROWN).map((name) => ({ name: `throws ${name}`, input: { throws: name } })),
        ...Object.keys(UNENCODABLE).map((name) => ({
          name: `returns ${name}`,
          input: { returns: name },
        })),
      ].map((entry, index) => ({
        ...entry,
        task: rig.fake.scheduleActivityTask({
          domain: DOMAIN,
          taskList: TASK_LIST,
          activityType: hostile,
          activityId: `hostile-${index}`,
          input: JSON.stringify(entry.input),
          heartbeatTimeout: 'NONE',
          startToCloseTimeout: 300,
        }),
      }));
      const started = rig.startWorker({ activities: [hostile], maxConcurrentTasks: cases.length });
      await eventually(
        () =>
          cases.every(({ task }) => rig.closeOf(task) !== undefined) &&
          started.of('taskResponded').length === cases.length,
        15_000,
      );

      const seen = cases.map(({ name, task }) => {
        const close = rig.closeOf(task);
        return {
          name,
          close: close?.eventType ?? 'never reported',
          reason: close?.activityTaskFailedEventAttributes?.reason ?? '',
        };
      });
      measure('hostile-values', {
        reported: seen.filter((entry) => entry.close === 'ActivityTaskFailed').length,
        of: seen.length,
        seen,
      });
      for (const entry of seen) {
        expect(entry, entry.name).toMatchObject({
          close: 'ActivityTaskFailed',
          reason: expect.stringMatching(/\S/),
        });
        if (entry.name.startsWith('returns')) {
          expect(entry.reason, entry.name).toMatch(/result/i);
        }
      }
      expect(started.of('taskResponded')).toHaveLength(cases.length);
    });
  });
}
