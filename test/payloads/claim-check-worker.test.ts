/** A claim-check codec in a real worker against the fake SWF: what a decider reads. */
import { defineActivity, jsonCodec } from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { claimCheck } from '../../src/claim-check/claim-check.js';
import { MemoryPayloadStore } from '../../src/claim-check/memory-payload-store.js';
import { readPointer, writePointer } from '../../src/claim-check/payload-pointer.js';
import type { PayloadStore } from '../../src/claim-check/payload-store.js';
import { useWorkerHarness } from '../worker/support/harness.js';

const serverError = () =>
  Object.assign(new Error('We encountered an internal error'), {
    name: 'InternalError',
    $metadata: { httpStatusCode: 500 },
  });

/** An activity whose result (50,000 characters) must go through `store`. */
function largeResultActivity(store: PayloadStore) {
  return defineActivity({
    name: 'activity',
    version: '1',
    codec: claimCheck(jsonCodec, { store }),
    handler: async () => 'z'.repeat(50_000),
  });
}

describe('claimCheck in a worker', () => {
  const open = useWorkerHarness('in-process');

  it('reads a pointed input before the handler runs, and stores a large result', async () => {
    const swf = await open();
    const store = new MemoryPayloadStore({ bucket: 'payloads' });
    const rows = Array.from({ length: 5000 }, (_, i) => ({ id: i, name: `row ${i}` }));
    store.objects.set('inputs/batch-7', JSON.stringify({ rows }));
    const input = writePointer('json', 'payloads', 'inputs/batch-7', JSON.stringify({ rows }));
    const task = swf.fake.scheduleActivityTask({
      heartbeatTimeout: 30,
      startToCloseTimeout: 600,
      input,
    });
    let received: unknown;
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      codec: claimCheck(jsonCodec, { store }),
      async handler(batch: { rows: { id: number; name: string }[] }) {
        received = batch;
        return { rows: batch.rows.map((row) => ({ ...row, done: true })) };
      },
    });
    swf.startWorker({ activities: [activity] });
    await swf.clock.advance(20_000);
    expect(received).toEqual({ rows });
    const result =
      swf.fake.activityTask(task).closeEvent?.activityTaskCompletedEventAttributes?.result;
    const pointer = readPointer(result ?? '');
    expect(pointer).toMatchObject({ format: 'json', bucket: 'payloads' });
    expect(JSON.parse(store.objects.get(pointer?.key ?? '') ?? '').rows).toHaveLength(5000);
  });

  it('retries a failing store while the heartbeats keep the task alive', async () => {
    const swf = await open();
    const inner = new MemoryPayloadStore();
    let failures = 0;
    const store: PayloadStore = {
      name: 's3://flaky/',
      bucket: inner.bucket,
      put: async (content, options) => {
        // Down for 40 s of the clock: longer than the 30 s heartbeat timeout.
        if (swf.clock.now() - startedAt < 40_000) {
          failures += 1;
          throw serverError();
        }
        return inner.put(content, options);
      },
      get: (key, options) => inner.get(key, options),
    };
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const startedAt = swf.clock.now();
    const activity = largeResultActivity(store);
    const worker = swf.startWorker({ activities: [activity] });
    await swf.clock.advance(90_000);
    const state = swf.fake.activityTask(task);
    expect(state.closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(failures).toBeGreaterThan(3);
    expect(worker.of('heartbeatSent').length).toBeGreaterThan(1);
    const key = readPointer(
      state.closeEvent?.activityTaskCompletedEventAttributes?.result ?? '',
    )?.key;
    expect(inner.objects.get(key ?? '')).toBe(JSON.stringify('z'.repeat(50_000)));
  });

  it('fails the task with a reason naming the store once its deadline passes; never cut', async () => {
    const swf = await open();
    const store: PayloadStore = {
      name: 's3://down-bucket/results/',
      bucket: 'down-bucket',
      put: async () => {
        throw serverError();
      },
      get: async () => {
        throw serverError();
      },
    };
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 120 });
    const activity = largeResultActivity(store);
    swf.startWorker({ activities: [activity] });
    await swf.clock.advance(180_000);
    const close = swf.fake.activityTask(task).closeEvent;
    // Retried until the local start-to-close deadline, then reported before SWF's timeout.
    expect(close?.eventType).toBe('ActivityTaskFailed');
    expect(close?.activityTaskFailedEventAttributes?.reason).toBe(
      'ResultEncodingError: The result could not be encoded for SWF: PayloadStoreError: Could not store a payload in the payload store s3://down-bucket/results/: InternalError: We encountered an internal error',
    );
    // The fake's history carries SWF's wire timestamps: seconds.
    const failedAt = Number(close?.eventTimestamp ?? 0);
    const startedAt = Number(
      swf.fake
        .history(task.domain, task.workflowExecution)
        .find((event) => event.eventType === 'ActivityTaskStarted')?.eventTimestamp ?? 0,
    );
    // Tried for most of the two minutes, not given up early.
    expect(failedAt - startedAt).toBeGreaterThan(100);
    expect(failedAt - startedAt).toBeLessThan(120);
  });

  it('fails the task at once, naming the store, for a permanent store error', async () => {
    const swf = await open();
    const store: PayloadStore = {
      name: 's3://locked-bucket/results/',
      bucket: 'locked-bucket',
      put: async () => {
        throw Object.assign(new Error('Access Denied'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      },
      get: async () => '',
    };
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const activity = largeResultActivity(store);
    swf.startWorker({ activities: [activity] });
    await swf.clock.advance(20_000);
    const failed = swf.fake.activityTask(task).closeEvent?.activityTaskFailedEventAttributes;
    expect(failed?.reason).toBe(
      'ResultEncodingError: The result could not be encoded for SWF: PayloadStoreError: Could not store a payload in the payload store s3://locked-bucket/results/: AccessDenied: Access Denied',
    );
  });

  it('fails the task with InputDecodingError naming the store when the input is missing', async () => {
    const swf = await open();
    const store = new MemoryPayloadStore({ bucket: 'payloads', keyPrefix: 'in/' });
    const input = writePointer('simpleflow', 'payloads', 'in/expired', '{}');
    const task = swf.fake.scheduleActivityTask({
      heartbeatTimeout: 30,
      startToCloseTimeout: 600,
      input,
    });
    let ran = false;
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      codec: claimCheck(jsonCodec, { store }),
      handler: async () => {
        ran = true;
      },
    });
    swf.startWorker({ activities: [activity] });
    await swf.clock.advance(20_000);
    expect(ran).toBe(false);
    const failed = swf.fake.activityTask(task).closeEvent?.activityTaskFailedEventAttributes;
    expect(failed?.reason).toMatch(
      /^InputDecodingError: The input of .* could not be decoded: PayloadStoreError: Could not read in\/expired from the payload store memory:\/\/payloads\/in\/: NoSuchKey/,
    );
  });
});
