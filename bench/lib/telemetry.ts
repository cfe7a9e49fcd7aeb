/**
 * The OpenTelemetry SDK as a production worker would run it, exporting to memory: spans through
 * a batch processor, metrics read every second by a periodic reader. For the cost of
 * `swf-activity-worker/otel` in the benchmarks.
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
  InMemorySpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryInterceptor } from 'swf-activity-worker/otel';

/** An SDK whose spans and metrics go to memory, and the interceptor that reports to it. */
export interface BenchTelemetry {
  readonly interceptor: OpenTelemetryInterceptor;
  /** Exports what is pending; answers the spans exported since the last call, and forgets them. */
  flush(): Promise<number>;
  shutdown(): Promise<void>;
}

export function startTelemetry(): BenchTelemetry {
  const spans = new InMemorySpanExporter();
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
      const exported = spans.getFinishedSpans().length;
      spans.reset();
      metricExporter.reset();
      return exported;
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
