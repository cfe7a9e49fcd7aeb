/** Registering the activity types a worker serves, through the real SWFClient against the fake. */
import {
  DeprecateActivityTypeCommand,
  DescribeActivityTypeCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
} from '@aws-sdk/client-swf';
import { defineActivity } from 'swf-activity-worker';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ActivityTypeRegistrationError,
  registerActivityTypes,
} from '../../src/registration/register-activity-types.js';
import { type FakeHarness, openFake } from '../support/fake-harness.js';

const charge = defineActivity({
  name: 'OrderActivities.charge',
  version: '1.0',
  description: 'Charges an order',
  heartbeatTimeoutMs: 60_000,
  startToCloseTimeoutMs: 300_500,
  handler: async () => 'ok',
});
const plain = defineActivity({ name: 'plain', version: '1', handler: async () => 'ok' });

describe('registerActivityTypes', () => {
  let swf: FakeHarness;
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
      warn: (message: string) => warnings.push(message),
    };
    return { warnings, settings };
  }

  const describeType = (name: string, version: string) =>
    swf.client.send(
      new DescribeActivityTypeCommand({ domain: 'shop', activityType: { name, version } }),
    );

  it("registers each type with its timeouts, description and the worker's task list", async () => {
    const { warnings, settings } = await open();
    await registerActivityTypes(swf.client, [charge, plain], settings);
    const described = await describeType('OrderActivities.charge', '1.0');
    expect(described.typeInfo?.description).toBe('Charges an order');
    expect(described.configuration).toMatchObject({
      defaultTaskList: { name: 'orders' },
      defaultTaskHeartbeatTimeout: '60',
      defaultTaskStartToCloseTimeout: '301', // rounded up to SWF's whole seconds
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
      }),
    );
    await registerActivityTypes(swf.client, [charge], settings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('OrderActivities.charge@1.0');
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
    expect(warnings).toEqual([expect.stringMatching(/plain@1 is deprecated in domain shop/)]);
  });

  it('rejects with an error naming the type and domain for any other failure', async () => {
    const { settings } = await open();
    const failing = registerActivityTypes(swf.client, [plain], { ...settings, domain: 'nowhere' });
    await expect(failing).rejects.toBeInstanceOf(ActivityTypeRegistrationError);
    await expect(failing).rejects.toThrow(
      /Registering activity type plain@1 in domain nowhere failed: UnknownResourceFault/,
    );
  });
});
