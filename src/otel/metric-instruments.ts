import type { Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';

/**
 * Bucket boundaries for durations in milliseconds, from 5 ms to 2 hours: activities run for
 * milliseconds or for hours.
 */
const DURATION_BUCKETS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000,
  600_000, 1_800_000, 3_600_000, 7_200_000,
];

/** Bucket boundaries for the heartbeat-budget wait, in milliseconds: mostly none. */
const WAIT_BUCKETS_MS = [0, 1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000];

/**
 * The metrics of the adapter, by their name without the prefix: the instrument, its unit and
 * what it measures. The names Temporal's SDKs use come first, with the same meaning; SWF's own
 * follow.
 */
export const METRIC_DEFINITIONS = {
  activity_execution_latency: {
    kind: 'histogram',
    unit: 'ms',
    description:
      'Time from when the worker received a task to its end (response accepted, task found gone, or response given up). Attributes: domain, task_list, activity_type, outcome.',
    buckets: DURATION_BUCKETS_MS,
  },
  activity_schedule_to_start_latency: {
    kind: 'histogram',
    unit: 'ms',
    description:
      "Time from ActivityTaskScheduled to ActivityTaskStarted, by SWF's clock; recorded when the worker read the task's history (timeoutStrategy 'history', or a type with no default timeouts).",
    buckets: DURATION_BUCKETS_MS,
  },
  activity_execution_failed: {
    kind: 'counter',
    unit: '{task}',
    description: 'Tasks reported with RespondActivityTaskFailed.',
  },
  activity_task_received: {
    kind: 'counter',
    unit: '{task}',
    description: 'Tasks received by the worker (or given to runActivityTask).',
  },
  activity_poll_no_task: {
    kind: 'counter',
    unit: '{poll}',
    description: 'Polls that SWF answered without a task (the 60 s long poll ended empty).',
  },
  worker_task_slots_available: {
    kind: 'gauge',
    unit: '{slot}',
    description: 'Slots free for a task: maxConcurrentTasks minus the tasks in flight.',
  },
  worker_task_slots_used: {
    kind: 'gauge',
    unit: '{slot}',
    description: 'Tasks in flight.',
  },
  num_pollers: {
    kind: 'gauge',
    unit: '{poller}',
    description: "Polls waiting for SWF's answer.",
  },
  activity_heartbeat_sent: {
    kind: 'counter',
    unit: '{heartbeat}',
    description: 'Heartbeats SWF acknowledged.',
  },
  activity_heartbeat_retried: {
    kind: 'counter',
    unit: '{heartbeat}',
    description: 'Heartbeat tries that failed with a transient error and were tried again.',
  },
  activity_heartbeat_failed: {
    kind: 'counter',
    unit: '{heartbeat}',
    description: 'Heartbeats that could not be sent before their deadline, or failed for good.',
  },
  activity_heartbeat_throttled: {
    kind: 'counter',
    unit: '{call}',
    description: 'RecordActivityTaskHeartbeat tries that SWF throttled.',
  },
  activity_heartbeat_slack: {
    kind: 'histogram',
    unit: 'ms',
    description:
      'Time left before the heartbeat timeout would have run out, when SWF acknowledged a heartbeat. Low values: heartbeats come close to their deadline.',
    buckets: DURATION_BUCKETS_MS,
  },
  activity_heartbeat_budget_wait: {
    kind: 'histogram',
    unit: 'ms',
    description:
      "Time a heartbeat waited for the process's heartbeat budget (SWF's quota) before it was sent.",
    buckets: WAIT_BUCKETS_MS,
  },
  activity_cancel_requested: {
    kind: 'counter',
    unit: '{task}',
    description: 'Tasks whose heartbeat SWF answered with cancelRequested.',
  },
  activity_task_gone: {
    kind: 'counter',
    unit: '{task}',
    description:
      'Tasks SWF no longer knew (timed out, or their execution closed). Attribute during: heartbeat or respond.',
  },
  activity_respond_failed: {
    kind: 'counter',
    unit: '{task}',
    description: 'Outcomes that could not be reported (a permanent error, or retries ran out).',
  },
  activity_details_truncated: {
    kind: 'counter',
    unit: '{heartbeat}',
    description: "Heartbeat details cut to SWF's 2,048 characters.",
  },
} as const satisfies Record<
  string,
  {
    readonly kind: 'histogram' | 'counter' | 'gauge';
    readonly unit: string;
    readonly description: string;
    readonly buckets?: readonly number[];
  }
>;

/** The name of a metric, without its prefix. */
export type MetricName = keyof typeof METRIC_DEFINITIONS;

type InstrumentOf<Kind> = Kind extends 'histogram'
  ? Histogram
  : Kind extends 'counter'
    ? Counter
    : ObservableGauge;

/** The instruments of every metric, by name. */
export type Instruments = {
  readonly [Name in MetricName]: InstrumentOf<(typeof METRIC_DEFINITIONS)[Name]['kind']>;
};

/** Creates every instrument on `meter`, each named `prefix` + its name. */
export function createInstruments(meter: Meter, prefix: string): Instruments {
  const entries = Object.entries(METRIC_DEFINITIONS).map(([name, metric]) => {
    const options = { unit: metric.unit, description: metric.description };
    if (metric.kind === 'histogram') {
      const advice = { explicitBucketBoundaries: [...metric.buckets] };
      return [name, meter.createHistogram(`${prefix}${name}`, { ...options, advice })];
    }
    return metric.kind === 'counter'
      ? [name, meter.createCounter(`${prefix}${name}`, options)]
      : [name, meter.createObservableGauge(`${prefix}${name}`, options)];
  });
  return Object.fromEntries(entries) as Instruments;
}
