import type {
  DescribeActivityTypeCommandOutput,
  DescribeActivityTypeInput,
  GetWorkflowExecutionHistoryCommandOutput,
  GetWorkflowExecutionHistoryInput,
  PollForActivityTaskCommandOutput,
  PollForActivityTaskInput,
  RecordActivityTaskHeartbeatCommandOutput,
  RecordActivityTaskHeartbeatInput,
  RespondActivityTaskCanceledCommandOutput,
  RespondActivityTaskCanceledInput,
  RespondActivityTaskCompletedCommandOutput,
  RespondActivityTaskCompletedInput,
  RespondActivityTaskFailedCommandOutput,
  RespondActivityTaskFailedInput,
} from '@aws-sdk/client-swf';
import type { ActivityContext } from '../runner/activity-context.js';
import type { ActivityTaskInfo } from '../runner/activity-task-info.js';
import type { WorkerEvent } from '../worker/worker-events.js';

/**
 * The SWF calls the library makes, by operation name: the request (the SDK command's input)
 * and the answer (the command's output) of each.
 */
export interface SwfCalls {
  /** A worker's long poll for a task. */
  readonly PollForActivityTask: {
    readonly request: PollForActivityTaskInput;
    readonly output: PollForActivityTaskCommandOutput;
  };
  /** A heartbeat of a task. */
  readonly RecordActivityTaskHeartbeat: {
    readonly request: RecordActivityTaskHeartbeatInput;
    readonly output: RecordActivityTaskHeartbeatCommandOutput;
  };
  /** The response of a task whose handler resolved. */
  readonly RespondActivityTaskCompleted: {
    readonly request: RespondActivityTaskCompletedInput;
    readonly output: RespondActivityTaskCompletedCommandOutput;
  };
  /** The response of a task that failed. */
  readonly RespondActivityTaskFailed: {
    readonly request: RespondActivityTaskFailedInput;
    readonly output: RespondActivityTaskFailedCommandOutput;
  };
  /** The response of a task canceled at a decider's request. */
  readonly RespondActivityTaskCanceled: {
    readonly request: RespondActivityTaskCanceledInput;
    readonly output: RespondActivityTaskCanceledCommandOutput;
  };
  /** The timeouts of a task's activity type (the `'activity-type'` strategy; cached per type). */
  readonly DescribeActivityType: {
    readonly request: DescribeActivityTypeInput;
    readonly output: DescribeActivityTypeCommandOutput;
  };
  /** A page of a task's history (the `'history'` strategy, or a type with no default timeouts). */
  readonly GetWorkflowExecutionHistory: {
    readonly request: GetWorkflowExecutionHistoryInput;
    readonly output: GetWorkflowExecutionHistoryCommandOutput;
  };
}

/** The name of an SWF operation the library calls. */
export type SwfOperation = keyof SwfCalls;

/** What an interceptor's `call` sees of one try of an SWF call. */
export interface SwfCallInput<Operation extends SwfOperation = SwfOperation> {
  /** The command's input, as it will be sent. */
  readonly request: SwfCalls[Operation]['request'];
  /**
   * The task the call is made for; `undefined` for polls. A `DescribeActivityType` answer is
   * cached per type: the call is made for the first task of its type.
   */
  readonly task: ActivityTaskInfo | undefined;
  /**
   * Aborts when the try is abandoned (its time ran out, or the task or the worker stopped it);
   * each try has its own. The innermost `next` sends the input it was given: with this signal,
   * or with the `abortSignal` of an input of your own making (`{ ...input, abortSignal }`).
   */
  readonly abortSignal: AbortSignal | undefined;
}

/** What an SWF call answers: the SDK command's output. */
export type SwfCallOutput<Operation extends SwfOperation = SwfOperation> =
  SwfCalls[Operation]['output'];

/** Runs the rest of the chain of an SWF call: the inner interceptors, then `client.send`. */
export type SwfCallNext<Operation extends SwfOperation> = (
  input: SwfCallInput<Operation>,
) => Promise<SwfCallOutput<Operation>>;

