/**
 * The OpenTelemetry SDK as a production worker would run it: spans through a batch processor to
 * an exporter that counts them and lets them go (as a network exporter does once a batch is
 * sent), metrics read every second by a periodic reader into memory. For the cost of
 * `swf-activity-worker/otel` in the benchmarks.
 *
 * The spans are not kept: an in-memory exporter holds every span of a round until it is read,
 * thousands of them, which the collector then carries into the old generation and marks again
 * and again. That cost belongs to the exporter, not to the interceptor, and a production
 * exporter does not have it.
 */
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryInterceptor } from 'swf-activity-worker/otel';

/** Counts the spans it is given and keeps none of them. */
class CountingSpanExporter implements SpanExporter {
  exported = 0;

  export(spans: ReadableSpan[], resultCallback: Parameters<SpanExporter['export']>[1]): void {
    this.exported += spans.length;
    resultCallback({ code: 0 }); // ExportResultCode.SUCCESS
  }

  async shutdown(): Promise<void> {}

  async forceFlush(): Promise<void> {}
}

/** An SDK whose spans are counted and whose metrics go to memory, with its interceptor. */
export interface BenchTelemetry {
  readonly interceptor: OpenTelemetryInterceptor;
  /** Exports what is pending; answers the spans exported since the last call, and forgets them. */
  flush(): Promise<number>;
  shutdown(): Promise<void>;
}

export function startTelemetry(): BenchTelemetry {
  const spans = new CountingSpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(spans, { maxQueueSize: 65_536 })],
  });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 1_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    interceptor: new OpenTelemetryInterceptor({ tracerProvider, meterProvider }),
    async flush() {
      await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
      const exported = spans.exported;
      spans.exported = 0;
      metricExporter.reset();
      return exported;
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
