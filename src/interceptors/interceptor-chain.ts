import {
  DescribeActivityTypeCommand,
  GetWorkflowExecutionHistoryCommand,
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  type SWFClient,
} from '@aws-sdk/client-swf';
import type { Logger } from '../logger.js';
import type { SdkAbortSignal, TrySignal } from '../retry/try-signal.js';
import type { ActivityContext } from '../runner/activity-context.js';
import type { ActivityTaskInfo } from '../runner/activity-task-info.js';
import type { WorkerEvent } from '../worker/worker-events.js';
import type {
  ActivityInterceptor,
  ObservedWorker,
  SwfCallInput,
  SwfCallNext,
  SwfCallOutput,
  SwfCalls,
  SwfOperation,
} from './interceptor.js';

/** Sends one SWF call with the SDK client: the innermost `next` of every call chain. */
type Sender<Operation extends SwfOperation> = (
  client: SWFClient,
  request: SwfCalls[Operation]['request'],
  abortSignal: SdkAbortSignal | undefined,
) => Promise<SwfCallOutput<Operation>>;

/** One try of an SWF call, as the library makes it. */
interface SwfCallTry<Operation extends SwfOperation> {
  readonly request: SwfCalls[Operation]['request'];
  readonly task: ActivityTaskInfo | undefined;
  /** Aborts the try. */
  readonly signal: TrySignal;
}

/**
 * What the `call` interceptors see of a try: its `abortSignal`, the standard form of the
 * try's signal, is made only if one reads it (or copies the input: it is an own, enumerable
 * getter, so `{ ...input }` carries the signal). Passed on as it is, or copied with that signal,
 * the input reaches the SDK with the try's own signal.
 */
class InterceptedCall<Operation extends SwfOperation> implements SwfCallInput<Operation> {
  declare readonly abortSignal: AbortSignal;
  readonly #signal: TrySignal;

  constructor(
    readonly request: SwfCalls[Operation]['request'],
    readonly task: ActivityTaskInfo | undefined,
    signal: TrySignal,
  ) {
    this.#signal = signal;
    Object.defineProperty(this, 'abortSignal', InterceptedCall.#abortSignalProperty);
  }

  /**
   * One getter for every call: instances defined with the same accessor share their hidden
   * class, where a getter made per call would give each instance one of its own.
   */
  static readonly #abortSignalProperty: PropertyDescriptor = {
    enumerable: true,
    get(this: InterceptedCall<SwfOperation>): AbortSignal {
      return this.#signal.standard;
    },
  };

  /**
   * The signal to send with `input`: the try's own, when `input` is the try's call or a copy
   * of it that carries the try's signal (`{ ...input }`); else the one the copy carries.
   */
  static sdkSignalOf(input: SwfCallInput, trySignal: TrySignal): SdkAbortSignal | undefined {
    if (input instanceof InterceptedCall) return input.#signal;
    const carried = input.abortSignal;
    return trySignal.madeStandard(carried) ? trySignal : carried;
  }
}

const SENDERS: { readonly [Operation in SwfOperation]: Sender<Operation> } = {
  PollForActivityTask: (client, request, abortSignal) =>
    client.send(new PollForActivityTaskCommand(request), { abortSignal }),
  RecordActivityTaskHeartbeat: (client, request, abortSignal) =>
    client.send(new RecordActivityTaskHeartbeatCommand(request), { abortSignal }),
  RespondActivityTaskCompleted: (client, request, abortSignal) =>
    client.send(new RespondActivityTaskCompletedCommand(request), { abortSignal }),
  RespondActivityTaskFailed: (client, request, abortSignal) =>
    client.send(new RespondActivityTaskFailedCommand(request), { abortSignal }),
  RespondActivityTaskCanceled: (client, request, abortSignal) =>
    client.send(new RespondActivityTaskCanceledCommand(request), { abortSignal }),
  DescribeActivityType: (client, request, abortSignal) =>
    client.send(new DescribeActivityTypeCommand(request), { abortSignal }),
  GetWorkflowExecutionHistory: (client, request, abortSignal) =>
    client.send(new GetWorkflowExecutionHistoryCommand(request), { abortSignal }),
};

/**
 * Checks the `interceptors` option, named `name` in messages: an array of objects whose
 * members, if any, are functions.
 */
