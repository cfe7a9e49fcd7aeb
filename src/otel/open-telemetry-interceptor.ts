import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import type { Clock } from '../clock/clock.js';
import type { ActivityEvent } from '../events/activity-events.js';
import type {
  ActivityInterceptor,
  ExecuteNext,
  ObservedWorker,
  SwfCallInput,
  SwfCallNext,
  SwfCallOutput,
  SwfOperation,
} from '../interceptors/interceptor.js';
import { classifySwfError } from '../retry/classify-error.js';
import type { ActivityContext } from '../runner/activity-context.js';
import type { ActivityTaskInfo } from '../runner/activity-task-info.js';
import type { ActivityTaskOutcome } from '../runner/outcome.js';
import type { WorkerEvent } from '../worker/worker-events.js';
import { createInstruments, type Instruments } from './metric-instruments.js';
import { TaskTelemetry } from './task-telemetry.js';
import { contextFromTraceparent } from './traceparent.js';

/** The instrumentation scope of the tracer and the meter. */
const SCOPE = 'swf-activity-worker';

/**
 * The key by which OpenTelemetry's SDK tells that tracing is suppressed in a context (what
 * `suppressTracing` of `@opentelemetry/core` sets): a span started there is not recorded.
 */
const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** Options of an {@link OpenTelemetryInterceptor}. */
export interface OpenTelemetryInterceptorOptions {
  /**
   * Where the spans go.
   * @defaultValue the global tracer provider (`trace.getTracerProvider()`), as your SDK set it
   */
  readonly tracerProvider?: TracerProvider;
  /**
   * Where the metrics go. The global one is read when the interceptor is built: register your
   * SDK's meter provider before.
   * @defaultValue the global meter provider (`metrics.getMeterProvider()`)
   */
  readonly meterProvider?: MeterProvider;
  /**
   * Whether to record a span per task run.
   * @defaultValue true
   */
  readonly traces?: boolean;
  /**
   * Whether to record metrics.
   * @defaultValue true
   */
  readonly metrics?: boolean;
  /**
   * Put before every metric name. `'temporal_'` gives the names of Temporal's SDKs, for the
   * metrics that mean the same.
   * @defaultValue `'swf_'`
   */
  readonly metricPrefix?: string;
  /**
   * SWF has no header for trace context, so task spans are roots. If your deciders put a W3C
   * `traceparent` in the input, return it here (from the decoded input) and each task's span
   * is a child of that remote parent; return `undefined` for a root. Such a span starts when
   * the handler does (the input is decoded then), so the calls that found the task's timeouts
   * are not in it; its start time is still the task's receipt.
   * @defaultValue none: every task's span is a root
   */
  readonly traceparent?: (input: unknown, task: ActivityTaskInfo) => string | undefined;
  /**
   * SWF calls during which tracing is suppressed, so that other instrumentation (such as
   * `@opentelemetry/instrumentation-aws-sdk`, and the HTTP instrumentation under it) records
   * no span for them: the 60 s long polls, and heartbeats (thousands a minute in a busy fleet).
   * The other calls of a task are made in the context of its span, so theirs are its children.
   * @defaultValue `['PollForActivityTask', 'RecordActivityTaskHeartbeat']`
   */
  readonly suppressTracingOf?: readonly SwfOperation[];
  /**
   * Where durations are measured: give the worker's clock when it is not the system clock.
   * @defaultValue the system clock, at sub-millisecond precision
   */
  readonly clock?: Clock;
}

