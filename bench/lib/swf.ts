/**
 * Wiring shared by the benchmarks: the activity type they run, SDK clients over HTTP with
 * keep-alive, and a fake SWF served over HTTP from a child process.
 *
 * @module
 */
import { fork } from 'node:child_process';
import { Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { SWFClient } from '@aws-sdk/client-swf';
import {
  FakeSwf,
  type FakeSwfOptions,
  type OperationContext,
  type OperationInput,
  type OperationOutput,
  type SwfOperationHandler,
  type SwfOperationName,
} from 'swf-activity-worker/fake';

export const DOMAIN = 'bench';
export const TASK_LIST = 'bench';
export const ACTIVITY_TYPE = { name: 'benchActivity', version: '1' } as const;

/** The default timeouts an activity type registers, in whole seconds. */
export interface TypeDefaults {
  readonly heartbeatTimeout: number;
  readonly startToCloseTimeout: number;
}

/**
 * Registers the bench domain and activity type on `fake`, with default timeouts as a real
 * deployment registers them: the worker's default timeout strategy then finds them with one
 * DescribeActivityType call.
 */
export function registerBenchType(fake: FakeSwf, defaults: TypeDefaults): void {
  const registry = fake.model.registry;
  registry.RegisterDomain({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' });
  registry.RegisterActivityType({
    domain: DOMAIN,
    ...ACTIVITY_TYPE,
    defaultTaskHeartbeatTimeout: String(defaults.heartbeatTimeout),
    defaultTaskStartToCloseTimeout: String(defaults.startToCloseTimeout),
    defaultTaskList: { name: TASK_LIST },
  });
}

/** Schedules `count` tasks of the bench type; they wait in the bench task list. */
export function scheduleBenchTasks(fake: FakeSwf, count: number, input = '{"n":1}') {
  return Array.from({ length: count }, () =>
    fake.scheduleActivityTask({
      domain: DOMAIN,
      taskList: TASK_LIST,
      activityType: ACTIVITY_TYPE,
      input,
    }),
  );
}

/**
 * A fake SWF with the bench type registered, that can be replaced by a fresh one between runs
 * (same client, same transport), so that no run pays for the closed executions of the last.
 */
export class ResettableFake implements SwfOperationHandler {
  #fake: FakeSwf;

  constructor(
    private readonly defaults: TypeDefaults,
    private readonly options: FakeSwfOptions = {},
  ) {
    this.#fake = this.#create();
  }

  /** The fake serving calls now. */
  get fake(): FakeSwf {
    return this.#fake;
  }

  /** Closes the fake and puts a fresh one in its place. */
  reset(): void {
    this.#fake.close();
    this.#fake = this.#create();
  }

  close(): void {
    this.#fake.close();
  }

  handle<Name extends SwfOperationName>(
    operation: Name,
    input: OperationInput<Name>,
    context?: OperationContext,
  ): Promise<OperationOutput<Name>> {
    return this.#fake.handle(operation, input, context);
  }

  #create(): FakeSwf {
    const fake = new FakeSwf({ pollTimeoutMs: 60_000, ...this.options });
    registerBenchType(fake, this.defaults);
    return fake;
  }
}

// ---- canned answers --------------------------------------------------------------------------

/** What the bare servers answer an operation they have no recorded answer for. */
export const EMPTY_ANSWER = Buffer.from('{}');

/**
 * What the fake answers each operation of one activity lifecycle, as bytes: what the bare
 * baselines answer.
 */
export async function cannedAnswers(defaults: TypeDefaults): Promise<Map<string, Buffer>> {
  const source = new FakeSwf();
  registerBenchType(source, defaults);
  scheduleBenchTasks(source, 1);
  const answers = new Map<string, Buffer>();
  const record = async (operation: SwfOperationName, output: Promise<unknown>) => {
    answers.set(operation, Buffer.from(JSON.stringify(await output)));
  };
  const task = await source.handle('PollForActivityTask', {
    domain: DOMAIN,
    taskList: { name: TASK_LIST },
  });
  await record('PollForActivityTask', Promise.resolve(task));
  await record(
    'RecordActivityTaskHeartbeat',
    source.handle('RecordActivityTaskHeartbeat', { taskToken: task.taskToken }),
  );
  await record(
    'DescribeActivityType',
    source.handle('DescribeActivityType', { domain: DOMAIN, activityType: ACTIVITY_TYPE }),
  );
  await record(
    'RespondActivityTaskCompleted',
    source.handle('RespondActivityTaskCompleted', { taskToken: task.taskToken, result: '1' }),
  );
  source.close();
  return answers;
}

const FAKE_CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };

/** An SDK client for a server on 127.0.0.1, over one keep-alive agent. */
export function httpClient(url: string, maxSockets: number): { client: SWFClient; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const client = new SWFClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: FAKE_CREDENTIALS,
    requestHandler: { httpAgent: agent, requestTimeout: 120_000 },
  });
  return {
    client,
    close: () => {
      client.destroy();
      agent.destroy();
    },
  };
}

