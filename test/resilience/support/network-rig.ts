/**
 * A fake SWF on the system clock, served over HTTP on 127.0.0.1, reached by a real `SWFClient`
 * through a {@link FaultProxy}: the rig of the resilience tests, where time and sockets are real.
 */
import { SWFClient, type SWFClientConfig } from '@aws-sdk/client-swf';
import {
  ActivityWorker,
  type ActivityWorkerOptions,
  silentLogger,
  WORKER_EVENT_TYPES,
  type WorkerEvent,
  type WorkerEventOf,
  type WorkerEventType,
} from 'swf-activity-worker';
import {
  type ActivityTaskReference,
  FakeSwf,
  type FakeSwfOptions,
  type SwfHttpServer,
  startHttpServer,
  type WireEvent,
} from 'swf-activity-worker/fake';
import type { TestContext } from 'vitest';
import { activityEvents } from '../../support/activity-history.js';
import { FaultProxy } from './fault-proxy.js';

/**
 * Tries again of the scenarios with thin margins of time. A blip of 1.5 s against a 3 s
 * heartbeat timeout starts once every task has had a heartbeat acknowledged, and a task's
 * latest one can be up to a heartbeat interval (1 s) older: that task has about half a second
 * left after the blip, which a machine loaded enough to stall the event loop can take. (A worker
 * that waits on the black hole fails every try. This one lost such a task under the load of the
 * whole suite while its response tries lasted a second at the least: a try sent just before the
 * network healed was held past the timeout. Its tries now shrink near the heartbeat deadline;
 * the same phase runs on the manual clock in test/worker/network-blips.test.ts.)
 */
export const LOAD_RETRIES = 2;

export const DOMAIN = 'resilience';
export const TASK_LIST = 'net';

/** Credentials for the fake: the SDK signs requests, the fake does not check them. */
export const FAKE_CREDENTIALS = {
  accessKeyId: 'AKIDRESILIENCE',
  secretAccessKey: 'resilience-secret',
};

/** A worker on the rig and what it emitted, each event stamped with its time. */
export interface RigWorker {
  readonly worker: ActivityWorker;
  readonly running: Promise<void>;
  readonly events: { readonly at: number; readonly event: WorkerEvent }[];
  of<Type extends WorkerEventType>(type: Type): WorkerEventOf<Type>[];
}

/** The fake, its HTTP server, the proxy in front of it and a client through the proxy. */
export interface NetworkRig {
  readonly fake: FakeSwf;
  readonly server: SwfHttpServer;
  readonly proxy: FaultProxy;
  /** A client with the SDK's defaults (3 attempts, no request timeout), through the proxy. */
  readonly client: SWFClient;
  /** Starts a worker on domain {@link DOMAIN}, task list {@link TASK_LIST}, through the proxy. */
  startWorker(
    options: Pick<ActivityWorkerOptions, 'activities'> & Partial<ActivityWorkerOptions>,
  ): RigWorker;
  /** The close event of a task (the first), if it closed. */
  closeOf(reference: ActivityTaskReference): WireEvent | undefined;
  /** Every close event of a task (more than one is a bug). */
  closesOf(reference: ActivityTaskReference): readonly WireEvent[];
  /** Shuts the workers down (no grace), then closes the fake, the proxy and the server. */
  close(): Promise<void>;
}

/** Options of {@link openNetworkRig}. */
export interface NetworkRigOptions {
  readonly fake?: Omit<FakeSwfOptions, 'clock'>;
  readonly client?: SWFClientConfig;
}

/**
 * Opens a rig for the test `test`, domain {@link DOMAIN} registered; close it with
 * {@link NetworkRig.close}. A failed attempt of the test prints the rig's timeline.
 */
