/**
 * The errors of the worker side. Every reason an activity's `ctx.signal` aborts is one of the
 * {@link ActivityAbortError} classes, so a handler can tell why it was stopped:
 *
 * ```ts
 * ctx.signal.addEventListener('abort', () => {
 *   if (ctx.signal.reason instanceof ActivityCancelledError) rollBack();
 * });
 * ```
 */

/**
 * The base of every reason an activity's signal aborts with.
 *
 * @example
 * ```ts
 * async handler(input, ctx) {
 *   try {
 *     return await transcode(input, { signal: ctx.signal });
 *   } catch (error) {
 *     if (ctx.signal.reason instanceof ActivityCancelledError) await removePartialOutput(input);
 *     throw error; // after a cancel request: reported with RespondActivityTaskCanceled
 *   }
 * }
 * ```
 */
export class ActivityAbortError extends Error {
  override readonly name: string = 'ActivityAbortError';
}

/**
 * SWF answered a heartbeat with `cancelRequested: true`: a decider asked to cancel the task.
 * A handler that rejects after this is reported with `RespondActivityTaskCanceled`; one that
 * resolves anyway is reported as completed.
 */
export class ActivityCancelledError extends ActivityAbortError {
  override readonly name = 'ActivityCancelledError';

  constructor(message = 'SWF reports that cancellation of this activity task was requested') {
    super(message);
  }
}

/**
 * SWF no longer knows this task, or must have timed it out: nothing more is reported for it.
 * Its `cause` says how the worker knows: SWF's `UnknownResourceFault` (the task timed out, was
 * already responded to, or its workflow execution closed), or an
 * {@link ActivityTaskTimedOutError} when the worker saw one of its timeouts pass (no heartbeat
 * reached SWF for a whole heartbeat timeout, or the start-to-close timeout passed).
 */
export class TaskGoneError extends ActivityAbortError {
  override readonly name = 'TaskGoneError';

  constructor(
    message = 'SWF no longer knows this activity task (timed out or closed)',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * One of a task's timeouts passed by the worker's clock, so SWF has timed the task out (the
 * `cause` of a {@link TaskGoneError}). `timeoutType` uses SWF's names.
 */
export class ActivityTaskTimedOutError extends Error {
  override readonly name = 'ActivityTaskTimedOutError';

  constructor(
    /** `HEARTBEAT`: no heartbeat was acknowledged for a whole heartbeat timeout. */
    readonly timeoutType: 'HEARTBEAT' | 'START_TO_CLOSE',
    /** The timeout that passed, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(
      timeoutType === 'HEARTBEAT'
        ? `No heartbeat was acknowledged by SWF for the whole heartbeat timeout (${timeoutMs} ms)`
        : `The start-to-close timeout (${timeoutMs} ms) passed`,
    );
  }
}

/** The task's start-to-close timeout ran out locally; SWF is about to time the task out. */
export class DeadlineExceededError extends ActivityAbortError {
  override readonly name = 'DeadlineExceededError';

  constructor(message = 'The start-to-close timeout of this activity task ran out') {
    super(message);
  }
}

/** The worker is shutting down and the task's grace period ended. */
export class WorkerShutdownError extends ActivityAbortError {
  override readonly name = 'WorkerShutdownError';

  constructor(message = 'The worker shut down before the activity task finished') {
    super(message);
  }
}

/**
 * The result of a handler does not fit in SWF's `result` (32,768 characters once encoded).
 * The task is reported as failed with this error's name and message, never cut silently.
 */
export class ResultTooLargeError extends Error {
  override readonly name = 'ResultTooLargeError';
  /** The encoded length of the result. */
  readonly length: number;
  /** The most SWF accepts. */
  readonly limit: number;

  constructor(length: number, limit: number) {
    super(`The encoded result is ${length} characters long; SWF accepts at most ${limit}`);
    this.length = length;
    this.limit = limit;
  }
}

/**
 * The activity's codec could not encode the handler's result (with the JSON codec: a Symbol, a
 * function, a BigInt, a circular object). The task is reported as failed with this error's
 * name and message; `cause` is what the codec threw.
 */
export class ResultEncodingError extends Error {
  override readonly name = 'ResultEncodingError';
}

/**
 * What `ctx.completeLater()` throws to end the handler's run there: the task was handed off,
 * and the worker sends no response for it (an {@link ActivityTaskClient} will). Rethrow it if
 * you catch everything: the hand-off stands anyway.
 */
export class TaskHandedOff extends Error {
  override readonly name = 'TaskHandedOff';

  constructor() {
    super(
      'The handler handed its task off with ctx.completeLater(): the worker sends no response for it',
    );
  }
}

/** A polled task names an activity type (or version) that the worker has no handler for. */
export class UnknownActivityTypeError extends Error {
  override readonly name = 'UnknownActivityTypeError';

  constructor(
    readonly activityType: { readonly name: string; readonly version: string },
    readonly known: readonly string[],
  ) {
    super(
      `No handler for activity type ${activityType.name}@${activityType.version}; this worker handles: ${known.join(', ') || 'nothing'}`,
    );
  }
}

/** The task's input could not be decoded by the activity's codec. */
export class InputDecodingError extends Error {
  override readonly name = 'InputDecodingError';
}

/** What {@link WorkerConfigurationError} found wrong. */
export type ConfigurationProblem =
  /** The domain is not registered in the client's region and account, or is deprecated. */
  | 'unknownDomain'
  /** The client has no region. */
  | 'noRegion'
  /** The client found no credentials, or SWF refused them. */
  | 'noCredentials'
  /** The credentials are not allowed to poll this domain. */
  | 'accessDenied'
  /** SWF refused the poll's arguments. */
  | 'invalidRequest'
  /** `registerActivityTypes`: SWF refused to register a type (e.g. too many types). */
  | 'typeRegistration';

/**
 * A poll failed in a way that only a change of configuration heals, so
 * {@link ActivityWorker.run} rejects with this (after the tasks in flight end) instead of
 * retrying forever. The message names the problem and the fix; `cause` is the error of the
 * poll. Set the worker's `retryConfigurationErrors` to keep polling instead.
 */
export class WorkerConfigurationError extends Error {
  override readonly name = 'WorkerConfigurationError';

  constructor(
    /** What is wrong. */
    readonly problem: ConfigurationProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
