/**
 * What stands in front of the model: injected faults (errors, delays on the fake's clock,
 * dropped connections, repeatable random faults), the access policy (for calls and for
 * decisions), and SWF's throttling quotas on the manual clock.
 */
import {
  DescribeDomainCommand,
  ListDomainsCommand,
  OperationNotPermittedFault,
  RecordActivityTaskHeartbeatCommand,
  RegisterDomainCommand,
  type SWFClient,
  SWFServiceException,
  UnknownResourceFault,
} from '@aws-sdk/client-swf';
import type { AccessPolicy, FakeSwf } from 'swf-activity-worker/fake';
import { describe, expect, test } from 'vitest';
import { type FakeTransport, SCENARIO_TRANSPORTS, useFake } from '../../support/fake-harness.js';
import {
  completeWorkflow,
  DOMAIN,
  decide,
  historyOf,
  pollActivityTask,
  registerAll,
  registerDomain,
  rejectionOf,
  requestCancelActivity,
  scheduleActivity,
  startRun,
  startTimer,
} from '../../support/swf-scenario.js';

const describeDomain = (client: SWFClient) =>
  client.send(new DescribeDomainCommand({ name: DOMAIN }));

/** What the SDK sees of a dropped connection over `transport`. */
function expectDropped(transport: FakeTransport, error: unknown): void {
  expect(error).not.toBeInstanceOf(SWFServiceException);
  if (transport === 'msw') {
    // msw's default for a drop: its network error, a TypeError the SDK does not retry.
    expect(error).toBeInstanceOf(TypeError);
  } else {
    expect((error as { code?: string }).code).toBe('ECONNRESET');
  }
}

/** Schedules a task with the fake's convenience and polls it through the SDK. */
async function startedTask(fake: FakeSwf, client: SWFClient) {
  const reference = fake.scheduleActivityTask();
  const task = await pollActivityTask(client, 'default', 'fake');
  return { reference, task };
}

