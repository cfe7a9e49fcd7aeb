import {
  PollForActivityTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  SignalWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { defineActivity, type EffectiveTimeouts, runActivityTask } from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { useWorkerHarness, type WorkerHarness } from './support/harness.js';

/** An activity that records the timeouts it ran under and works for a minute. */
function recordingActivity(
  seen: EffectiveTimeouts[],
  options: Partial<Parameters<typeof defineActivity>[0]> = {},
) {
  return defineActivity({
    name: 'typed',
    version: '1',
    ...options,
    handler: async (_input, ctx) => {
      seen.push(ctx.timeouts);
      await ctx.sleep(60_000);
    },
  });
}

async function registerTyped(
  swf: WorkerHarness,
  defaults: { heartbeat?: string; startToClose?: string },
) {
  await swf.client.send(
    new RegisterDomainCommand({ name: 'fake', workflowExecutionRetentionPeriodInDays: '1' }),
  );
  await swf.client.send(
    new RegisterActivityTypeCommand({
      domain: 'fake',
      name: 'typed',
      version: '1',
      defaultTaskHeartbeatTimeout: defaults.heartbeat,
      defaultTaskStartToCloseTimeout: defaults.startToClose,
      defaultTaskScheduleToStartTimeout: 'NONE',
      defaultTaskScheduleToCloseTimeout: 'NONE',
      defaultTaskList: { name: 'default' },
    }),
  );
}

describe('timeout strategies', () => {
  const open = useWorkerHarness('in-process');

  it('takes timeouts given on the definition without asking SWF', async () => {
    const swf = await open();
    swf.fake.scheduleActivityTask({
      activityType: { name: 'typed', version: '1' },
      heartbeatTimeout: 20,
      startToCloseTimeout: 600,
    });
    const seen: EffectiveTimeouts[] = [];
    swf.startWorker({
      activities: [
        recordingActivity(seen, { heartbeatTimeoutMs: 20_000, startToCloseTimeoutMs: 600_000 }),
      ],
    });
    await swf.clock.advance(70_000);
    expect(seen).toEqual([
      { heartbeatTimeoutMs: 20_000, startToCloseTimeoutMs: 600_000, source: 'definition' },
    ]);
    expect(swf.fake.callCount('DescribeActivityType')).toBe(0);
    expect(swf.fake.callCount('GetWorkflowExecutionHistory')).toBe(0);
  });

  it('reads the type defaults once per type (the default strategy)', async () => {
    const swf = await open();
    await registerTyped(swf, { heartbeat: '20', startToClose: '600' });
    const first = swf.fake.scheduleActivityTask({ activityType: { name: 'typed', version: '1' } });
    const second = swf.fake.scheduleActivityTask({ activityType: { name: 'typed', version: '1' } });
    const seen: EffectiveTimeouts[] = [];
    swf.startWorker({ activities: [recordingActivity(seen)] });
    await swf.clock.advance(70_000);
    expect(seen).toEqual([
      { heartbeatTimeoutMs: 20_000, startToCloseTimeoutMs: 600_000, source: 'activity-type' },
      { heartbeatTimeoutMs: 20_000, startToCloseTimeoutMs: 600_000, source: 'activity-type' },
    ]);
    expect(swf.fake.callCount('DescribeActivityType')).toBe(1);
    expect(swf.fake.activityTask(first).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(swf.fake.activityTask(second).closeEvent?.eventType).toBe('ActivityTaskCompleted');
  });

  it('reads the type defaults once per type and client, across calls of runActivityTask', async () => {
    const swf = await open();
    await registerTyped(swf, { heartbeat: '20', startToClose: '600' });
    const seen: EffectiveTimeouts[] = [];
    const activity = defineActivity({
      name: 'typed',
      version: '1',
      handler: async (_input, ctx) => {
        seen.push(ctx.timeouts);
      },
    });
    for (let index = 0; index < 3; index++) {
      swf.fake.scheduleActivityTask({ activityType: { name: 'typed', version: '1' } });
      const task = await swf.client.send(
        new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
      );
      const outcome = runActivityTask(swf.client, task, activity, {
        domain: 'fake',
        clock: swf.clock,
      });
      await swf.clock.advance(100);
      expect((await outcome).status).toBe('completed');
    }
    expect(seen.map((timeouts) => timeouts.source)).toEqual([
      'activity-type',
      'activity-type',
      'activity-type',
    ]);
    expect(swf.fake.callCount('DescribeActivityType')).toBe(1);
  });

  it('falls back to the history when the type registers no heartbeat default', async () => {
    const swf = await open();
    await registerTyped(swf, { startToClose: '600' });
    swf.fake.scheduleActivityTask({
      activityType: { name: 'typed', version: '1' },
      heartbeatTimeout: 15,
    });
    const seen: EffectiveTimeouts[] = [];
    swf.startWorker({ activities: [recordingActivity(seen)] });
    await swf.clock.advance(70_000);
    expect(seen).toEqual([
      { heartbeatTimeoutMs: 15_000, startToCloseTimeoutMs: 600_000, source: 'history' },
    ]);
    expect(swf.fake.callCount('GetWorkflowExecutionHistory')).toBe(1);
  });

  it('reads the timeouts a decider chose from the history (opt-in strategy)', async () => {
    const swf = await open();
    // The type says 300 s, but the decider scheduled this task with 15 s: only the history knows.
    await registerTyped(swf, { heartbeat: '300', startToClose: '600' });
    const task = swf.fake.scheduleActivityTask({
      activityType: { name: 'typed', version: '1' },
      heartbeatTimeout: 15,
      startToCloseTimeout: 'NONE',
    });
    const seen: EffectiveTimeouts[] = [];
    swf.startWorker({ activities: [recordingActivity(seen)], timeoutStrategy: 'history' });
    await swf.clock.advance(70_000);
    expect(seen).toEqual([
      {
        heartbeatTimeoutMs: 15_000,
        startToCloseTimeoutMs: Number.POSITIVE_INFINITY,
        source: 'history',
      },
    ]);
    expect(swf.fake.callCount('DescribeActivityType')).toBe(0);
    // Beats paced by the real 15 s timeout kept the task alive for its whole minute.
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
  });

  it('finds the scheduled event across history pages, newest first', async () => {
    // Pages of 10 events: 3 signals (each with the decision task it brings, 12 events) put the
    // scheduled event more than a page behind the start.
    const swf = await open({ maxPageSize: 10 });
    const task = swf.fake.scheduleActivityTask({
      activityType: { name: 'typed', version: '1' },
      heartbeatTimeout: 12,
      startToCloseTimeout: 900,
    });
    for (let signal = 0; signal < 3; signal++) {
      await swf.client.send(
        new SignalWorkflowExecutionCommand({
          domain: task.domain,
          workflowId: task.workflowExecution.workflowId,
          signalName: 'padding',
        }),
      );
    }
    const seen: EffectiveTimeouts[] = [];
    swf.startWorker({ activities: [recordingActivity(seen, { timeoutStrategy: 'history' })] });
    await swf.clock.advance(70_000);
    expect(seen[0]).toMatchObject({ heartbeatTimeoutMs: 12_000, startToCloseTimeoutMs: 900_000 });
    expect(swf.fake.callCount('GetWorkflowExecutionHistory')).toBe(2);
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
  });
});
