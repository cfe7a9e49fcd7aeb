/**
 * Serving a decider written with the AWS Flow Framework for Java: the decider below schedules
 * activities and reads their outcomes exactly as Flow's generated activity client does (Flow's
 * JSON, Jackson type ids included), and a TypeScript worker serves them with `javaFlowCodec`.
 * The Java side it stands for:
 *
 * ```java
 * @Activities(version = "1.0")
 * public interface OrderActivities {
 *     Order reserve(Order order);
 *     String charge(String orderId, int cents) throws CardDeclinedException;
 * }
 *
 * // In the workflow: charges are retried on gateway trouble, never on a declined card.
 * @ExponentialRetry(initialRetryIntervalSeconds = 1, maximumAttempts = 3,
 *                   exceptionsToRetry = PaymentGatewayException.class)
 * public void charge(String orderId, int cents) { activities.charge(orderId, cents); }
 * ```
 *
 *   npm run example examples/interop/java-flow.ts
 */
import type { Decision, HistoryEvent } from '@aws-sdk/client-swf';
import { defineActivity } from 'swf-activity-worker';
import { javaClassOf, javaFlowCodec } from 'swf-activity-worker/interop';
import { type Decided, runInteropExample, scheduledActivityOf } from './support/replay-decider.js';

// ---- The TypeScript worker ------------------------------------------------------------------

/** com.acme.Order, as the codec hands it over: a plain object (its class stays reachable). */
interface Order {
  readonly id: string;
  readonly qty: number;
  readonly tags: readonly string[];
  readonly status: string | null;
}

class PaymentGatewayError extends Error {}
class CardDeclinedError extends Error {}

/** @ActivityRegistrationOptions(defaultTaskScheduleToStartTimeoutSeconds = 60, defaultTaskStartToCloseTimeoutSeconds = 60) */
const registration = {
  scheduleToStartTimeoutMs: 60_000,
  startToCloseTimeoutMs: 60_000,
  scheduleToCloseTimeoutMs: Number.POSITIVE_INFINITY,
};

const reserve = defineActivity({
  name: 'OrderActivities.reserve', // Flow's default: Interface.method
  version: '1.0',
  ...registration,
  codec: javaFlowCodec({ parameters: ['com.acme.Order'], returns: 'com.acme.Order' }),
  async handler([order]: [Order]) {
    console.log(`worker: reserving ${javaClassOf(order)} ${order.id} (${order.tags.join(', ')})`);
    return { ...order, status: 'RESERVED' };
  },
});

let gatewayCalls = 0;
// #region charge
// Java: String charge(String orderId, int cents) throws CardDeclinedException;
const charge = defineActivity({
  name: 'OrderActivities.charge', // Flow's type name: Interface.method
  version: '1.0',
  ...registration, // registered by the worker: the decider schedules with no timeouts
  codec: javaFlowCodec({
    parameters: ['java.lang.String', 'int'], // the handler's arguments: [string | null, number]
    returns: 'java.lang.String', // written as Flow's worker writes a String
    // Failures become these Java exceptions; the decider's retry policy matches on them.
    exceptionClass: (error) =>
      error instanceof CardDeclinedError
        ? 'com.acme.CardDeclinedException'
        : error instanceof PaymentGatewayError
          ? 'com.acme.PaymentGatewayException'
          : 'java.lang.IllegalStateException',
  }),
  async handler([orderId, cents]) {
    if (cents > 50_000) {
      throw new CardDeclinedError(`card declined for ${orderId}`, {
        cause: new Error(`${cents} cents is over the card's limit of 50000`),
      });
    }
    if (++gatewayCalls === 1) throw new PaymentGatewayError('the payment gateway timed out');
    return `ch_${orderId}`;
  },
});
// #endregion

// ---- The decider, as Flow's would be --------------------------------------------------------

/** Flow's JsonDataConverter writes `new Object[] { order }` so (Jackson's type ids included). */
const ORDER_ARGUMENTS =
  '["[Ljava.lang.Object;",[["com.acme.Order",{"id":"o-1","qty":2,"tags":["java.util.ArrayList",["gift","express"]],"status":null}]]]';

interface Call {
  readonly label: string;
  readonly activityType: { readonly name: string; readonly version: string };
  readonly input: string;
  /** The classes of @ExponentialRetry's exceptionsToRetry (none: not retried). */
  readonly exceptionsToRetry: readonly string[];
}

const CALLS: readonly Call[] = [
  { label: 'reserve(o-1)', activityType: reserve, input: ORDER_ARGUMENTS, exceptionsToRetry: [] },
  ...(
    [
      ['o-1', 1250],
      ['o-2', 99_999],
    ] as const
  ).map(([orderId, cents]) => ({
    label: `charge(${orderId})`,
    activityType: charge,
    input: `["[Ljava.lang.Object;",[${JSON.stringify(orderId)},${cents}]]`,
    exceptionsToRetry: ['com.acme.PaymentGatewayException'],
  })),
];
const MAXIMUM_ATTEMPTS = 3;

