/**
 * A worker process as an orchestrator runs it, for the orchestrator tests: an ActivityWorker
 * with default options against the fake SWF at `SWF_ENDPOINT` (domain and task list from
 * `SWF_DOMAIN` and `SWF_TASK_LIST`, `shutdownGraceMs` from `SHUTDOWN_GRACE_MS` if set), that
 * exits once `run()` resolves, as a service should. With `OPENTELEMETRY` set, every call goes
 * through the OpenTelemetry interceptor, its spans to the real SDK.
 *
 * Three activities: `finishes` (works `input.ms`, stops when its signal aborts), `obeys` (works
 * until its signal aborts) and `ignores` (never stops, whatever its signal says).
 *
 * Writes one line per worker event and per signal received to stdout, `stopped` once `run()`
 * resolved, and a `run rejected` line if it rejected; with `OPENTELEMETRY`, a line
 * `span <activity id> <outcome>` for each task span as it ends.
 *
 * Run with `node --conditions=swf-activity-worker:source --import tsx`.
 */
import { SWFClient } from '@aws-sdk/client-swf';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  type ActivityInterceptor,
  ActivityWorker,
  type ActivityWorkerOptions,
  defineActivity,
  WORKER_EVENT_TYPES,
} from 'swf-activity-worker';

const endpoint = process.env.SWF_ENDPOINT;
if (endpoint === undefined) throw new Error('SWF_ENDPOINT is not set');

const line = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

const finishes = defineActivity<{ ms: number }, string>({
  name: 'finishes',
  version: '1',
  async handler(input, ctx) {
    await ctx.sleep(input.ms);
    return 'finished';
  },
});

const obeys = defineActivity<unknown, never>({
  name: 'obeys',
  version: '1',
  handler: (_input, ctx) =>
    new Promise<never>((_resolve, reject) => {
      ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
    }),
});

const ignores = defineActivity<unknown, never>({
  name: 'ignores',
  version: '1',
  // Busy with something that does not listen: a timer that keeps the process alive.
  handler: () => new Promise<never>(() => setInterval(() => {}, 1_000)),
});

const client = new SWFClient({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'AKIDORCHESTRATED', secretAccessKey: 'orchestrated-secret' },
});
/** The OpenTelemetry interceptor, its task spans written to stdout as they end. */
async function openTelemetryInterceptor(): Promise<ActivityInterceptor> {
  const { BasicTracerProvider, SimpleSpanProcessor } = await import(
    '@opentelemetry/sdk-trace-base'
  );
  const { OpenTelemetryInterceptor } = await import('swf-activity-worker/otel');
  const exporter: SpanExporter = {
    export(spans, done) {
      for (const span of spans) {
        line(`span ${span.attributes['swf.activity_id']} ${span.attributes['swf.outcome']}`);
      }
      done({ code: 0 });
    },
    shutdown: async () => {},
  };
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return new OpenTelemetryInterceptor({ tracerProvider });
}

const grace = process.env.SHUTDOWN_GRACE_MS;
const options: ActivityWorkerOptions = {
  client,
  domain: process.env.SWF_DOMAIN ?? 'resilience',
  taskList: process.env.SWF_TASK_LIST ?? 'net',
  activities: [finishes, obeys, ignores],
  ...(grace === undefined ? {} : { shutdownGraceMs: Number(grace) }),
  ...(process.env.OPENTELEMETRY === undefined
    ? {}
    : { interceptors: [await openTelemetryInterceptor()] }),
};
const worker = new ActivityWorker(options);
for (const type of WORKER_EVENT_TYPES) {
  worker.on(type, (event) => {
    const task = 'task' in event ? event.task?.activityId : undefined;
    line(`event ${type}${task === undefined ? '' : ` ${task}`}`);
  });
}
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => line(`signal ${signal}`));

try {
  await worker.run();
  line('stopped');
} catch (error) {
  line(`run rejected ${error instanceof Error ? error.name : String(error)}`);
}
client.destroy();
// A handler given up on may still hold the event loop: a service exits once run() is over.
process.exit(0);
