/**
 * Wiring shared by the benchmarks: the activity type they run on a fake SWF, the fake's answers
 * recorded for the bare baselines, and a fake SWF served over HTTP from a child process.
 *
 * @module
 */
import {
  type ActivityTaskReference,
  FakeSwf,
  type FakeSwfOptions,
  type OperationContext,
  type OperationInput,
  type OperationOutput,
  type SwfOperationHandler,
  type SwfOperationName,
} from 'swf-activity-worker/fake';
import { forkScript } from './bench.js';

export const DOMAIN = 'bench';
export const TASK_LIST = 'bench';
export const ACTIVITY_TYPE = { name: 'benchActivity', version: '1' } as const;

/** The default timeouts an activity type registers, in whole seconds. */
export interface TypeDefaults {
  readonly heartbeatTimeout: number;
  readonly startToCloseTimeout: number;
}

/**
 * A fake SWF with the bench domain and activity type registered, with default timeouts as a
 * real deployment registers them: the worker's default timeout strategy then finds them with one
 * DescribeActivityType call. Polls wait 60 s for a task, as SWF's do, unless `options` say
 * otherwise.
 */
export function createBenchFake(defaults: TypeDefaults, options: FakeSwfOptions = {}): FakeSwf {
  const fake = new FakeSwf({ pollTimeoutMs: 60_000, ...options });
  const registry = fake.model.registry;
  registry.RegisterDomain({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' });
  registry.RegisterActivityType({
    domain: DOMAIN,
    ...ACTIVITY_TYPE,
    defaultTaskHeartbeatTimeout: String(defaults.heartbeatTimeout),
    defaultTaskStartToCloseTimeout: String(defaults.startToCloseTimeout),
    defaultTaskList: { name: TASK_LIST },
  });
  return fake;
}

/** Schedules `count` tasks of the bench type; they wait in the bench task list. */
export function scheduleBenchTasks(
  fake: FakeSwf,
  count: number,
  input = '{"n":1}',
): ActivityTaskReference[] {
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
 * How many of `tasks` SWF timed out. Nothing else closes them before they complete: this is
 * the heartbeat timeouts, each task counted once, whether the worker noticed or not.
 */
export function timedOutTasks(fake: FakeSwf, tasks: readonly ActivityTaskReference[]): number {
  return tasks.filter(
    (task) => fake.activityTask(task).closeEvent?.eventType === 'ActivityTaskTimedOut',
  ).length;
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
    return createBenchFake(this.defaults, this.options);
  }
}

// ---- canned answers --------------------------------------------------------------------------

/** What the bare servers answer an operation they have no recorded answer for. */
const EMPTY_ANSWER = Buffer.from('{}');

/**
 * The recorded answer to a request, by its X-Amz-Target header
 * (`SimpleWorkflowService.<Operation>`).
 */
export function cannedAnswer(answers: ReadonlyMap<string, Buffer>, target: string): Buffer {
  return answers.get(target.slice(target.indexOf('.') + 1)) ?? EMPTY_ANSWER;
}

/**
 * What the fake answers each operation of one activity lifecycle, as bytes: what the bare
 * baselines answer.
 */
export async function cannedAnswers(defaults: TypeDefaults): Promise<Map<string, Buffer>> {
  const source = createBenchFake(defaults);
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

// ---- a server in a child process ------------------------------------------------------------

/** What the server process can be asked. */
export type ServerRequest =
  | { readonly type: 'schedule'; readonly count: number }
  | { readonly type: 'reset' }
  | { readonly type: 'release' }
  | { readonly type: 'cpu' }
  | { readonly type: 'calls'; readonly operation: SwfOperationName }
  | { readonly type: 'close' };

/** What the server process answers: `ready` once it listens, then one answer per request. */
export type ServerMessage =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'scheduled' }
  | { readonly type: 'released' }
  | { readonly type: 'reset' }
  | { readonly type: 'cpu'; readonly cpuMicros: number }
  | { readonly type: 'calls'; readonly count: number }
  | { readonly type: 'closed' };

/** Which server the child process runs: the fake over HTTP, or a bare node:http baseline. */
export type ServerKind = 'fake' | 'bare';

/** A server running in a child process, on 127.0.0.1 with keep-alive. */
export interface ServerProcess {
  readonly url: string;
  /** Schedules tasks on the fake (the bare server ignores this). */
  schedule(count: number): Promise<void>;
  /** Replaces the fake with a fresh one; the server and its connections stay (bare: ignored). */
  reset(): Promise<void>;
  /** Answers every poll waiting on the fake with no task, at once (bare: ignored). */
  releasePollers(): Promise<void>;
  /** CPU time (user + system) the server process used since it listened, in µs. */
  cpuMicros(): Promise<number>;
  /** Calls of `operation` the fake served since its last reset (bare: 0). */
  callCount(operation: SwfOperationName): Promise<number>;
  close(): Promise<void>;
}

/** Starts `bench/lib/server-process.ts` as a child process. */
export async function startServerProcess(
  kind: ServerKind,
  defaults: TypeDefaults,
): Promise<ServerProcess> {
  const child = forkScript(new URL('./server-process.ts', import.meta.url), [
    kind,
    String(defaults.heartbeatTimeout),
    String(defaults.startToCloseTimeout),
  ]);
  const waiters: Array<{ resolve(message: ServerMessage): void; reject(error: Error): void }> = [];
  child.on('message', (message) => waiters.shift()?.resolve(message as ServerMessage));
  const closed = new Promise<void>((resolve) => {
    child.once('close', (code) => {
      const error = new Error(`server process ended with exit code ${code}`);
      for (const waiter of waiters.splice(0)) waiter.reject(error);
      resolve();
    });
  });
  const next = () =>
    new Promise<ServerMessage>((resolve, reject) => waiters.push({ resolve, reject }));
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
    cpuMicros: async () => {
      const answer = await ask({ type: 'cpu' });
      if (answer.type !== 'cpu') throw new Error(`server process said ${answer.type}`);
      return answer.cpuMicros;
    },
    callCount: async (operation) => {
      const answer = await ask({ type: 'calls', operation });
      if (answer.type !== 'calls') throw new Error(`server process said ${answer.type}`);
      return answer.count;
    },
    close: async () => {
      await ask({ type: 'close' });
      await closed;
    },
  };
}
