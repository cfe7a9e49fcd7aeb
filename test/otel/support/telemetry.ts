/**
 * The real OpenTelemetry SDK, recording in memory: a tracer provider whose spans go to an
 * in-memory exporter, and a meter provider read on demand.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  type MetricData,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A metric reader that collects when asked: the in-memory reader of the tests. */
class InMemoryMetricReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** A point of a metric: its attributes, and its value (a number, or a histogram). */
export type Point = DataPoint<number | Histogram>;

/** The SDK's providers, and what they recorded. */
export interface Telemetry {
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  /** The spans ended so far. */
  spans(): ReadableSpan[];
  /** Collects every metric now, by name. */
  collect(): Promise<Map<string, MetricData>>;
  /** The points of metric `name` whose attributes include `attributes`. */
  points(name: string, attributes?: Attributes): Promise<Point[]>;
  /** The sum of the counter `name` over the points whose attributes include `attributes`. */
  count(name: string, attributes?: Attributes): Promise<number>;
  shutdown(): Promise<void>;
}

export function createTelemetry(): Telemetry {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const reader = new InMemoryMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const collect = async (): Promise<Map<string, MetricData>> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw new AggregateError(errors, 'metric collection failed');
    const byName = new Map<string, MetricData>();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
    }
    return byName;
  };
  const points = async (name: string, attributes: Attributes = {}): Promise<Point[]> => {
    const metric = (await collect()).get(name);
    if (metric === undefined) return [];
    return (metric.dataPoints as Point[]).filter((point) =>
      Object.entries(attributes).every(([key, value]) => point.attributes[key] === value),
    );
  };
  return {
    tracerProvider,
    meterProvider,
    spans: () => exporter.getFinishedSpans(),
    collect,
    points,
    async count(name, attributes) {
      return (await points(name, attributes)).reduce(
        (sum, point) => sum + (typeof point.value === 'number' ? point.value : point.value.count),
        0,
      );
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** The histogram value of a point (fails the test if it is not one). */
export function histogram(point: Point | undefined): Histogram {
  if (point === undefined || typeof point.value === 'number') {
    throw new Error(`not a histogram point: ${JSON.stringify(point)}`);
  }
  return point.value;
}
