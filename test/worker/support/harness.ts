import { SWFClient, type SWFClientConfig } from '@aws-sdk/client-swf';
import { setupServer } from 'msw/node';
import {
  ActivityWorker,
  type ActivityWorkerOptions,
  silentLogger,
  WORKER_EVENT_TYPES,
  type WorkerEvent,
  type WorkerEventType,
} from 'swf-activity-worker';
import {
  createInProcessClient,
  FakeSwf,
  type FakeSwfOptions,
  ManualClock,
} from 'swf-activity-worker/fake';
import { createSwfHandlers } from 'swf-activity-worker/msw';

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

export async function createWorkerHarness(
  transport: WorkerTransport,
  fakeOptions: Omit<FakeSwfOptions, 'clock'> = {},
  clientConfig: SWFClientConfig = { maxAttempts: 1 },
): Promise<WorkerHarness> {
  const clock = new ManualClock();
  const fake = new FakeSwf({ pollTimeoutMs: 60_000, ...fakeOptions, clock });
  let client: SWFClient;
  let closeTransport = (): void => {};
  if (transport === 'in-process') {
    client = createInProcessClient(fake, clientConfig);
  } else {
    const server = setupServer(...createSwfHandlers(fake));
    server.listen({ onUnhandledRequest: 'error' });
    client = new SWFClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
      ...clientConfig,
    });
    closeTransport = () => server.close();
  }
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
        workers.map(async ({ worker, running }) => {
          await worker.shutdown({ graceMs: 0 });
          await running;
        }),
      );
      await advanceUntil(stopping, 5_000);
      fake.close();
      client.destroy();
      closeTransport();
    },
  };
}
