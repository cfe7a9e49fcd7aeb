/**
 * # swf-activity-worker/otel
 *
 * OpenTelemetry traces and metrics for activity workers, as one interceptor. Its only
 * dependency is `@opentelemetry/api` (an optional peer dependency of the package: install it
 * with your OpenTelemetry SDK); the rest of the package never loads it.
 *
 * ```ts
 * import { NodeSDK } from '@opentelemetry/sdk-node';
 * import { OpenTelemetryInterceptor } from 'swf-activity-worker/otel';
 *
 * new NodeSDK({ ... }).start(); // first: the interceptor reads the global providers
 * const worker = new ActivityWorker({
 *   client, domain: 'media', taskList: 'images', activities: [resizeImage],
 *   interceptors: [new OpenTelemetryInterceptor()],
 * });
 * ```
 *
 * ## Traces
 * One span per task run, `RunActivity:<activity type name>`, kind CONSUMER, from the task's
 * receipt to its end. SWF carries no trace context, so these spans are roots, unless you put a
 * W3C `traceparent` in your inputs and return it from the `traceparent` option. The handler
 * runs in the span's context (with the SDK's AsyncLocalStorage context manager, as NodeSDK
 * installs): the spans of what it calls (HTTP, databases, AWS) are children.
 *
 * ## With `@opentelemetry/instrumentation-aws-sdk`
 * That instrumentation records a span for every call of the SWF client: a 60 s span for each
 * long poll, most of them empty, and one per heartbeat, thousands a minute in a busy fleet. The
 * interceptor suppresses tracing during polls and heartbeats (the `suppressTracingOf` option),
 * so neither they nor the HTTP spans under them are recorded; the task's other calls
 * (`RespondActivityTask…`, `DescribeActivityType`, `GetWorkflowExecutionHistory`) run in the
 * context of the task's span, and their spans are its children. Heartbeats are counted in
 * metrics instead. Give `suppressTracingOf: []` to see every call.
 *
 * ## Metrics
 * Temporal's names where the meaning is the same, so that dashboards carry over (with
 * `metricPrefix: 'temporal_'`, the names are Temporal's exactly), and SWF's own:
 * {@link METRIC_DEFINITIONS} lists each with its instrument, unit and meaning. Attributes:
 * `domain`, `task_list`, `activity_type`, `outcome` for the execution latency, `during` for
 * tasks gone, `worker_type` and `poller_type` on the gauges, as Temporal's. Durations are in
 * milliseconds, as Temporal's Core-based SDKs report them.
 *
 * @module swf-activity-worker/otel
 */
export { METRIC_DEFINITIONS, type MetricName } from './metric-instruments.js';
export {
  OpenTelemetryInterceptor,
  type OpenTelemetryInterceptorOptions,
} from './open-telemetry-interceptor.js';