/** Runs the rest of the chain of a handler's execution: the inner interceptors, then the handler. */
export type ExecuteNext = (input: unknown, ctx: ActivityContext) => Promise<unknown>;

/**
 * The live state of an {@link ActivityWorker} that an interceptor may read while it runs (for
 * gauges of its slots and polls): the worker itself.
 */
export interface ObservedWorker {
  /** The domain it polls. */
  readonly domain: string;
  /** The task list it polls. */
  readonly taskList: string;
  /** Its slots: tasks that may run at once. */
  readonly maxConcurrentTasks: number;
  /** Tasks running now (slots used). */
  readonly tasksInFlight: number;
  /** Polls waiting for SWF's answer now. */
  readonly pollsInFlight: number;
}

/**
 * Wraps what the library does for each task: the handler's execution, and each SWF call it
 * makes for a task or a poll. Give a list of them as `interceptors` to an
 * {@link ActivityWorker} or {@link runActivityTask}; every member is optional.
 *
 * **Order.** The first interceptor of the list is the outermost: it is entered first and left
 * last. With `[a, b]`, a handler runs as `a.execute(…, () => b.execute(…, () => handler(…)))`,
 * and an SWF call as `a.call(…, () => b.call(…, () => client.send(…)))`.
 *
 * An interceptor must call `next` (once) to go on, and return what it returns, or a value or
 * error of its own making. What `execute` returns is the handler's result and what it throws
 * the handler's error: the task is reported accordingly. What `call` throws is what the call
 * failed with, and the library's retries apply to it as to SWF's own errors.
 *
 * @example
 * ```ts
 * import { AsyncLocalStorage } from 'node:async_hooks';
 *
 * const currentTask = new AsyncLocalStorage<ActivityTaskInfo>();
 * const interceptor: ActivityInterceptor = {
 *   // The handler, and whatever it calls, can read `currentTask.getStore()`.
 *   execute: (input, ctx, next) => currentTask.run(ctx.task, () => next(input, ctx)),
 *   async call(operation, input, next) {
 *     const startedAt = performance.now();
 *     try {
 *       return await next(input);
 *     } finally {
 *       console.log(`${operation} took ${performance.now() - startedAt} ms`);
 *     }
 *   },
 * };
 * const worker = new ActivityWorker({ ...options, interceptors: [interceptor] });
 * ```
 */
export interface ActivityInterceptor {
  /**
   * Wraps the execution of a task's handler, from its start with the decoded input to its
   * result or error. `next(input, ctx)` runs the inner interceptors and then the handler; call
   * it inside an `AsyncLocalStorage` context (`storage.run(value, () => next(input, ctx))`) and
   * the handler, and everything it awaits, sees that context. A task whose input cannot be
   * decoded runs no handler, and no `execute` either.
   */
  execute?(input: unknown, ctx: ActivityContext, next: ExecuteNext): Promise<unknown>;
  /**
   * Wraps each try of each SWF call made for a task or a poll: `PollForActivityTask`,
   * `RecordActivityTaskHeartbeat`, the three `RespondActivityTask…` calls,
   * `DescribeActivityType` and `GetWorkflowExecutionHistory` (both to find timeouts). A call
   * the library retries goes through the chain once per try. `next(input)` runs the inner
   * interceptors and then `client.send`.
   */
  call?<Operation extends SwfOperation>(
    operation: Operation,
    input: SwfCallInput<Operation>,
    next: SwfCallNext<Operation>,
  ): Promise<SwfCallOutput<Operation>>;
  /**
   * Receives every event of the tasks it intercepts and, in a worker, the worker's own events,
   * after the event's listeners. It must not throw: what it throws is logged and dropped.
   */
  onEvent?(event: WorkerEvent): void;
  /**
   * Called by {@link ActivityWorker.run} as it starts: `worker` gives the worker's live state
   * (for gauges of slots and polls). What it returns is called when `run()` ends.
   */
  observeWorker?(worker: ObservedWorker): (() => void) | undefined;
}