describe.each(SCENARIO_TRANSPORTS)('faults, policy and throttling over %s', (transport) => {
  const open = useFake(transport);

  describe('injected faults', () => {
    test('an error answers the next matching call, then the fault is spent', async () => {
      const { fake, client } = await open();
      await registerDomain(client);
      const fault = fake.faults.inject({
        operations: ['DescribeDomain'],
        error: 'InternalFailure',
      });
      await client.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
      const error = await rejectionOf(describeDomain(client));
      expect(error).toBeInstanceOf(SWFServiceException);
      expect((error as SWFServiceException).name).toBe('InternalFailure');
      expect((error as SWFServiceException).$metadata.httpStatusCode).toBe(500);
      expect(fault.hits).toBe(1);
      await describeDomain(client);
      expect(fault.hits).toBe(1);
    });

    test('a modeled fault raises its SDK exception class, with the given message', async () => {
      const { fake, client } = await open();
      const { task } = await startedTask(fake, client);
      fake.faults.inject({
        operations: ['RecordActivityTaskHeartbeat'],
        error: 'UnknownResourceFault',
        message: 'gone, as far as you know',
        times: 2,
      });
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await rejectionOf(
          client.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken })),
        );
        expect(error).toBeInstanceOf(UnknownResourceFault);
        expect((error as Error).message).toBe('gone, as far as you know');
      }
      await client.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken }));
    });

    test('a delay holds the call on the fake clock', async () => {
      const { fake, clock, client } = await open();
      await registerDomain(client);
      fake.faults.inject({ operations: ['DescribeDomain'], delayMs: 5_000 });
      let settled = false;
      const call = describeDomain(client).finally(() => {
        settled = true;
      });
      await clock.advance(4_999);
      expect(settled).toBe(false);
      await clock.advance(1);
      expect((await call).domainInfo?.name).toBe(DOMAIN);
    });

    test('a request dropped before the call takes effect changes nothing', async () => {
      const { fake, client } = await open();
      fake.faults.inject({ operations: ['RegisterDomain'], drop: 'request' });
      const error = await rejectionOf(registerDomain(client));
      expectDropped(transport, error);
      const error2 = await rejectionOf(describeDomain(client));
      expect(error2).toBeInstanceOf(UnknownResourceFault);
    });

    test('a response dropped after the call took effect leaves its effect', async () => {
      const { fake, client } = await open();
      const { reference, task } = await startedTask(fake, client);
      fake.faults.inject({ operations: ['RecordActivityTaskHeartbeat'], drop: 'response' });
      const error = await rejectionOf(
        client.send(
          new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken, details: 'seen' }),
        ),
      );
      expectDropped(transport, error);
      expect(fake.activityTask(reference).lastHeartbeatDetails).toBe('seen');
      fake.faults.inject({ operations: ['RegisterDomain'], drop: 'response' });
      await rejectionOf(
        client.send(
          new RegisterDomainCommand({ name: 'other', workflowExecutionRetentionPeriodInDays: '1' }),
        ),
      );
      expect(
        (await client.send(new DescribeDomainCommand({ name: 'other' }))).domainInfo?.status,
      ).toBe('REGISTERED');
    });

    test('random faults with a seed hit the same calls every run', async () => {
      const pattern = async () => {
        const { fake, client } = await open();
        await registerDomain(client);
        fake.faults.inject({
          operations: ['DescribeDomain'],
          error: 'ServiceUnavailable',
          probability: 0.5,
          seed: 2026,
        });
        const outcomes: string[] = [];
        for (let call = 0; call < 16; call++) {
          const outcome = await describeDomain(client).then(
            () => 'ok',
            (error: unknown) => (error as Error).name,
          );
          outcomes.push(outcome);
        }
        return outcomes;
      };
      const first = await pattern();
      expect(await pattern()).toEqual(first);
      expect(first).toContain('ok');
      expect(first).toContain('ServiceUnavailable');
    });

    test('a removed fault hits nothing more', async () => {
      const { fake, client } = await open();
      await registerDomain(client);
      const fault = fake.faults.inject({ error: 'InternalFailure', times: 100 });
      await rejectionOf(describeDomain(client));
      fault.remove();
      await describeDomain(client);
      expect(fault.hits).toBe(1);
    });
  });

  describe('access policy', () => {
    test('a denied call is an OperationNotPermittedFault; the rest go on', async () => {
      const { fake, client } = await open();
      const { task } = await startedTask(fake, client);
      fake.accessPolicy = [
        { effect: 'Allow', actions: ['*'] },
        { effect: 'Deny', actions: ['swf:RecordActivityTaskHeartbeat'], domains: ['fake'] },
      ];
      const error = await rejectionOf(
        client.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken })),
      );
      expect(error).toBeInstanceOf(OperationNotPermittedFault);
      expect((error as OperationNotPermittedFault).$metadata.httpStatusCode).toBe(400);
      await client.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
      fake.accessPolicy = undefined;
      await client.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken }));
    });

    test('a policy that allows nothing denies everything, per domain', async () => {
      const { fake, client } = await open({
        fake: {
          accessPolicy: [{ effect: 'Allow', actions: ['RegisterDomain', 'DescribeDomain'] }],
        },
      });
      await registerDomain(client);
      await describeDomain(client);
      expect(
        await rejectionOf(
          client.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' })),
        ),
      ).toBeInstanceOf(OperationNotPermittedFault);
      fake.accessPolicy = [{ effect: 'Allow', actions: ['*'], domains: ['elsewhere'] }];
      expect(await rejectionOf(describeDomain(client))).toBeInstanceOf(OperationNotPermittedFault);
    });

    const denied: AccessPolicy = [
      { effect: 'Allow', actions: ['*'] },
      {
        effect: 'Deny',
        actions: [
          'ScheduleActivityTask',
          'RequestCancelActivityTask',
          'StartTimer',
          'CancelTimer',
          'RecordMarker',
          'CompleteWorkflowExecution',
        ],
        domains: [DOMAIN],
      },
    ];

    test('denied decisions record their failure events with cause OPERATION_NOT_PERMITTED', async () => {
      const { fake, client } = await open();
      await registerAll(client);
      const run = await startRun(client, 'order-1');
      fake.accessPolicy = denied;
      await decide(client, [
        scheduleActivity('a'),
        requestCancelActivity('a'),
        startTimer('t', 5),
        { decisionType: 'CancelTimer', cancelTimerDecisionAttributes: { timerId: 't' } },
        { decisionType: 'RecordMarker', recordMarkerDecisionAttributes: { markerName: 'm' } },
        completeWorkflow(),
      ]);
      const events = await historyOf(client, run);
      const failures = events
        .filter((event) => event.eventType?.endsWith('Failed'))
        .map((event) => {
          const attributes = Object.entries(event).find(([key]) =>
            key.endsWith('EventAttributes'),
          )?.[1] as { cause?: string } | undefined;
          return [event.eventType, attributes?.cause];
        });
      expect(failures).toEqual([
        ['ScheduleActivityTaskFailed', 'OPERATION_NOT_PERMITTED'],
        ['RequestCancelActivityTaskFailed', 'OPERATION_NOT_PERMITTED'],
        ['StartTimerFailed', 'OPERATION_NOT_PERMITTED'],
        ['CancelTimerFailed', 'OPERATION_NOT_PERMITTED'],
        ['RecordMarkerFailed', 'OPERATION_NOT_PERMITTED'],
        ['CompleteWorkflowExecutionFailed', 'OPERATION_NOT_PERMITTED'],
      ]);
      expect(events.at(-1)?.eventType).toBe('DecisionTaskScheduled');
    });
  });

  describe('throttling', () => {
    test('RecordActivityTaskHeartbeat: a bucket of 2000, refilled at 160 per second', async () => {
      const { fake, clock, client } = await open({ fake: { throttling: true } });
      const { task } = await startedTask(fake, client);
      const heartbeat = () =>
        client.send(new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken }));
      const isThrottled = async () => {
        const error = await heartbeat().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        if (error === undefined) return false;
        expect(error).toBeInstanceOf(SWFServiceException);
        expect((error as SWFServiceException).name).toBe('ThrottlingException');
        expect((error as SWFServiceException).$metadata.httpStatusCode).toBe(400);
        return true;
      };
      // Spend most of the bucket straight on the service, the last calls through the transport.
      for (let call = 0; call < 1990; call++) {
        await fake.handle('RecordActivityTaskHeartbeat', { taskToken: task.taskToken });
      }
      for (let call = 0; call < 10; call++) expect(await isThrottled()).toBe(false);
      expect(await isThrottled()).toBe(true);

      await clock.advance(7); // 7 ms at 160/s: one token
      expect(await isThrottled()).toBe(false);
      expect(await isThrottled()).toBe(true);

      await clock.advance(1_000); // 160 more
      for (let call = 0; call < 159; call++) {
        await fake.handle('RecordActivityTaskHeartbeat', { taskToken: task.taskToken });
      }
      expect(await isThrottled()).toBe(false);
      expect(await isThrottled()).toBe(true);
    });

    test('an idle bucket refills to its size and no further', async () => {
      const { fake, clock, client } = await open({
        fake: { throttling: { DescribeDomain: { bucketSize: 3, refillPerSecond: 1 } } },
      });
      await registerDomain(client);
      for (let call = 0; call < 3; call++) await describeDomain(client);
      expect(((await rejectionOf(describeDomain(client))) as Error).name).toBe(
        'ThrottlingException',
      );
      await clock.advance(3_600_000);
      for (let call = 0; call < 3; call++) await describeDomain(client);
      expect(((await rejectionOf(describeDomain(client))) as Error).name).toBe(
        'ThrottlingException',
      );
      expect(fake.callCount('DescribeDomain')).toBe(8);
    });

    test('decision quotas fail the decision with its RATE_EXCEEDED cause', async () => {
      const { client } = await open({
        fake: {
          throttling: {
            ScheduleActivityTask: { bucketSize: 1, refillPerSecond: 1 },
            StartTimer: { bucketSize: 1, refillPerSecond: 1 },
          },
        },
      });
      await registerAll(client);
      const run = await startRun(client, 'order-1');
      await decide(client, [
        scheduleActivity('a'),
        scheduleActivity('b'),
        startTimer('t1', 5),
        startTimer('t2', 5),
      ]);
      const events = await historyOf(client, run);
      const failed = events.filter((event) => event.eventType?.endsWith('Failed'));
      expect(failed.map((event) => event.eventType)).toEqual([
        'ScheduleActivityTaskFailed',
        'StartTimerFailed',
      ]);
      expect(failed[0]?.scheduleActivityTaskFailedEventAttributes).toMatchObject({
        activityId: 'b',
        cause: 'ACTIVITY_CREATION_RATE_EXCEEDED',
      });
      expect(failed[1]?.startTimerFailedEventAttributes).toMatchObject({
        timerId: 't2',
        cause: 'TIMER_CREATION_RATE_EXCEEDED',
      });
    });
  });
});
