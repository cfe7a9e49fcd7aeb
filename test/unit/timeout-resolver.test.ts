import { RegisterActivityTypeCommand, RegisterDomainCommand } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { defineActivity } from '../../src/activity/define-activity.js';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { FakeSwf } from '../../src/fake/fake-swf.js';
import { createInProcessClient } from '../../src/fake/transports/in-process.js';
import { ActivityTaskInfo } from '../../src/runner/activity-task-info.js';
import { TimeoutResolver } from '../../src/timeouts/timeout-resolver.js';

/** A task of `typed@version` polled from `domain`, as the worker sees it. */
function taskOf(domain: string, version = '1'): ActivityTaskInfo {
  return new ActivityTaskInfo(
    {
      taskToken: `token-${domain}-${version}`,
      activityId: 'activity',
      startedEventId: 3,
      activityType: { name: 'typed', version },
      workflowExecution: { workflowId: 'workflow', runId: 'run' },
    },
    domain,
  );
}

describe('TimeoutResolver', () => {
  it('answers each strategy, type and domain with its own timeouts, one definition for all', async () => {
    const clock = new ManualClock();
    const client = createInProcessClient(new FakeSwf({ clock }));
    const registered = [
      { domain: 'first', version: '1', heartbeat: '20' },
      { domain: 'second', version: '1', heartbeat: '40' },
      { domain: 'first', version: '2', heartbeat: '60' },
    ];
    for (const domain of ['first', 'second']) {
      await client.send(
        new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: '1' }),
      );
    }
    for (const { domain, version, heartbeat } of registered) {
      await client.send(
        new RegisterActivityTypeCommand({
          domain,
          name: 'typed',
          version,
          defaultTaskHeartbeatTimeout: heartbeat,
          defaultTaskStartToCloseTimeout: '600',
        }),
      );
    }
    const definition = defineActivity({
      name: 'typed',
      version: '1',
      handler: async () => undefined,
    });
    const resolver = new TimeoutResolver(client, clock, 'activity-type', Math.random);
    const heartbeatOf = (task: ActivityTaskInfo) =>
      resolver.known(task, definition)?.heartbeatTimeoutMs;

    const first = taskOf('first');
    expect(heartbeatOf(first)).toBeUndefined();
    const described = await resolver.resolve(first, definition);
    expect(described).toMatchObject({ heartbeatTimeoutMs: 20_000, source: 'activity-type' });
    // The first task's answer is the one the next task of the type gets.
    expect(resolver.known(taskOf('first'), definition)).toBe(described);
    // The same definition, another domain or version: not known until described.
    expect(heartbeatOf(taskOf('second'))).toBeUndefined();
    expect(heartbeatOf(taskOf('first', '2'))).toBeUndefined();
    await resolver.resolve(taskOf('second'), definition);
    await resolver.resolve(taskOf('first', '2'), definition);
    expect([
      heartbeatOf(taskOf('second')),
      heartbeatOf(taskOf('first')),
      heartbeatOf(taskOf('first', '2')),
      heartbeatOf(taskOf('second')),
    ]).toEqual([40_000, 20_000, 60_000, 40_000]);
    // Every task of a type gets the same timeouts, which nobody can change, from any resolver
    // of the client (each call of runActivityTask has one) with the same strategy.
    const known = resolver.known(taskOf('first'), definition);
    const another = new TimeoutResolver(client, clock, 'activity-type', Math.random);
    expect(another.known(taskOf('first'), definition)).toBe(known);
    expect(Object.isFrozen(known)).toBe(true);
    // The history strategy reads each task's own timeouts: the type defaults are not its answer.
    const history = new TimeoutResolver(client, clock, 'history', Math.random);
    expect(history.known(taskOf('first'), definition)).toBeUndefined();
  });
});