/**
 * OpenTelemetry traces and metrics for activity workers, as one interceptor: give it to an
 * `ActivityWorker` (or `runActivityTask`) in `interceptors`.
 *
 * **Traces.** One span per task run, named `RunActivity:<activity type name>`, kind CONSUMER,
 * from the task's receipt to its end (the response SWF accepted, the task found gone, or the
 * response given up). Its attributes name the task (`swf.domain`, `swf.task_list`,
 * `swf.activity_type.name`, `swf.activity_type.version`, `swf.workflow_id`, `swf.run_id`,
 * `swf.activity_id`, `swf.started_event_id`), where its timeouts came from
 * (`swf.timeout_source`, and `swf.heartbeat_timeout_ms`, `swf.start_to_close_timeout_ms` when
 * known) and how it ended (`swf.outcome`, `swf.failure_reason`, `swf.heartbeat_count`). Span
 * events: `swf.cancel_requested`, `swf.task_gone`, `swf.heartbeat_retried`,
 * `swf.heartbeat_failed`, `swf.details_truncated`, `swf.respond_retried`,
 * `swf.respond_failed`, `swf.warning`, `swf.handed_off`. Status OK for completed and canceled
 * tasks, ERROR (with the exception) for failed ones, ERROR for tasks gone or unreported, unset
 * for tasks handed off (`ctx.completeLater()`: whoever holds the token reports them). The handler runs in the
 * span's context: spans it starts are children. Heartbeats are not spans: they are counted.
 *
 * **Metrics.** See {@link METRIC_DEFINITIONS}: Temporal's names where the meaning is the same,
 * SWF's own besides, under `metricPrefix`, with the attributes `domain`, `task_list`,
 * `activity_type` (and `outcome` where a task ended).
 *
 * @example
 * ```ts
 * import { OpenTelemetryInterceptor } from 'swf-activity-worker/otel';
 *
 * // After your OpenTelemetry SDK is set up (NodeSDK, or providers of your own):
 * const worker = new ActivityWorker({
 *   client, domain: 'media', taskList: 'images', activities: [resizeImage],
 *   interceptors: [new OpenTelemetryInterceptor({ metricPrefix: 'swf_' })],
 * });
 * ```
 */
export class OpenTelemetryInterceptor implements ActivityInterceptor {
  readonly #tracer: Tracer | undefined;
  readonly #instruments: Instruments | undefined;
  readonly #traceparent: OpenTelemetryInterceptorOptions['traceparent'];
  readonly #suppressed: ReadonlySet<SwfOperation>;
  readonly #clock: Clock | undefined;
  readonly #tasks = new WeakMap<ActivityTaskInfo, TaskTelemetry>();
  /** The task list of each polled task, by token, until the task is first seen. */
  readonly #taskLists = new Map<string, string>();
  /** The workers whose slots and polls the gauges report, with their attributes. */
  readonly #workers = new Map<ObservedWorker, Attributes>();
  /**
   * Each active context with tracing suppressed, made once: a poll loop sends every poll from
   * the same context, and a context is immutable, so the copy can be reused.
   */
  readonly #suppressedContexts = new WeakMap<Context, Context>();

