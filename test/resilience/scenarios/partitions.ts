/**
 * Partitions longer than the heartbeat timeout, over real sockets: SWF times the task out, so
 * the worker must stop it locally (its signal aborts with TaskGoneError within the heartbeat
 * timeout plus a second of the last acknowledged heartbeat), send nothing more for it, and free
 * its slot, even when the handler ignores its signal. Also the local start-to-close deadline of
 * a handler that ignores it.
 */
import { defineActivity, TaskGoneError } from 'swf-activity-worker';
import { describe, it } from 'vitest';
import {
  DOMAIN,
  delay,
  eventually,
  LOAD_RETRIES,
  measure,
  openNetworkRig,
  TASK_LIST,
  until,
} from '../support/network-rig.js';

/**
 * Extra time the worker may take, beyond the heartbeat timeout, to abort a task SWF dropped:
 * the safety margin it awaits the answer to a heartbeat in flight at the deadline (a second
 * for timeouts of 10 s and more), and 100 ms for timers and the event loop.
 */
const ABORT_MARGIN_MS = 1_100;
/**
 * How much earlier than a heartbeat timeout after the last beat reached SWF the abort may come:
 * the worker counts from when it sent the beat (it cannot know when SWF got it), which on a
 * loaded machine may be some way before the beat reached the proxy.
 */
const EARLY_TOLERANCE_MS = 500;
const ABORT_WAIT_MS = 1_000;

interface Partition {
  readonly heartbeatTimeoutSeconds: number;
  readonly partitionMs: number;
  readonly handler: 'stops when told' | 'ignores its signal';
}

const PARTITIONS: readonly Partition[] = [
  { heartbeatTimeoutSeconds: 3, partitionMs: 7_000, handler: 'stops when told' },
  { heartbeatTimeoutSeconds: 3, partitionMs: 7_000, handler: 'ignores its signal' },
  { heartbeatTimeoutSeconds: 10, partitionMs: 13_000, handler: 'stops when told' },
];

