/**
 * Network blips shorter than the heartbeat timeout, over real sockets: every task whose handler
 * finished during the blip must be ActivityTaskCompleted in the history, never timed out.
 */
import { defineActivity } from 'swf-activity-worker';
import { OpenTelemetryInterceptor } from 'swf-activity-worker/otel';
import { describe, it } from 'vitest';
import { createTelemetry } from '../../otel/support/telemetry.js';
import {
  DOMAIN,
  gate,
  LOAD_RETRIES,
  measure,
  openNetworkRig,
  TASK_LIST,
  until,
} from '../support/network-rig.js';

const RESPONSES = [
  'RespondActivityTaskCompleted',
  'RespondActivityTaskFailed',
  'RespondActivityTaskCanceled',
];
const TASKS = 3;

interface Blip {
  readonly heartbeatTimeoutSeconds: number;
  readonly blipMs: number;
  /** What the blip does to the calls it catches. */
  readonly kind: 'blackHole' | 'dropAnswer' | 'reset';
  /** Which calls it catches. */
  readonly of: 'everything' | 'the responses';
  /**
   * The worker's interceptors: none, or the OpenTelemetry interceptor with the real SDK's
   * providers, whose task spans must then tell the same story as the history.
   */
  readonly with: 'no interceptor' | 'OpenTelemetry';
}

const BLIPS: readonly Blip[] = [
  {
    heartbeatTimeoutSeconds: 3,
    blipMs: 1_500,
    kind: 'blackHole',
    of: 'everything',
    with: 'no interceptor',
  },
  {
    heartbeatTimeoutSeconds: 3,
    blipMs: 2_000,
    kind: 'blackHole',
    of: 'the responses',
    with: 'no interceptor',
  },
  {
    heartbeatTimeoutSeconds: 10,
    blipMs: 2_000,
    kind: 'blackHole',
    of: 'everything',
    with: 'OpenTelemetry',
  },
  {
    heartbeatTimeoutSeconds: 10,
    blipMs: 2_000,
    kind: 'blackHole',
    of: 'the responses',
    with: 'no interceptor',
  },
  // SWF takes the response, the answer is lost: the retry meets a task already closed.
  {
    heartbeatTimeoutSeconds: 3,
    blipMs: 2_000,
    kind: 'dropAnswer',
    of: 'the responses',
    with: 'no interceptor',
  },
  {
    heartbeatTimeoutSeconds: 3,
    blipMs: 2_000,
    kind: 'reset',
    of: 'everything',
    with: 'OpenTelemetry',
  },
];

