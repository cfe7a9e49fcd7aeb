import type { SWFClient, SWFClientConfig } from '@aws-sdk/client-swf';
import {
  ActivityWorker,
  type ActivityWorkerOptions,
  silentLogger,
  WORKER_EVENT_TYPES,
  type WorkerEvent,
  type WorkerEventType,
} from 'swf-activity-worker';
import type { FakeSwf, FakeSwfOptions, ManualClock } from 'swf-activity-worker/fake';
import { afterEach } from 'vitest';
import { openFake } from '../../support/fake-harness.js';

/** The ways the worker under test reaches the fake. */
export const WORKER_TRANSPORTS = ['in-process', 'msw'] as const;
export type WorkerTransport = (typeof WORKER_TRANSPORTS)[number];

/** A worker under test and the events it emitted. */
export interface WorkerUnderTest {
  readonly worker: ActivityWorker;
  readonly running: Promise<void>;
  readonly events: WorkerEvent[];
  /** The events of one type. */
  of<Type extends WorkerEventType>(type: Type): Extract<WorkerEvent, { type: Type }>[];
}

/** A fake SWF on a manual clock, reached over one transport, and the workers started on it. */
export interface WorkerHarness {
  readonly fake: FakeSwf;
  readonly clock: ManualClock;
  readonly client: SWFClient;
  startWorker(
    options: Pick<ActivityWorkerOptions, 'activities'> & Partial<ActivityWorkerOptions>,
  ): WorkerUnderTest;
  /** Moves the clock in steps until `promise` settles (or `maxMs` of fake time passed). */
  advanceUntil<T>(promise: Promise<T>, stepMs?: number, maxMs?: number): Promise<T>;
  /** Shuts every worker down, lets them finish, and closes the fake and the client. */
  close(): Promise<void>;
}

/**
 * A fake on a manual clock with a client through `transport` (see `openFake`; one attempt per
 * call unless `clientConfig` says otherwise), for workers in domain `fake`, task list `default`.
 */
export async function createWorkerHarness(
  transport: WorkerTransport,
  fakeOptions: Omit<FakeSwfOptions, 'clock'> = {},
  clientConfig: SWFClientConfig = {},
): Promise<WorkerHarness> {
  const opened = await openFake(transport, { fake: fakeOptions, client: clientConfig });
  const { fake, clock, client } = opened;
  const workers: WorkerUnderTest[] = [];

  const advanceUntil = async <T>(promise: Promise<T>, stepMs = 1000, maxMs = 3_600_000) => {
    let settled = false;
    const watched = promise.finally(() => {
      settled = true;
    });
    for (let elapsed = 0; !settled && elapsed < maxMs; elapsed += stepMs) {
      await clock.advance(stepMs);
    }
    if (!settled) throw new Error(`still pending after ${maxMs} ms of fake time`);
    return watched;
  };

  return {
    fake,
    clock,
    client,
    advanceUntil,
    startWorker(options) {
      const events: WorkerEvent[] = [];
      const worker = new ActivityWorker({
        client,
        clock,
        domain: 'fake',
        taskList: 'default',
        logger: silentLogger,
        ...options,
      });
      for (const type of WORKER_EVENT_TYPES) worker.on(type, (event) => events.push(event));
      const running = worker.run();
      const started: WorkerUnderTest = {
        worker,
        running,
        events,
        of: (type) => events.filter((event) => event.type === type) as never,
      };
      workers.push(started);
      return started;
    },
    async close() {
      const stopping = Promise.all(
        workers.splice(0).map(async ({ worker, running }) => {
          await worker.shutdown({ graceMs: 0 });
          // A run that rejected (a configuration error) was the test's to check.
          await running.catch(() => {});
        }),
      );
      await advanceUntil(stopping, 5_000);
      await opened.cleanup();
    },
  };
}

/**
 * For use inside a `describe`: opens worker harnesses over `transport` and closes every one of
 * them after each test.
 */
export function useWorkerHarness(
  transport: WorkerTransport,
): (
  fakeOptions?: Omit<FakeSwfOptions, 'clock'>,
  clientConfig?: SWFClientConfig,
) => Promise<WorkerHarness> {
  const opened: WorkerHarness[] = [];
  afterEach(async () => {
    for (const harness of opened.splice(0)) await harness.close();
  });
  return async (fakeOptions, clientConfig) => {
    const harness = await createWorkerHarness(transport, fakeOptions, clientConfig);
    opened.push(harness);
    return harness;
  };
}