/** Declares these scenarios (run them inside a concurrent suite). */
export function partitionScenarios(): void {
  describe('a partition longer than the heartbeat timeout', () => {
    it.for(PARTITIONS)(
      'aborts a task SWF timed out, sends nothing for it, frees its slot (heartbeat timeout $heartbeatTimeoutSeconds s, handler that $handler)',
      { timeout: 60_000, retry: LOAD_RETRIES },
      async (partition, { expect, onTestFailed, onTestFinished }) => {
        const rig = await openNetworkRig({ onTestFailed });
        onTestFinished(() => rig.close());
        let abortedAt: number | undefined;
        let abortReason: unknown;
        const activity = defineActivity({
          name: 'cut-off',
          version: '1',
          handler: (_input: unknown, ctx) =>
            new Promise<never>((_resolve, reject) => {
              ctx.signal.addEventListener('abort', () => {
                abortedAt = Date.now();
                abortReason = ctx.signal.reason;
                if (partition.handler === 'stops when told') reject(ctx.signal.reason);
              });
            }),
        });
        const task = rig.fake.scheduleActivityTask({
          domain: DOMAIN,
          taskList: TASK_LIST,
          activityType: activity,
          heartbeatTimeout: partition.heartbeatTimeoutSeconds,
          startToCloseTimeout: 600,
        });
        const started = rig.startWorker({
          activities: [activity],
          maxConcurrentTasks: 1,
          abortWaitMs: ABORT_WAIT_MS,
        });
        await until(() => started.of('taskStarted').length === 1, 'the task started');
        const token = started.of('taskStarted')[0]?.task.taskToken;
        const beats = () =>
          rig.proxy.calls.filter(
            (call) => call.operation === 'RecordActivityTaskHeartbeat' && call.taskToken === token,
          );
        await until(
          () => beats().some((call) => call.outcome === 'answered'),
          'a heartbeat was acknowledged',
        );

        const fault = rig.proxy.blackHole(partition.partitionMs);
        const partitionStartedAt = Date.now();
        const acknowledged = beats().filter((call) => call.outcome === 'answered');
        const lastAcknowledgedAt = Math.max(...acknowledged.map((call) => call.settledAt ?? 0));
        const lastBeatArrivedAt = Math.max(...acknowledged.map((call) => call.arrivedAt));
        const heartbeatTimeoutMs = partition.heartbeatTimeoutSeconds * 1000;
        await until(
          () => abortedAt !== undefined,
          'the signal aborted',
          heartbeatTimeoutMs + partition.partitionMs,
        );
        const abortAfterMs = (abortedAt ?? 0) - lastAcknowledgedAt;
        // The slot is free again, whether or not the handler stopped.
        const slotFreed = await eventually(() => started.worker.tasksInFlight === 0, 10_000);
        const slotFreedAfterMs = slotFreed ? Date.now() - lastAcknowledgedAt : Number.NaN;
        await fault.ended;
        // After the network heals: nothing more is sent for the task.
        await delay(1_500);
        const sentAfterAbort = rig.proxy.calls.filter(
          (call) => call.taskToken === token && call.arrivedAt > (abortedAt ?? 0),
        );

        measure('partition', {
          ...partition,
          partitionStartedAfterLastAckMs: partitionStartedAt - lastAcknowledgedAt,
          abortAfterLastAckMs: abortAfterMs,
          slotFreedAfterLastAckMs: slotFreedAfterMs,
          reason: abortReason instanceof Error ? abortReason.name : String(abortReason),
          sentAfterAbort: sentAfterAbort.length,
        });
        expect(abortReason).toBeInstanceOf(TaskGoneError);
        expect(abortedAt).toBeLessThan(fault.endedAt ?? 0);
        expect((abortedAt ?? 0) - lastBeatArrivedAt).toBeGreaterThanOrEqual(
          heartbeatTimeoutMs - EARLY_TOLERANCE_MS,
        );
        expect(abortAfterMs).toBeLessThanOrEqual(heartbeatTimeoutMs + ABORT_MARGIN_MS);
        expect(rig.closeOf(task)?.activityTaskTimedOutEventAttributes?.timeoutType).toBe(
          'HEARTBEAT',
        );
        expect(slotFreed).toBe(true);
        expect(sentAfterAbort.map((call) => call.operation)).toEqual([]);
        expect(
          rig.proxy.calls
            .filter((call) => call.taskToken === token)
            .map((call) => call.operation)
            .filter((operation) => operation.startsWith('RespondActivityTask')),
        ).toEqual([]);
        if (partition.handler === 'ignores its signal') {
          expect(slotFreedAfterMs).toBeLessThanOrEqual(
            heartbeatTimeoutMs + ABORT_MARGIN_MS + ABORT_WAIT_MS + 1_000,
          );
          const warnings = started
            .of('warning')
            .filter((warning) => warning.task?.taskToken === token);
          expect(warnings.map((warning) => warning.message).join('\n')).toMatch(/cut-off/);
        }
      },
    );
  });

  describe('a handler that ignores its start-to-close deadline', () => {
    it('is given up abortWaitMs after the deadline: its slot runs the next task', {
      timeout: 60_000,
    }, async ({ expect, onTestFailed, onTestFinished }) => {
      const rig = await openNetworkRig({ onTestFailed });
      onTestFinished(() => rig.close());
      const activity = defineActivity<{ stuck: boolean }, string>({
        name: 'overstays',
        version: '1',
        handler: (input) => (input.stuck ? new Promise<never>(() => {}) : Promise.resolve('done')),
      });
      const stuck = rig.fake.scheduleActivityTask({
        domain: DOMAIN,
        taskList: TASK_LIST,
        activityType: activity,
        activityId: 'stuck',
        input: JSON.stringify({ stuck: true }),
        heartbeatTimeout: 'NONE',
        startToCloseTimeout: 4,
      });
      const next = rig.fake.scheduleActivityTask({
        domain: DOMAIN,
        taskList: TASK_LIST,
        activityType: activity,
        activityId: 'next',
        input: JSON.stringify({ stuck: false }),
        heartbeatTimeout: 'NONE',
        startToCloseTimeout: 60,
      });
      const started = rig.startWorker({
        activities: [activity],
        maxConcurrentTasks: 1,
        abortWaitMs: ABORT_WAIT_MS,
      });
      await until(() => started.of('taskStarted').length === 1, 'the first task started');
      const startedAt = Date.now();
      await until(() => rig.closeOf(next) !== undefined, 'the next task ran', 20_000);
      const nextAfterMs = Date.now() - startedAt;
      expect(rig.closeOf(next)?.eventType).toBe('ActivityTaskCompleted');
      // SWF's own timeout, 4 s; the worker gave up on the handler within abortWaitMs of its deadline.
      expect(nextAfterMs).toBeLessThanOrEqual(4_000 + ABORT_WAIT_MS + 1_500);
      expect(rig.closeOf(stuck)?.eventType).not.toBe('ActivityTaskCompleted');
      const warnings = started.of('warning').map((warning) => warning.message);
      expect(warnings.join('\n')).toMatch(/overstays/);
      measure('deadline-ignored', {
        nextTaskClosedAfterMs: nextAfterMs,
        abortWaitMs: ABORT_WAIT_MS,
      });
    });
  });
}