// ---- a server in a child process ------------------------------------------------------------

/** What the server process can be asked. */
export type ServerRequest =
  | { readonly type: 'schedule'; readonly count: number }
  | { readonly type: 'reset' }
  | { readonly type: 'release' }
  | { readonly type: 'stats' }
  | { readonly type: 'close' };

/** What the server process answers. */
export type ServerMessage =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'scheduled' }
  | { readonly type: 'released' }
  | { readonly type: 'reset' }
  | {
      readonly type: 'stats';
      readonly cpuMicros: number;
      readonly calls: Readonly<Record<string, number>>;
    }
  | { readonly type: 'closed' };

/** Which server the child process runs: the fake over HTTP, or a bare node:http baseline. */
export type ServerKind = 'fake' | 'bare';

/** A server running in a child process, on 127.0.0.1 with keep-alive. */
export interface ServerProcess {
  readonly url: string;
  /** Schedules tasks on the fake (the bare server ignores this). */
  schedule(count: number): Promise<void>;
  /** Replaces the fake with a fresh one (the server and its connections stay). */
  reset(): Promise<void>;
  /** Answers every poll waiting on the fake with no task, at once. */
  releasePollers(): Promise<void>;
  /** CPU time the server process used so far, and the calls it served by operation. */
  stats(): Promise<{ cpuMicros: number; calls: Readonly<Record<string, number>> }>;
  close(): Promise<void>;
}

/** Starts `bench/lib/server-process.ts` as a child process. */
export async function startServerProcess(
  kind: ServerKind,
  defaults: TypeDefaults,
): Promise<ServerProcess> {
  const child = fork(
    fileURLToPath(new URL('./server-process.ts', import.meta.url)),
    [kind, String(defaults.heartbeatTimeout), String(defaults.startToCloseTimeout)],
    { execArgv: ['--conditions=swf-activity-worker:source', '--import', 'tsx'] },
  );
  const waiters: Array<(message: ServerMessage) => void> = [];
  child.on('message', (message) => waiters.shift()?.(message as ServerMessage));
  const next = () => new Promise<ServerMessage>((resolve) => waiters.push(resolve));
  const ask = (request: ServerRequest) => {
    const answer = next();
    child.send(request);
    return answer;
  };
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`server process said ${ready.type}`);
  return {
    url: ready.url,
    schedule: async (count) => {
      await ask({ type: 'schedule', count });
    },
    reset: async () => {
      await ask({ type: 'reset' });
    },
    releasePollers: async () => {
      await ask({ type: 'release' });
    },
    stats: async () => {
      const answer = await ask({ type: 'stats' });
      if (answer.type !== 'stats') throw new Error(`server process said ${answer.type}`);
      return { cpuMicros: answer.cpuMicros, calls: answer.calls };
    },
    close: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await ask({ type: 'close' });
      await exited;
    },
  };
}
