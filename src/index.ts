/**
 * # swf-activity-worker
 *
 * Activity workers for Amazon Simple Workflow Service (SWF) that keep long tasks alive,
 * hear cancellation, and report every outcome.
 *
 * ## In short
 * 1. {@link defineActivity} names an activity type (name and version, as registered in SWF)
 *    and gives its handler: `async (input, ctx) => result`, with the {@link ActivityContext}
 *    as `ctx`.
 * 2. An {@link ActivityWorker} polls one task list with your `SWFClient` and runs the tasks of
 *    the activities it was given, at most `maxConcurrentTasks` at once: it polls only when a
 *    task can start. To scale out, run more processes on the same task list.
 * 3. {@link ActivityWorker.run} resolves after {@link ActivityWorker.shutdown} (or SIGTERM and
 *    SIGINT), once the tasks in flight are reported.
 *
 * {@link runActivityTask} runs one polled task, for poll loops of your own. The fake SWF is in
 * `swf-activity-worker/fake`, msw handlers in `swf-activity-worker/msw`, helpers for tests
 * in `swf-activity-worker/testing`, and the codecs that serve Java Flow and simpleflow deciders
 * in `swf-activity-worker/interop`.
 *
 * ## Heartbeats
 * A task must call `RecordActivityTaskHeartbeat` within its heartbeat timeout, or SWF times it
 * out and hands the work to someone else. The worker sends heartbeats on its own while the
 * handler runs, a third of the timeout apart by default, so that a failed call can still be
 * retried (throttling, 5xx, network, with jittered back-off) before the deadline.
 * `ctx.heartbeat(details)` records progress: the latest details go out soon, never more often
 * than a minimum interval, cut to SWF's 2,048 characters if need be. The tasks of a worker
 * share one budget of heartbeat calls (SWF refills an account's quota at 160 per second; give
 * several workers one {@link HeartbeatBudget} to share it): when it runs short, the tasks nearest their deadline go first, and throttling lowers the rate.
 *
 * Heartbeats run on the event loop, as handlers do: a handler that computes for seconds without
 * yielding holds them back, and SWF times its task out. The worker watches the loop and emits a
 * `warning` event (code `eventLoopLag`) naming the tasks whose deadline a stall threatened.
 * Move such work to `worker_threads`, and forward `ctx.signal` to the thread.
 *
 * ## Timeouts
 * SWF does not send a task's timeouts with it. The worker finds them: from the activity
 * definition (`heartbeatTimeoutMs`, `startToCloseTimeoutMs`), else by the
 * {@link TimeoutStrategy}: the type's registered defaults (`DescribeActivityType`, once per
 * type; the default), or the timeouts recorded when the task was scheduled (its history: one
 * or more `GetWorkflowExecutionHistory` calls per task, a quota SWF refills at 60 per second).
 * Until they are found, heartbeats go out at the pace for an unknown timeout
 * (`heartbeat.intervalWhenUnknownMs`), since the heartbeat timeout runs meanwhile.
 *
 * ## Cancellation reasons
 * `ctx.signal` aborts when the handler should stop, and `ctx.signal.reason` says why:
 * - {@link ActivityCancelledError}: a decider asked to cancel (SWF answered a heartbeat with
 *   `cancelRequested`);
 * - {@link TaskGoneError}: SWF no longer knows the task (timed out, or its execution closed);
 * - {@link DeadlineExceededError}: the start-to-close timeout ran out;
 * - {@link WorkerShutdownError}: the worker is shutting down and the grace ended.
 *
 * ## Outcomes
 * - the handler resolves: `RespondActivityTaskCompleted` (unless the task is gone); a result
 *   over 32,768 characters fails the task with {@link ResultTooLargeError};
 * - it rejects after SWF asked for cancellation: `RespondActivityTaskCanceled`; never
 *   otherwise;
 * - it rejects: `RespondActivityTaskFailed`, reason from the error's name and message (256
 *   characters at most), details from its message, stack and causes (32,768 at most);
 * - the task is gone: nothing is sent, a `taskGone` event says so.
 *
 * ## Shutdown
 * {@link ActivityWorker.shutdown} (SIGTERM or SIGINT by default) stops polling, lets the tasks
 * in flight go on with their heartbeats for `shutdownGraceMs`, then aborts their signals with
 * {@link WorkerShutdownError}; a handler still running `abortWaitMs` later is given up on. They
 * are reported failed, so that the decider can schedule them again at once instead of waiting
 * for a timeout. A poll still waiting is kept through the grace (a task it brings is failed at
 * once) and abandoned when it ends. `run()` resolves at the latest `abortWaitMs` + 2 s after
 * the grace: the defaults (5 s and 2 s) fit inside Docker's 10 s before SIGKILL. A second
 * signal ends the grace at once.
 *
 * ## Configuration errors
 * A poll that fails in a way only a change of configuration heals (unknown or deprecated
 * domain, no region, no credentials, access denied, an invalid request) makes `run()` reject
 * with a {@link WorkerConfigurationError} naming the problem and the fix; other errors back
 * off and are retried, one log line each.
 *
 * ## Large payloads and hand-offs
 * {@link claimCheck} wraps a codec so that an input, result or failure details over SWF's
 * 32,768 characters travel through a {@link PayloadStore} (an S3 bucket, with
 * `swf-activity-worker/s3`) as a pointer, simpleflow's jumbo fields included. A handler that
 * waits on something outside the process ends with `ctx.completeLater()`; an
 * {@link ActivityTaskClient} then heartbeats, completes, fails or cancels the task by its token.
 *
 * ## Events and logs
 * {@link ActivityWorker.on} delivers every event of a task (`taskStarted`, `heartbeatSent`,
 * `cancelRequested`, `taskGone`, `taskResponded`, `warning`, ...) and of the worker
 * (`pollError`, `shutdownStarted`, `shutdownGraceEnded`): see {@link WorkerEvent}. What needs
 * a person's eye also goes to the `logger` (the console by default; a pino logger fits).
 * Task tokens never appear in logs: {@link ActivityTaskInfo} prints them redacted.
 *
 * ## Interceptors
 * The `interceptors` option wraps what the library does for each task: the handler's
 * execution (with its decoded input, its result or error, inside an `AsyncLocalStorage`
 * context if you like), each SWF call it makes for a task or a poll, and every event, the
 * last of a task being `taskFinished`. The first interceptor is the outermost: see
 * {@link ActivityInterceptor}. `swf-activity-worker/otel` is one: OpenTelemetry traces and
 * metrics.
 *
 * @example
 * ```ts
 * import { SWFClient } from '@aws-sdk/client-swf';
 * import { ActivityWorker, defineActivity } from 'swf-activity-worker';
 *
 * const resizeImage = defineActivity({
 *   name: 'resizeImage',
 *   version: '1',
 *   async handler(input: { key: string }, ctx) {
 *     ctx.heartbeat({ stage: 'downloading' });
 *     const image = await fetch(`https://images.example/${input.key}`, { signal: ctx.signal });
 *     return { bytes: (await image.arrayBuffer()).byteLength };
 *   },
 * });
 *
 * const worker = new ActivityWorker({
 *   client: new SWFClient({}),
 *   domain: 'media',
 *   taskList: 'images',
 *   activities: [resizeImage],
 * });
 * await worker.run(); // until SIGTERM or SIGINT
 * ```
 *
 * @module swf-activity-worker
 */

