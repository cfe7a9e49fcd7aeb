/** Registering the activity types a worker serves, through the real SWFClient against the fake. */
import {
  DeprecateActivityTypeCommand,
  DescribeActivityTypeCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
} from '@aws-sdk/client-swf';
import {
  ActivityWorker,
  defineActivity,
  silentLogger,
  WorkerConfigurationError,
  type WorkerEvent,
} from 'swf-activity-worker';
import { afterEach, describe, expect, it } from 'vitest';
import { registerActivityTypes } from '../../src/registration/register-activity-types.js';
import { type FakeHarness, openFake } from '../support/fake-harness.js';

const charge = defineActivity({
  name: 'OrderActivities.charge',
  version: '1.0',
  description: 'Charges an order',
  heartbeatTimeoutMs: 60_000,
  startToCloseTimeoutMs: 300_500,
  scheduleToStartTimeoutMs: 120_000,
  scheduleToCloseTimeoutMs: Number.POSITIVE_INFINITY,
  handler: async () => 'ok',
});
const plain = defineActivity({ name: 'plain', version: '1', handler: async () => 'ok' });

let swf: FakeHarness;

const describeType = (name: string, version: string) =>
  swf.client.send(
    new DescribeActivityTypeCommand({ domain: 'shop', activityType: { name, version } }),
  );

