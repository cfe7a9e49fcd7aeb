/**
 * A worker serving a Java Flow decider's activities, through the real SWFClient against the
 * fake: the input is written by Flow's converter on the real Jackson, and what the worker
 * reports (in the history, as a decider reads it) is parsed back by the same converter as the
 * declared return types and as Java exceptions.
 */
import { defineActivity } from 'swf-activity-worker';
import { javaClassOf, javaFlowCodec } from 'swf-activity-worker/interop';
import { describe, expect, it } from 'vitest';
import { useWorkerHarness } from '../worker/support/harness.js';
import { flowJackson, flowToData } from './support/flow-jackson.js';

interface Order {
  readonly id: string;
  readonly qty: number;
  readonly shipTo: { readonly city: string };
}

class CardDeclined extends Error {}

const exceptionClass = (error: unknown) =>
  error instanceof CardDeclined ? 'com.acme.CardDeclinedException' : 'java.lang.RuntimeException';

const describeOrder = defineActivity({
  name: 'OrderActivities.describe',
  version: '1.0',
  codec: javaFlowCodec({
    parameters: ['com.acme.Order', 'java.lang.String'],
    returns: 'java.lang.String',
  }),
  async handler([order, note]: [Order, string | null]) {
    return `${javaClassOf(order)} ${order.id} x${order.qty} to ${order.shipTo.city}: ${note}`;
  },
});

const reprice = defineActivity({
  name: 'OrderActivities.reprice',
  version: '1.0',
  codec: javaFlowCodec({
    parameters: ['com.acme.Order'],
    returns: 'com.acme.Order',
    exceptionClass,
  }),
  async handler([order]: [Order]) {
    return { ...order, qty: order.qty + 1 };
  },
});

const charge = defineActivity({
  name: 'OrderActivities.charge',
  version: '1.0',
  codec: javaFlowCodec({
    parameters: ['java.lang.String', 'int'],
    returns: 'void',
    exceptionClass,
  }),
  async handler([orderId, cents]) {
    throw new CardDeclined(`card declined for ${orderId} (${cents})`, {
      cause: new Error('issuer unavailable'),
    });
  },
});

const wait = defineActivity({
  name: 'OrderActivities.wait',
  version: '1.0',
  codec: javaFlowCodec({ returns: 'void' }),
  async handler(_args, ctx) {
    await ctx.sleep(3_600_000);
  },
});

describe('a worker serving a Java Flow decider', () => {
  const open = useWorkerHarness('in-process');

  it("reads Flow's input and reports results and failures a Flow decider parses", async () => {
    const swf = await open();
    const [orderArgs] = await flowToData('args:order');
    const chargeArgs = '["[Ljava.lang.Object;",["o-1",1250]]';
    const schedule = (activityType: { name: string; version: string }, input: string) =>
      swf.fake.scheduleActivityTask({
        activityType,
        input,
        heartbeatTimeout: 60,
        startToCloseTimeout: 600,
      });
    const tasks = {
      describe: schedule(describeOrder, orderArgs ?? ''),
      reprice: schedule(reprice, orderArgs?.replace(',"note"', '') ?? ''),
      charge: schedule(charge, chargeArgs),
      badInput: schedule(charge, '["o-1",1250]'),
      canceled: schedule(wait, '["[Ljava.lang.Object;",[]]'),
    };
    const worker = swf.startWorker({ activities: [describeOrder, reprice, charge, wait] });
    await swf.clock.advance(5_000);
    swf.fake.requestActivityTaskCancel(tasks.canceled);
    await swf.advanceUntil(
      new Promise<void>((resolve) => {
        const check = () =>
          worker.of('taskResponded').length === 5 ? resolve() : setTimeout(check, 5);
        check();
      }),
      5_000,
      600_000,
    );
    const close = (task: (typeof tasks)[keyof typeof tasks]) =>
      swf.fake.activityTask(task).closeEvent;

    const described = close(tasks.describe)?.activityTaskCompletedEventAttributes?.result;
    const repriced = close(tasks.reprice)?.activityTaskCompletedEventAttributes?.result;
    const charged = close(tasks.charge)?.activityTaskFailedEventAttributes;
    const refused = close(tasks.badInput)?.activityTaskFailedEventAttributes;
    const canceled = close(tasks.canceled);
    expect(canceled?.eventType).toBe('ActivityTaskCanceled');
    expect(canceled?.activityTaskCanceledEventAttributes?.details).toBeUndefined();
    expect(charged?.reason).toBe('card declined for o-1 (1250)');

    const [describedValue, repricedValue, chargeError, refusedError] = await flowJackson([
      { op: 'fromData', type: 'java.lang.String', data: described ?? null },
      { op: 'fromData', type: 'com.acme.Order', data: repriced ?? null },
      { op: 'throwable', data: charged?.details ?? '' },
      { op: 'throwable', data: refused?.details ?? '' },
    ]);
    expect(describedValue?.value).toEqual({
      class: 'java.lang.String',
      value: 'com.acme.Order o-1 x3 to Lyon: note',
    });
    expect(repricedValue?.value).toMatchObject({
      class: 'com.acme.Order',
      fields: {
        qty: { value: 4 },
        tags: { class: 'java.util.ArrayList' },
        shipTo: { class: 'com.acme.Address', fields: { city: { value: 'Lyon' } } },
        codes: { class: '[Ljava.lang.String;' },
        total: { class: 'java.lang.Long', value: 5_000_000_000 },
        createdAt: { class: 'java.util.Date', value: 1_700_000_000_000 },
      },
    });
    expect(chargeError?.chain?.map((link) => [link.class, link.message])).toEqual([
      ['com.acme.CardDeclinedException', 'card declined for o-1 (1250)'],
      ['java.lang.RuntimeException', 'issuer unavailable'],
    ]);
    expect(refusedError?.chain?.[0]?.class).toBe('java.lang.RuntimeException');
    expect(refusedError?.chain?.[0]?.message).toMatch(
      /could not be decoded: .*AWS Flow Framework for Java's input format/,
    );
    expect(refused?.reason).toMatch(/could not be decoded/);
  });
});