export type {
  AsyncActivityCodec,
  CodecCall,
  FailureEncoding,
} from './activity/async-codec.js';
export { type ActivityCodec, jsonCodec, textCodec } from './activity/codec.js';
export {
  type ActivityDefinition,
  type ActivityHandler,
  type ActivityOptions,
  defineActivity,
} from './activity/define-activity.js';
export {
  type ClaimCheckCodec,
  type ClaimCheckOptions,
  claimCheck,
} from './claim-check/claim-check.js';
export { PayloadPointerError, PayloadStoreError } from './claim-check/errors.js';
export type { PointerFormat } from './claim-check/payload-pointer.js';
export type { PayloadStore, PayloadStoreCallOptions } from './claim-check/payload-store.js';
export { UnsupportedClientError } from './client/check-client.js';
export { type Clock, type ClockTimer, systemClock } from './clock/clock.js';
export {
  ActivityAbortError,
  ActivityCancelledError,
  ActivityTaskTimedOutError,
  type ConfigurationProblem,
  DeadlineExceededError,
  InputDecodingError,
  ResultEncodingError,
  ResultTooLargeError,
  TaskGoneError,
  TaskHandedOff,
  UnknownActivityTypeError,
  WorkerConfigurationError,
  WorkerShutdownError,
} from './errors.js';
export type {
  ActivityEvent,
  ActivityEventListener,
  WarningCode,
} from './events/activity-events.js';
export { HeartbeatBudget, type HeartbeatBudgetOptions } from './heartbeat/heartbeat-budget.js';
export type { HeartbeatSettings } from './heartbeat/heartbeat-schedule.js';
export type {
  ActivityInterceptor,
  ExecuteNext,
  ObservedWorker,
  SwfCallInput,
  SwfCallNext,
  SwfCallOutput,
  SwfCalls,
  SwfOperation,
} from './interceptors/interceptor.js';
export { consoleWarningsLogger, type Logger, silentLogger } from './logger.js';
export type { TaskRunOptions } from './options/task-run-options.js';
export type { ActivityWorkerOptions } from './options/worker-options.js';
export type { ActivityContext } from './runner/activity-context.js';
export type { ActivityTaskInfo } from './runner/activity-task-info.js';
export type { ActivityTaskOutcome } from './runner/outcome.js';
export { type RunActivityTaskOptions, runActivityTask } from './runner/run-activity-task.js';
export {
  ActivityTaskClient,
  type ActivityTaskClientOptions,
  type ActivityTaskKeepAlive,
  type KeepAliveOptions,
} from './task-client/activity-task-client.js';
export type {
  EffectiveTimeouts,
  TimeoutStrategy,
} from './timeouts/timeout-resolver.js';
export {
  ActivityWorker,
  type ActivityWorkerState,
  type ShutdownOptions,
} from './worker/activity-worker.js';
export {
  WORKER_EVENT_TYPES,
  type WorkerEvent,
  type WorkerEventOf,
  type WorkerEventType,
} from './worker/worker-events.js';