describe('registerActivityTypes', () => {
  afterEach(() => swf.cleanup());

  async function open() {
    swf = await openFake('in-process');
    await swf.client.send(
      new RegisterDomainCommand({ name: 'shop', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    const warnings: string[] = [];
    const settings = {
      domain: 'shop',
      taskList: 'orders',
      clock: swf.clock,
      warn: (code: string, message: string) => warnings.push(`${code}: ${message}`),
    };
    return { warnings, settings };
  }

  it("registers each type with its timeouts, description and the worker's task list", async () => {
    const { warnings, settings } = await open();
    await registerActivityTypes(swf.client, [charge, plain], settings);
    const described = await describeType('OrderActivities.charge', '1.0');
    expect(described.typeInfo?.description).toBe('Charges an order');
    expect(described.configuration).toMatchObject({
      defaultTaskList: { name: 'orders' },
      defaultTaskHeartbeatTimeout: '60',
      defaultTaskStartToCloseTimeout: '301', // rounded up to SWF's whole seconds
      defaultTaskScheduleToStartTimeout: '120',
      defaultTaskScheduleToCloseTimeout: 'NONE',
    });
    const bare = await describeType('plain', '1');
    expect(bare.configuration?.defaultTaskList).toEqual({ name: 'orders' });
    expect(bare.configuration?.defaultTaskHeartbeatTimeout).toBeUndefined();
    // Again, as the next worker's start: already registered, same defaults, no warning.
    await registerActivityTypes(swf.client, [charge, plain], settings);
    expect(warnings).toEqual([]);
  });

  it("warns, naming each difference, when a registered type's defaults differ", async () => {
    const { warnings, settings } = await open();
    await swf.client.send(
      new RegisterActivityTypeCommand({
        domain: 'shop',
        name: 'OrderActivities.charge',
        version: '1.0',
        description: 'Charges an order',
        defaultTaskList: { name: 'legacy' },
        defaultTaskHeartbeatTimeout: '30',
        defaultTaskStartToCloseTimeout: '301',
        defaultTaskScheduleToStartTimeout: '120',
        defaultTaskScheduleToCloseTimeout: 'NONE',
      }),
    );
    await registerActivityTypes(swf.client, [charge], settings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^activityTypeDefaultsDiffer: Activity type OrderActivities\.charge@1\.0 /,
    );
    expect(warnings[0]).toContain('defaultTaskList is "legacy", the definition\'s "orders"');
    expect(warnings[0]).toContain('defaultTaskHeartbeatTimeout is "30", the definition\'s "60"');
    expect(warnings[0]).not.toContain('defaultTaskStartToCloseTimeout');
    expect(warnings[0]).not.toContain('description');
  });

  it('warns about a deprecated type', async () => {
    const { warnings, settings } = await open();
    await registerActivityTypes(swf.client, [plain], settings);
    await swf.client.send(
      new DeprecateActivityTypeCommand({
        domain: 'shop',
        activityType: { name: 'plain', version: '1' },
      }),
    );
    await registerActivityTypes(swf.client, [plain], settings);
    expect(warnings).toEqual([
      expect.stringMatching(/^activityTypeDeprecated: .*plain@1 is deprecated in domain shop/),
    ]);
  });

  it('rejects with an error naming the type and domain for any other failure', async () => {
    const { settings } = await open();
    const failing = registerActivityTypes(swf.client, [plain], { ...settings, domain: 'nowhere' });
    await expect(failing).rejects.toBeInstanceOf(WorkerConfigurationError);
    await expect(failing).rejects.toMatchObject({ problem: 'unknownDomain' });
    await expect(failing).rejects.toThrow(
      /Registering activity type plain@1 in domain "nowhere" failed \(UnknownResourceFault: .*\)\. SWF does not know the domain/,
    );
  });
});

describe('ActivityWorker({ registerActivityTypes: true })', () => {
  afterEach(() => swf.cleanup());

  function start(domain: string, activities = [charge, plain]) {
    const events: WorkerEvent[] = [];
    const worker = new ActivityWorker({
      client: swf.client,
      clock: swf.clock,
      domain,
      taskList: 'orders',
      activities,
      registerActivityTypes: true,
      handleSignals: false,
      logger: silentLogger,
    });
    worker.on('warning', (event) => events.push(event));
    return { worker, events, running: worker.run() };
  }

  it('registers every activity before it polls, and warns about differing defaults', async () => {
    swf = await openFake('in-process');
    await swf.client.send(
      new RegisterDomainCommand({ name: 'shop', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    await swf.client.send(
      new RegisterActivityTypeCommand({
        domain: 'shop',
        name: 'plain',
        version: '1',
        defaultTaskList: { name: 'elsewhere' },
      }),
    );
    const { worker, events, running } = start('shop');
    await swf.pollersWaiting('activity', 'shop', 'orders');
    expect(swf.fake.callCount('RegisterActivityType')).toBe(3); // 2 by the worker
    const described = await describeType('OrderActivities.charge', '1.0');
    expect(described.configuration?.defaultTaskList).toEqual({ name: 'orders' });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'warning',
        code: 'activityTypeDefaultsDiffer',
        message: expect.stringContaining(
          'defaultTaskList is "elsewhere", the definition\'s "orders"',
        ),
      }),
    ]);
    // A task scheduled with no task list goes to the type's default: this worker.
    const task = swf.fake.scheduleActivityTask({ domain: 'shop', activityType: charge });
    await swf.clock.advance(1000);
    await worker.shutdown({ graceMs: 0 });
    await swf.clock.advance(5000);
    await running;
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
  });

  it('retries a throttled registration, and stops quietly when shut down meanwhile', async () => {
    swf = await openFake('in-process');
    await swf.client.send(
      new RegisterDomainCommand({ name: 'shop', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    swf.fake.faults.inject({
      operations: ['RegisterActivityType'],
      error: 'ThrottlingException',
      times: 1000,
    });
    const { worker, running } = start('shop');
    await swf.clock.advance(3000);
    expect(swf.fake.callCount('RegisterActivityType')).toBeGreaterThan(1);
    await worker.shutdown({ graceMs: 0 });
    await swf.clock.advance(10_000);
    await expect(running).resolves.toBeUndefined();
    expect(swf.fake.callCount('PollForActivityTask')).toBe(0);
  });

  it('makes run() reject, without polling, when SWF refuses a registration', async () => {
    swf = await openFake('in-process');
    const { running } = start('missing');
    await expect(running).rejects.toThrow(WorkerConfigurationError);
    await expect(running).rejects.toThrow(/Registering activity type OrderActivities\.charge@1\.0/);
    expect(swf.fake.callCount('PollForActivityTask')).toBe(0);
  });
});