  constructor(options: OpenTelemetryInterceptorOptions = {}) {
    checkOptions(options);
    this.#traceparent = options.traceparent;
    this.#suppressed = new Set(
      options.suppressTracingOf ?? ['PollForActivityTask', 'RecordActivityTaskHeartbeat'],
    );
    this.#clock = options.clock;
    if (options.traces !== false) {
      this.#tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
    }
    if (options.metrics !== false) {
      const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
      const instruments = createInstruments(meter, options.metricPrefix ?? 'swf_');
      this.#instruments = instruments;
      instruments.worker_task_slots_used.addCallback((result) => {
        for (const [worker, attributes] of this.#workers) {
          result.observe(worker.tasksInFlight, attributes);
        }
      });
      instruments.worker_task_slots_available.addCallback((result) => {
        for (const [worker, attributes] of this.#workers) {
          result.observe(Math.max(0, worker.maxConcurrentTasks - worker.tasksInFlight), attributes);
        }
      });
      instruments.num_pollers.addCallback((result) => {
        for (const [worker, attributes] of this.#workers) {
          result.observe(worker.pollsInFlight, { ...attributes, poller_type: 'activity_task' });
        }
      });
    }
  }

  /** Runs the handler in the context of the task's span. */
  execute(input: unknown, ctx: ActivityContext, next: ExecuteNext): Promise<unknown> {
    const tracer = this.#tracer;
    if (tracer === undefined) return next(input, ctx);
    const state = this.#stateOf(ctx.task);
    if (state.span === undefined) this.#startSpan(tracer, state, this.#parentOf(input, ctx.task));
    return context.with(state.contextIn(context.active()), next, undefined, input, ctx);
  }

  /**
   * Measures polls and heartbeats, reads the schedule time from history pages. Other calls
   * (the responds) are passed on as they are: no promise of its own between them and the SDK.
   */
  call<Operation extends SwfOperation>(
    operation: Operation,
    input: SwfCallInput<Operation>,
    next: SwfCallNext<Operation>,
  ): Promise<SwfCallOutput<Operation>> {
    const state = input.task === undefined ? undefined : this.#stateOf(input.task);
    const sentAt = operation === 'RecordActivityTaskHeartbeat' ? this.#now() : 0;
    const sent = this.#inContext(operation, state, input, next);
    if (operation === 'PollForActivityTask') {
      return tapped(sent, (output) =>
        this.#polled(
          input as SwfCallInput<'PollForActivityTask'>,
          output as SwfCallOutput<'PollForActivityTask'>,
        ),
      );
    }
    if (state === undefined) return sent;
    if (operation === 'RecordActivityTaskHeartbeat') {
      return sent.then(
        (output) => {
          this.#acknowledged(state, sentAt);
          return output;
        },
        (error: unknown) => {
          if (classifySwfError(error) === 'throttled') {
            this.#instruments?.activity_heartbeat_throttled.add(1, state.attributes);
          }
          throw error;
        },
      );
    }
    if (operation === 'GetWorkflowExecutionHistory') {
      return tapped(sent, (output) =>
        this.#historyRead(state, output as SwfCallOutput<'GetWorkflowExecutionHistory'>),
      );
    }
    return sent;
  }

  /** Counts what happens to tasks, as span events and metric points. */
  onEvent(event: WorkerEvent): void {
    if (!('task' in event) || event.task === undefined) return;
    this.#taskEvent(event as ActivityEvent & { readonly task: ActivityTaskInfo });
  }

  /** Reports the worker's slots and polls in the gauges while it runs. */
  observeWorker(worker: ObservedWorker): () => void {
    this.#workers.set(worker, {
      domain: worker.domain,
      task_list: worker.taskList,
      worker_type: 'ActivityWorker',
    });
    return () => {
      this.#workers.delete(worker);
    };
  }

  // ---- internals ---------------------------------------------------------------------------

  #taskEvent(event: ActivityEvent & { readonly task: ActivityTaskInfo }): void {
    const state = this.#stateOf(event.task);
    const instruments = this.#instruments;
    const attributes = state.attributes;
    const time = this.#now();
    switch (event.type) {
      case 'taskStarted': {
        const { timeouts } = event;
        state.heartbeatTimeoutMs = timeouts.heartbeatTimeoutMs;
        const spanAttributes: Attributes = { 'swf.timeout_source': timeouts.source };
        if (Number.isFinite(timeouts.heartbeatTimeoutMs)) {
          spanAttributes['swf.heartbeat_timeout_ms'] = timeouts.heartbeatTimeoutMs;
        }
        if (Number.isFinite(timeouts.startToCloseTimeoutMs)) {
          spanAttributes['swf.start_to_close_timeout_ms'] = timeouts.startToCloseTimeoutMs;
        }
        state.startAttributes = spanAttributes;
        state.span?.setAttributes(spanAttributes);
        break;
      }
      case 'heartbeatSent':
        state.heartbeats += 1;
        instruments?.activity_heartbeat_sent.add(1, attributes);
        if (event.budgetWaitMs !== undefined) {
          instruments?.activity_heartbeat_budget_wait.record(event.budgetWaitMs, attributes);
        }
        break;
      case 'heartbeatRetried':
        instruments?.activity_heartbeat_retried.add(1, attributes);
        state.addEvent(
          'swf.heartbeat_retried',
          { attempt: event.attempt, delay_ms: event.delayMs, error: errorText(event.error) },
          time,
        );
        break;
      case 'heartbeatFailed':
        instruments?.activity_heartbeat_failed.add(1, attributes);
        state.addEvent('swf.heartbeat_failed', { error: errorText(event.error) }, time);
        break;
      case 'detailsTruncated':
        instruments?.activity_details_truncated.add(1, attributes);
        state.addEvent('swf.details_truncated', { length: event.length, limit: event.limit }, time);
        break;
      case 'cancelRequested':
        instruments?.activity_cancel_requested.add(1, attributes);
        state.addEvent('swf.cancel_requested', {}, time);
        break;
      case 'taskGone':
        instruments?.activity_task_gone.add(1, { ...attributes, during: event.during });
        state.addEvent(
          'swf.task_gone',
          { during: event.during, error: errorText(event.error) },
          time,
        );
        break;
      case 'respondRetried':
        state.addEvent(
          'swf.respond_retried',
          { attempt: event.attempt, delay_ms: event.delayMs, error: errorText(event.error) },
          time,
        );
        break;
      case 'respondFailed':
        instruments?.activity_respond_failed.add(1, attributes);
        state.addEvent('swf.respond_failed', { error: errorText(event.error) }, time);
        break;
      case 'warning':
        state.addEvent('swf.warning', { code: event.code, message: event.message }, time);
        break;
      case 'taskHandedOff':
        state.addEvent('swf.handed_off', {}, time);
        break;
      case 'taskFinished':
        this.#finish(state, event.outcome, time);
        break;
      default:
        break;
    }
  }

  /** The record of `task`, made when the task is first seen. */
  #stateOf(task: ActivityTaskInfo): TaskTelemetry {
    let state = this.#tasks.get(task);
    if (state === undefined) {
      const taskList = this.#taskLists.get(task.taskToken);
      this.#taskLists.delete(task.taskToken);
      state = new TaskTelemetry(task, taskList, this.#now());
      this.#tasks.set(task, state);
      this.#instruments?.activity_task_received.add(1, state.attributes);
      // A root span starts at once, so that the calls that find the task's timeouts are in it;
      // a span with a parent from the input waits for the decoded input.
      if (this.#tracer !== undefined && this.#traceparent === undefined) {
        this.#startSpan(this.#tracer, state, undefined);
      }
    }
    return state;
  }

  #startSpan(tracer: Tracer, state: TaskTelemetry, parent: Context | undefined): Span {
    const span = tracer.startSpan(
      `RunActivity:${state.task.activityType.name}`,
      {
        kind: SpanKind.CONSUMER,
        startTime: state.receivedAt,
        attributes: state.spanAttributes(),
        root: parent === undefined,
      },
      parent,
    );
    return state.startedSpan(span);
  }

  /** The remote parent the input names, if the user reads one. */
  #parentOf(input: unknown, task: ActivityTaskInfo): Context | undefined {
    const read = this.#traceparent;
    if (read === undefined) return undefined;
    try {
      return contextFromTraceparent(read(input, task));
    } catch {
      return undefined;
    }
  }

  /** Runs an SWF call with tracing suppressed, or in its task's span, or as it is. */
  #inContext<Operation extends SwfOperation>(
    operation: Operation,
    state: TaskTelemetry | undefined,
    input: SwfCallInput<Operation>,
    next: SwfCallNext<Operation>,
  ): Promise<SwfCallOutput<Operation>> {
    if (this.#tracer === undefined) return next(input);
    if (this.#suppressed.has(operation)) {
      return context.with(this.#suppressedIn(context.active()), next, undefined, input);
    }
    if (state?.span === undefined) return next(input);
    return context.with(state.contextIn(context.active()), next, undefined, input);
  }

  #suppressedIn(active: Context): Context {
    let suppressed = this.#suppressedContexts.get(active);
    if (suppressed === undefined) {
      suppressed = active.setValue(SUPPRESS_TRACING_KEY, true);
      this.#suppressedContexts.set(active, suppressed);
    }
    return suppressed;
  }

  #polled(
    input: SwfCallInput<'PollForActivityTask'>,
    output: SwfCallOutput<'PollForActivityTask'>,
  ): void {
    const taskList = input.request.taskList?.name;
    if (output.taskToken) {
      if (taskList !== undefined) this.#taskLists.set(output.taskToken, taskList);
    } else {
      this.#instruments?.activity_poll_no_task.add(1, {
        domain: input.request.domain,
        ...(taskList === undefined ? {} : { task_list: taskList }),
      });
    }
  }

  /** A heartbeat sent at `sentAt` was acknowledged: how much time was left? */
  #acknowledged(state: TaskTelemetry, sentAt: number): void {
    const timeoutMs = state.heartbeatTimeoutMs;
    if (Number.isFinite(timeoutMs)) {
      const slack = state.lastAcknowledgedAt + timeoutMs - this.#now();
      this.#instruments?.activity_heartbeat_slack.record(Math.max(0, slack), state.attributes);
    }
    state.lastAcknowledgedAt = sentAt;
  }

  /**
   * A page of the task's history (newest first): its ActivityTaskStarted event names the
   * scheduled one; their times give the schedule-to-start latency, by SWF's clock.
   */
  #historyRead(state: TaskTelemetry, page: SwfCallOutput<'GetWorkflowExecutionHistory'>): void {
    if (state.scheduleToStartRecorded) return;
    for (const event of page.events ?? []) {
      if (
        event.eventId === state.task.startedEventId &&
        event.eventType === 'ActivityTaskStarted'
      ) {
        state.startedEventTime = event.eventTimestamp;
        state.scheduledEventId = event.activityTaskStartedEventAttributes?.scheduledEventId;
      } else if (
        state.scheduledEventId !== undefined &&
        event.eventId === state.scheduledEventId &&
        event.eventTimestamp !== undefined &&
        state.startedEventTime !== undefined
      ) {
        state.scheduleToStartRecorded = true;
        const latency = state.startedEventTime.getTime() - event.eventTimestamp.getTime();
        this.#instruments?.activity_schedule_to_start_latency.record(
          Math.max(0, latency),
          state.attributes,
        );
        return;
      }
    }
  }

  #finish(state: TaskTelemetry, outcome: ActivityTaskOutcome, time: number): void {
    this.#tasks.delete(state.task);
    const instruments = this.#instruments;
    if (instruments !== undefined) {
      instruments.activity_execution_latency.record(Math.max(0, time - state.receivedAt), {
        ...state.attributes,
        outcome: outcome.status,
      });
      if (outcome.status === 'failed') {
        instruments.activity_execution_failed.add(1, state.attributes);
      }
    }
    const tracer = this.#tracer;
    if (tracer === undefined) return;
    const span = state.span ?? this.#startSpan(tracer, state, undefined);
    span.setAttributes({ 'swf.outcome': outcome.status, 'swf.heartbeat_count': state.heartbeats });
    switch (outcome.status) {
      case 'completed':
      case 'canceled':
        span.setStatus({ code: SpanStatusCode.OK });
        break;
      case 'failed':
        if (outcome.reason !== undefined) span.setAttribute('swf.failure_reason', outcome.reason);
        recordException(span, outcome.error, time);
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.reason });
        break;
      case 'gone':
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: 'SWF no longer knows the task: it timed out, or its execution closed',
        });
        break;
      case 'unreported':
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: 'The outcome could not be reported',
        });
        break;
      default:
        break;
    }
    span.end(time);
  }

  /** Now, in milliseconds since the epoch: the given clock's, or the precise system time. */
  #now(): number {
    return this.#clock === undefined
      ? performance.timeOrigin + performance.now()
      : this.#clock.now();
  }
}