export async function openNetworkRig(
  test: Pick<TestContext, 'onTestFailed'>,
  options: NetworkRigOptions = {},
): Promise<NetworkRig> {
  const fake = new FakeSwf(options.fake);
  await fake.handle('RegisterDomain', {
    name: DOMAIN,
    workflowExecutionRetentionPeriodInDays: '1',
  });
  const server = await startHttpServer(fake, { closeGraceMs: 100 });
  const proxy = await FaultProxy.start(server.url);
  const client = new SWFClient({
    region: 'us-east-1',
    endpoint: proxy.url,
    credentials: FAKE_CREDENTIALS,
    ...options.client,
  });
  const workers: RigWorker[] = [];
  let closed: Promise<void> | undefined;
  // A scenario with thin margins may pass on its retry: its failed attempt still says why.
  // (The test's own hook: the scenarios run concurrently.)
  const openedAt = Date.now();
  test.onTestFailed(({ task }) => {
    process.stderr.write(
      `[attempt failed] ${task.name}\n${(task.result?.errors ?? []).map((error) => `  ${error.message}`).join('\n')}\n${timeline(openedAt, proxy, workers)}\n`,
    );
  });
  return {
    fake,
    server,
    proxy,
    client,
    startWorker(workerOptions) {
      const worker = new ActivityWorker({
        client,
        domain: DOMAIN,
        taskList: TASK_LIST,
        logger: silentLogger,
        ...workerOptions,
      });
      const events: { at: number; event: WorkerEvent }[] = [];
      for (const type of WORKER_EVENT_TYPES) {
        worker.on(type, (event) => events.push({ at: Date.now(), event }));
      }
      const running = worker.run();
      // A failing run is the test's to report; this only keeps it from going unhandled.
      running.catch(() => {});
      const started: RigWorker = {
        worker,
        running,
        events,
        of: <Type extends WorkerEventType>(type: Type) =>
          events
            .map(({ event }) => event)
            .filter((event): event is WorkerEventOf<Type> => event.type === type),
      };
      workers.push(started);
      return started;
    },
    closeOf(reference) {
      return fake.activityTask(reference).closeEvent;
    },
    closesOf(reference) {
      return activityEvents(
        fake.history(reference.domain, reference.workflowExecution),
        reference.activityId,
      ).closes;
    },
    close() {
      closed ??= (async () => {
        const stopped = workers.map(({ worker, running }) => {
          worker.shutdown({ graceMs: 0 }).catch(() => {});
          return running.catch(() => {});
        });
        // Closing the fake answers the polls still open; the proxy then ends what is held.
        fake.close();
        await proxy.close();
        await within(Promise.all(stopped), 15_000);
        client.destroy();
        await server.close();
      })();
      return closed;
    },
  };
}

/**
 * What the proxy saw and the workers emitted, in the order it happened, in ms since the rig
 * opened: the story of a failed attempt.
 */
function timeline(openedAt: number, proxy: FaultProxy, workers: readonly RigWorker[]): string {
  const at = (time: number | undefined) => (time === undefined ? '-' : `+${time - openedAt}`);
  const lines: { readonly at: number; readonly text: string }[] = [
    ...proxy.calls.map((call) => ({
      at: call.arrivedAt,
      text: `${at(call.arrivedAt)} call ${call.operation} ${call.taskToken?.slice(0, 8) ?? ''} ${call.fault?.spec.kind ?? 'no fault'} -> ${call.outcome} ${call.status ?? ''} at ${at(call.settledAt)}`,
    })),
    ...workers.flatMap(({ events }) =>
      events.map(({ at: time, event }) => ({
        at: time,
        text: `${at(time)} event ${event.type} ${'task' in event && event.task !== undefined ? `${event.task.activityId} ${event.task.taskToken.slice(0, 8)}` : ''}`,
      })),
    ),
  ];
  return lines
    .sort((first, second) => first.at - second.at)
    .slice(-300)
    .map((line) => `  ${line.text}`)
    .join('\n');
}

/** Waits `ms` on real time, with a timer that never outlives the wait. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for `promise`, or `ms` at most (whichever comes first); true if it settled. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `condition` holds, checking every 20 ms; fails after `timeoutMs`. */
export async function until(
  condition: () => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUpAt)
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await delay(20);
  }
}

/** Waits until `condition` holds, checking every 20 ms, for `timeoutMs` at most; whether it did. */
export async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) return false;
    await delay(20);
  }
  return true;
}

/** A promise and its resolver, for handlers that wait for the test. */
export function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Prints a measurement when `RESILIENCE_MEASURE` is set (for the numbers of a report). */
export function measure(what: string, values: Record<string, unknown>): void {
  if (process.env.RESILIENCE_MEASURE) {
    process.stdout.write(`[measure] ${what} ${JSON.stringify(values)}\n`);
  }
}