/** Declares these scenarios (run them inside a concurrent suite). */
export function blipScenarios(): void {
  describe('a network blip shorter than the heartbeat timeout', () => {
    it.for(BLIPS)(
      'loses no finished result: $kind of $of for $blipMs ms, heartbeat timeout $heartbeatTimeoutSeconds s, $with',
      { timeout: 90_000, retry: LOAD_RETRIES },
      async (blip, { expect, onTestFailed, onTestFinished }) => {
        const rig = await openNetworkRig({ onTestFailed });
        onTestFinished(() => rig.close());
        const telemetry = blip.with === 'OpenTelemetry' ? createTelemetry() : undefined;
        onTestFinished(() => telemetry?.shutdown());
        const finishing = gate();
        const finishedAt = new Map<string, number>();
        const activity = defineActivity<{ afterMs: number }, { id: string }>({
          name: 'finishes-in-a-blip',
          version: '1',
          async handler(input, ctx) {
            await finishing.opened;
            await ctx.sleep(input.afterMs);
            finishedAt.set(ctx.task.activityId, Date.now());
            return { id: ctx.task.activityId };
          },
        });
        const tasks = Array.from({ length: TASKS }, (_, index) =>
          rig.fake.scheduleActivityTask({
            domain: DOMAIN,
            taskList: TASK_LIST,
            activityType: activity,
            activityId: `blip-${index}`,
            input: JSON.stringify({ afterMs: 100 + index * 200 }),
            heartbeatTimeout: blip.heartbeatTimeoutSeconds,
            startToCloseTimeout: 300,
          }),
        );
        const { of, worker } = rig.startWorker({
          activities: [activity],
          interceptors:
            telemetry === undefined
              ? []
              : [
                  new OpenTelemetryInterceptor({
                    tracerProvider: telemetry.tracerProvider,
                    meterProvider: telemetry.meterProvider,
                  }),
                ],
        });
        await until(() => of('taskStarted').length === TASKS, 'every task started');

        // The blip begins right after each task's latest heartbeat was acknowledged, so that a
        // heartbeat timeout longer than the blip leaves the worker the rest of it to recover.
        const startedAt = Date.now();
        const acknowledged = (activityId: string) =>
          rig.proxy.calls.some(
            (call) =>
              call.operation === 'RecordActivityTaskHeartbeat' &&
              call.outcome === 'answered' &&
              (call.settledAt ?? 0) > startedAt &&
              call.taskToken !== undefined &&
              tokenOf(activityId) === call.taskToken,
          );
        const tokenOf = (activityId: string) =>
          of('taskStarted').find((event) => event.task.activityId === activityId)?.task.taskToken;
        if (blip.of === 'everything') {
          await until(
            () => tasks.every((task) => acknowledged(task.activityId)),
            'a heartbeat of every task was acknowledged',
          );
        }
        const fault = rig.proxy.inject({
          kind: blip.kind,
          forMs: blip.blipMs,
          ...(blip.of === 'everything' ? {} : { operations: RESPONSES }),
        });
        finishing.open();

        await until(
          () => tasks.every((task) => rig.closeOf(task) !== undefined),
          'every task closed',
          60_000,
        );
        await fault.ended;
        // The worker is done with every task: reported, or found closed by the response whose
        // answer it never heard.
        await until(() => worker.tasksInFlight === 0, 'the worker is done with the tasks', 30_000);
        const closes = tasks.map((task) => ({
          activityId: task.activityId,
          closes: rig.closesOf(task).map((event) => event.eventType),
          result: rig.closeOf(task)?.activityTaskCompletedEventAttributes?.result,
        }));
        // When SWF accepted each response (its answer may have been lost on the way back).
        const respondedAt = tasks.map(
          (task) =>
            rig.proxy.calls.findLast(
              (call) =>
                call.operation === 'RespondActivityTaskCompleted' &&
                call.status === 200 &&
                call.taskToken === tokenOf(task.activityId),
            )?.settledAt ?? Number.NaN,
        );
        measure('blip', {
          ...blip,
          completed: closes.filter((close) => close.closes[0] === 'ActivityTaskCompleted').length,
          of: TASKS,
          lastAcceptedAfterBlipMs: Math.max(...respondedAt) - (fault.endedAt ?? 0),
        });
        expect(finishedAt.size).toBe(TASKS);
        // Every handler finished during the blip, and its first response met the fault.
        for (const at of finishedAt.values()) expect(at).toBeLessThan(fault.endedAt ?? 0);
        expect(fault.hits).toBeGreaterThanOrEqual(TASKS);
        expect(closes).toEqual(
          tasks.map((task) => ({
            activityId: task.activityId,
            closes: ['ActivityTaskCompleted'],
            result: JSON.stringify({ id: task.activityId }),
          })),
        );
        if (telemetry !== undefined) {
          // One ended span per task: completed, with the heartbeats SWF acknowledged before the
          // blip, and no failed response or vanished task among its events.
          const taskSpans = telemetry
            .spans()
            .filter((span) => span.attributes['swf.activity_id'] !== undefined)
            .map((span) => ({
              activityId: span.attributes['swf.activity_id'],
              outcome: span.attributes['swf.outcome'],
              beat: Number(span.attributes['swf.heartbeat_count']) >= 1,
              failures: span.events
                .map((event) => event.name)
                .filter((name) => name === 'swf.respond_failed' || name === 'swf.task_gone'),
            }))
            .sort((a, b) => String(a.activityId).localeCompare(String(b.activityId)));
          expect(taskSpans).toEqual(
            tasks.map((task) => ({
              activityId: task.activityId,
              outcome: 'completed',
              beat: true,
              failures: [],
            })),
          );
        }
      },
    );
  });
}
