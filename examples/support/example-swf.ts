/**
 * What every example needs besides its worker: an SWF to talk to, with the example's domain and
 * types registered.
 *
 * - By default: the in-memory fake from `swf-activity-worker/fake`, in this process, on the
 *   system clock. No AWS account, no network.
 * - With `SWF_EXAMPLES_REAL=1`: Amazon SWF, reached with the usual AWS environment (region and
 *   credentials from `AWS_REGION`, `AWS_PROFILE`, ...). The domain is `SWF_EXAMPLES_DOMAIN`
 *   (default `swf-activity-worker-examples`), registered if it does not exist yet.
 */
import { randomUUID } from 'node:crypto';
import {
  DomainAlreadyExistsFault,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  SWFClient,
  TypeAlreadyExistsFault,
} from '@aws-sdk/client-swf';
import type { ActivityWorker } from 'swf-activity-worker';
import { createInProcessClient, FakeSwf, startHttpServer } from 'swf-activity-worker/fake';

/** The workflow type every example's decider runs. */
export const EXAMPLE_WORKFLOW_TYPE = { name: 'example-workflow', version: '1' } as const;

/** An activity type an example registers, with the default timeouts its tasks run under. */
export interface ExampleActivityType {
  readonly name: string;
  readonly version: string;
  /** The default heartbeat timeout, in whole seconds. */
  readonly heartbeatTimeout: number;
  /** The default start-to-close timeout, in whole seconds. */
  readonly startToCloseTimeout: number;
}

/** The SWF an example runs against. */
export interface ExampleSwf {
  /** A client for the example's workers and decider. */
  readonly client: SWFClient;
  readonly domain: string;
  /** True against Amazon SWF, false against the fake. */
  readonly real: boolean;
  /** The fake, when the example runs against it. */
  readonly fake: FakeSwf | undefined;
  /** The fake's HTTP endpoint, when it was asked to serve HTTP; other processes can use it. */
  readonly endpoint: string | undefined;
  /** Aborts when the example finishes: deciders stop polling. */
  readonly signal: AbortSignal;
  /**
   * A task list of this run only, so that on real SWF a task left over by an earlier run that
   * was interrupted is never picked up.
   */
  taskList(name: string): string;
  /** Another client, as another machine of the fleet would have its own. */
  newClient(): SWFClient;
  /**
   * Shuts the workers down (they must have no task in flight), stops the deciders and closes
   * the clients and the fake. Against the fake, the long polls waiting are answered at once;
   * SWF answers them within 60 s.
   */
  finish(...workers: ActivityWorker[]): Promise<void>;
}

/** Whether the examples run against Amazon SWF (`SWF_EXAMPLES_REAL=1`). */
function runsAgainstRealSwf(): boolean {
  const flag = process.env.SWF_EXAMPLES_REAL;
  return flag !== undefined && flag !== '' && flag !== '0' && flag !== 'false';
}

/** Options of {@link connectExampleSwf}. */
export interface ConnectOptions {
  /** Serve the fake over HTTP on 127.0.0.1 too (see {@link ExampleSwf.endpoint}). */
  readonly http?: boolean;
}

/**
 * The options of an SDK client for the fake at `endpoint`: any region and credentials will do,
 * since the fake checks no signature.
 */
export function fakeClientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKESWF', secretAccessKey: 'fake-swf-secret' },
  };
}

/** Connects to the fake (or real SWF) and registers the domain, the workflow type and `activityTypes`. */
export async function connectExampleSwf(
  activityTypes: readonly ExampleActivityType[],
  options: ConnectOptions = {},
): Promise<ExampleSwf> {
  const real = runsAgainstRealSwf();
  const fake = real ? undefined : new FakeSwf();
  const server = fake !== undefined && options.http ? await startHttpServer(fake) : undefined;
  const newClient = (): SWFClient =>
    fake === undefined ? new SWFClient({}) : createInProcessClient(fake);
  const client = newClient();
  const clients = [client];
  const domain = real
    ? (process.env.SWF_EXAMPLES_DOMAIN ?? 'swf-activity-worker-examples')
    : 'examples';
  const run = randomUUID().slice(0, 8);
  const stop = new AbortController();
  if (real) {
    console.log(`Against Amazon SWF: domain ${domain}, region ${await client.config.region()}`);
  }

  await register(client, domain, activityTypes);

  return {
    client,
    domain,
    real,
    fake,
    endpoint: server?.url,
    signal: stop.signal,
    taskList: (name) => `${name}-${run}`,
    newClient: () => {
      const other = newClient();
      clients.push(other);
      return other;
    },
    async finish(...workers) {
      stop.abort();
      const stopped = Promise.all(workers.map((worker) => worker.shutdown()));
      if (fake === undefined) {
        if (workers.some((worker) => worker.pollsInFlight > 0)) {
          console.log('Waiting for the long polls in flight to return (SWF answers within 60 s)…');
        }
      } else {
        fake.close();
      }
      await stopped;
      for (const each of clients) each.destroy();
      await server?.close();
    },
  };
}

async function register(
  client: SWFClient,
  domain: string,
  activityTypes: readonly ExampleActivityType[],
): Promise<void> {
  await ignoring(
    DomainAlreadyExistsFault,
    client.send(
      new RegisterDomainCommand({
        name: domain,
        description: 'Examples of swf-activity-worker',
        workflowExecutionRetentionPeriodInDays: '1',
      }),
    ),
  );
  await ignoring(
    TypeAlreadyExistsFault,
    client.send(new RegisterWorkflowTypeCommand({ domain, ...EXAMPLE_WORKFLOW_TYPE })),
  );
  for (const type of activityTypes) {
    await ignoring(
      TypeAlreadyExistsFault,
      client.send(
        new RegisterActivityTypeCommand({
          domain,
          name: type.name,
          version: type.version,
          defaultTaskHeartbeatTimeout: String(type.heartbeatTimeout),
          defaultTaskStartToCloseTimeout: String(type.startToCloseTimeout),
          defaultTaskScheduleToStartTimeout: '300',
          defaultTaskScheduleToCloseTimeout: String(300 + type.startToCloseTimeout),
        }),
      ),
    );
  }
}

/** Awaits `call`, ignoring the error class given (e.g. a type registered by an earlier run). */
async function ignoring(
  ignored: abstract new (...args: never[]) => Error,
  call: Promise<unknown>,
): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof ignored)) throw error;
  }
}