/** `sent`, with `seen` given its output before anyone awaiting it. */
function tapped<Output>(sent: Promise<Output>, seen: (output: Output) => void): Promise<Output> {
  return sent.then((output) => {
    seen(output);
    return output;
  });
}

/** Records `error` on `span` as an exception event (any thrown value). */
function recordException(span: Span, error: unknown, time: number): void {
  if (error === undefined) return;
  if (error instanceof Error) {
    span.recordException(error, time);
  } else {
    span.recordException({ name: 'NonErrorThrown', message: errorText(error) }, time);
  }
}

/** `Name: message` of an error, or the text of any other value; never throws. */
function errorText(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'an unprintable value';
  }
}

function checkOptions(options: OpenTelemetryInterceptorOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('OpenTelemetryInterceptor: options must be an object');
  }
  if (options.metricPrefix !== undefined && !/^[A-Za-z_][\w.-]*$|^$/.test(options.metricPrefix)) {
    throw new TypeError(
      `OpenTelemetryInterceptor: metricPrefix must start with a letter or _ and hold letters, digits, _ . or - only, got ${JSON.stringify(options.metricPrefix)}`,
    );
  }
  if (options.traceparent !== undefined && typeof options.traceparent !== 'function') {
    throw new TypeError(
      'OpenTelemetryInterceptor: traceparent must be a function of the decoded input that returns a traceparent string or undefined',
    );
  }
}
