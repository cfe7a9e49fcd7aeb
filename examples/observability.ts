/**
 * Observability: a worker with OpenTelemetry traces and metrics, printed by the SDK's console
 * exporters. Each task run is a span, `RunActivity:<activity>`, whose children are the spans the
 * handler starts; the decider puts a `traceparent` in the inputs so that the task spans join the
 * trace that started the workflow. The metrics (latencies, heartbeats, slots, polls) are printed
 * once the tasks are done.
 *
 *   npm run example examples/observability.ts
 *
 * In production, set up the SDK with NodeSDK (`@opentelemetry/sdk-node`) and exporters to your
 * backend; the interceptor reads the global providers.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ActivityWorker, defineActivity } from 'swf-activity-worker';
import { OpenTelemetryInterceptor } from 'swf-activity-worker/otel';
import { connectExampleSwf } from './support/example-swf.js';
import { startWorkflow } from './support/workflow.js';

// The OpenTelemetry SDK: spans to the console as they end, metrics to the console on demand.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
});
trace.setGlobalTracerProvider(tracerProvider);
const metricReader = new PeriodicExportingMetricReader({
  exporter: new ConsoleMetricExporter(),
  exportIntervalMillis: 60_000,
});
const meterProvider = new MeterProvider({ readers: [metricReader] });
const tracer = trace.getTracer('observability-example');

interface Input {
  readonly key: string;
  /** The W3C trace context of whoever started the workflow. */
  readonly traceparent?: string;
}

const resizeImage = defineActivity({
  name: 'resizeImage',
  version: '1',
  async handler(input: Input, ctx) {
    // The handler runs in its task's span: this span is a child of it.
    await tracer.startActiveSpan('download', async (span) => {
      await ctx.sleep(200);
      span.end();
    });
    ctx.heartbeat({ stage: 'resize' });
    await ctx.sleep(1_200); // long enough for the heartbeat to go out
    return { thumbnail: `thumbnails/${input.key}` };
  },
});

const transcode = defineActivity({
  name: 'transcode',
  version: '1',
  async handler(input: Input) {
    throw new Error(`no codec for ${input.key}`);
  },
});

const swf = await connectExampleSwf([
  { name: 'resizeImage', version: '1', heartbeatTimeout: 10, startToCloseTimeout: 60 },
  { name: 'transcode', version: '1', heartbeatTimeout: 10, startToCloseTimeout: 60 },
]);
const taskList = swf.taskList('media');

// #region worker
const worker = new ActivityWorker({
  client: swf.client,
  domain: swf.domain,
  taskList,
  activities: [resizeImage, transcode],
  interceptors: [
    new OpenTelemetryInterceptor({
      meterProvider, // or the global one, registered before the interceptor is built
      metricPrefix: 'swf_',
      traceparent: (input) => (input as Input).traceparent,
    }),
  ],
});
// #endregion
const running = worker.run();

// Whoever starts the workflow has a trace of its own, and passes it on in the inputs.
const starter = tracer.startSpan('start media workflow');
const { traceId, spanId } = starter.spanContext();
const traceparent = `00-${traceId}-${spanId}-01`;
const workflow = await startWorkflow(swf, [
  {
    activityId: 'resize-cat',
    activityType: resizeImage,
    input: { key: 'cat.png', traceparent },
    taskList,
  },
  {
    activityId: 'resize-owl',
    activityType: resizeImage,
    input: { key: 'owl.png', traceparent },
    taskList,
  },
  {
    activityId: 'transcode-dog',
    activityType: transcode,
    input: { key: 'dog.mov', traceparent },
    taskList,
  },
]);
starter.end();
for (const { activityId, outcome } of await workflow.finished) {
  console.log(`${activityId}: ${outcome}`);
}

// The metrics, while the worker still runs (its slot and poller gauges report it).
await metricReader.forceFlush();
await swf.finish(worker);
await running;
await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