/**
 * How Flow's decider reads failure details: as a Throwable, `[className, {message, cause}]`,
 * which becomes the cause of an ActivityTaskFailedException. Free text would not parse (the
 * workflow would see a DataConverterException instead).
 */
function readThrowable(details: string | undefined): {
  className: string;
  message: string;
  chain: string;
} {
  const parse = (json: unknown): string[] => {
    if (!Array.isArray(json) || typeof json[0] !== 'string' || typeof json[1] !== 'object') {
      throw new Error(`DataConverterException: cannot read ${details} as a Throwable`);
    }
    const { message, cause } = json[1] as { message?: string; cause?: unknown };
    return [`${json[0]}: ${message}`, ...(cause ? parse(cause) : [])];
  };
  const chain = parse(JSON.parse(details ?? 'null'));
  const [top = ''] = chain;
  const className = top.slice(0, top.indexOf(':'));
  return { className, message: top, chain: chain.join(' <- caused by ') };
}

/** How Flow's decider reads a result: Jackson's JSON of the method's return type. */
function readResult(call: Call, result: string | undefined): string {
  const value = JSON.parse(result ?? 'null') as unknown;
  if (call.activityType === reserve) {
    // Order is a non-final class: Jackson reads ["com.acme.Order", {...}].
    const [className, fields] = value as [string, Record<string, unknown>];
    return `${className} ${JSON.stringify(fields)}`;
  }
  return JSON.stringify(value); // a String: a JSON string
}

const logged = new Set<number>();

function decide(history: readonly HistoryEvent[], taskList: string): Decided {
  const decisions: Decision[] = [];
  const report = (event: HistoryEvent, line: string) => {
    if (logged.has(event.eventId ?? 0)) return; // a replay: said already
    logged.add(event.eventId ?? 0);
    console.log(`decider: ${line}`);
  };
  // Flow numbers activities and timers in the order its workflow code asks for them.
  let nextId =
    history.filter((e) => e.eventType === 'ActivityTaskScheduled' || e.eventType === 'TimerStarted')
      .length + 1;
  let open = 0;
  for (const call of CALLS) {
    const scheduled = history.filter(
      (event) =>
        event.activityTaskScheduledEventAttributes?.activityType?.name === call.activityType.name &&
        event.activityTaskScheduledEventAttributes?.input === call.input,
    );
    const closes = history.filter((event) => {
      const attributes = scheduledActivityOf(history, event);
      return scheduled.some((s) => s.activityTaskScheduledEventAttributes === attributes);
    });
    const retryTimer = `retry-${call.label}-${scheduled.length}`;
    const timerStarted = history.some(
      (event) => event.timerStartedEventAttributes?.timerId === retryTimer,
    );
    const timerFired = history.some(
      (event) => event.timerFiredEventAttributes?.timerId === retryTimer,
    );
    const schedule = () =>
      decisions.push({
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityId: String(nextId++),
          activityType: { name: call.activityType.name, version: call.activityType.version },
          input: call.input,
          // ActivitySchedulingOptions name the task list; the timeouts are the type's defaults.
          taskList: { name: taskList },
        },
      });
    if (scheduled.length === 0) {
      schedule();
      open++;
      continue;
    }
    const last = closes.at(-1);
    if (last === undefined || closes.length < scheduled.length) {
      open++; // running
      continue;
    }
    if (last.eventType === 'ActivityTaskCompleted') {
      const result = readResult(call, last.activityTaskCompletedEventAttributes?.result);
      report(last, `${call.label} returned ${result}`);
      continue;
    }
    const failure = readThrowable(last.activityTaskFailedEventAttributes?.details);
    const retry =
      call.exceptionsToRetry.includes(failure.className) && scheduled.length < MAXIMUM_ATTEMPTS;
    report(
      last,
      `${call.label} attempt ${scheduled.length}: ActivityTaskFailedException, cause ${failure.chain}; ${retry ? 'retried in 1 s (in exceptionsToRetry)' : 'not retried'}`,
    );
    if (!retry) continue;
    open++;
    if (!timerStarted) {
      decisions.push({
        decisionType: 'StartTimer',
        startTimerDecisionAttributes: { timerId: retryTimer, startToFireTimeout: '1' },
      });
    } else if (timerFired) {
      schedule();
    }
  }
  return { decisions, open };
}

// ---- Run them together ----------------------------------------------------------------------

await runInteropExample({
  activities: [reserve, charge],
  taskList: 'orders',
  workflowId: 'orders-java-flow',
  decide,
});