export function checkInterceptors(value: unknown, name: string): void {
  if (!Array.isArray(value)) {
    throw new TypeError(`${name} must be an array of interceptor objects, got ${typeof value}`);
  }
  value.forEach((interceptor: unknown, index) => {
    if (interceptor === null || typeof interceptor !== 'object') {
      throw new TypeError(`${name}[${index}] must be an object, got ${String(interceptor)}`);
    }
    for (const member of ['execute', 'call', 'onEvent', 'observeWorker'] as const) {
      const found: unknown = (interceptor as Record<string, unknown>)[member];
      if (found !== undefined && typeof found !== 'function') {
        throw new TypeError(
          `${name}[${index}].${member} must be a function or absent, got ${typeof found}`,
        );
      }
    }
  });
}

/** The handler a chain of `execute` ends with. */
type Handler = (input: unknown, ctx: ActivityContext) => Promise<unknown>;

/**
 * The interceptors of a worker or a run, sorted once by what they wrap. With none, every
 * method is the plain call: no closure, no extra promise.
 */
export class InterceptorChain {
  /** A chain with no interceptors. */
  static readonly EMPTY = new InterceptorChain([]);

  readonly #executes: readonly ActivityInterceptor[];
  readonly #calls: readonly ActivityInterceptor[];
  readonly #listeners: readonly ActivityInterceptor[];
  readonly #observers: readonly ActivityInterceptor[];

  /** Sorts `interceptors` (checked by {@link checkInterceptors}) by what they wrap. */
  constructor(interceptors: readonly ActivityInterceptor[]) {
    this.#executes = interceptors.filter((interceptor) => interceptor.execute !== undefined);
    this.#calls = interceptors.filter((interceptor) => interceptor.call !== undefined);
    this.#listeners = interceptors.filter((interceptor) => interceptor.onEvent !== undefined);
    this.#observers = interceptors.filter((interceptor) => interceptor.observeWorker !== undefined);
  }

  /** Whether some interceptor listens to events. */
  get listens(): boolean {
    return this.#listeners.length > 0;
  }

  /**
   * Sends a try of an SWF call through the `call` interceptors, outermost first; `send`
   * replaces the plain `client.send` of the command at the end of the chain (a command with
   * middleware of its own). The SDK gets the try's signal, unless an interceptor passed on an
   * input of its own: then the `abortSignal` of that input.
   */
  send<Operation extends SwfOperation>(
    client: SWFClient,
    operation: Operation,
    call: SwfCallTry<Operation>,
    send: Sender<Operation> = SENDERS[operation],
  ): Promise<SwfCallOutput<Operation>> {
    const calls = this.#calls;
    if (calls.length === 0) return send(client, call.request, call.signal);
    const last: SwfCallNext<Operation> = (final) =>
      send(client, final.request, InterceptedCall.sdkSignalOf(final, call.signal));
    const step = (
      index: number,
      current: SwfCallInput<Operation>,
    ): Promise<SwfCallOutput<Operation>> => {
      const interceptor = calls[index];
      if (interceptor?.call === undefined) return last(current);
      return interceptor.call(operation, current, (next) => step(index + 1, next));
    };
    return step(0, new InterceptedCall(call.request, call.task, call.signal));
  }

  /** Runs `handler` through the `execute` interceptors, outermost first. */
  execute(handler: Handler, input: unknown, ctx: ActivityContext): Promise<unknown> {
    const executes = this.#executes;
    if (executes.length === 0) return handler(input, ctx);
    const step = (
      index: number,
      currentInput: unknown,
      currentCtx: ActivityContext,
    ): Promise<unknown> => {
      const interceptor = executes[index];
      if (interceptor?.execute === undefined) return handler(currentInput, currentCtx);
      return interceptor.execute(currentInput, currentCtx, (nextInput, nextCtx) =>
        step(index + 1, nextInput, nextCtx),
      );
    };
    return step(0, input, ctx);
  }

  /** Gives `event` to every interceptor that listens; what one throws is logged. */
  emit(event: WorkerEvent, logger: Logger): void {
    for (const interceptor of this.#listeners) {
      try {
        interceptor.onEvent?.(event);
      } catch (error) {
        logger.error({ err: error }, `an interceptor's onEvent threw on ${event.type}`);
      }
    }
  }

  /** Shows `worker` to every interceptor that observes workers; answers what ends the watch. */
  observe(worker: ObservedWorker, logger: Logger): () => void {
    const disposers: (() => void)[] = [];
    for (const interceptor of this.#observers) {
      try {
        const dispose = interceptor.observeWorker?.(worker);
        if (typeof dispose === 'function') disposers.push(dispose);
      } catch (error) {
        logger.error({ err: error }, "an interceptor's observeWorker threw");
      }
    }
    return () => {
      for (const dispose of disposers) {
        try {
          dispose();
        } catch (error) {
          logger.error({ err: error }, "an interceptor's observeWorker disposer threw");
        }
      }
    };
  }
}
