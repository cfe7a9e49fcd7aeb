import { type Attributes, type Context, type Span, trace } from '@opentelemetry/api';
import type { ActivityTaskInfo } from '../runner/activity-task-info.js';

/** A span event that came before the task's span was started. */
interface PendingEvent {
  readonly name: string;
  readonly attributes: Attributes;
  readonly time: number;
}

/** What the adapter keeps about one task while it runs. */
export class TaskTelemetry {
  /** domain, task_list, activity_type: the attributes of the task's metric points. */
  readonly attributes: Attributes;
  /** The task's span, once started. */
  span: Span | undefined;
  /** The context {@link TaskTelemetry.contextIn} made last, and the one it was made from. */
  #spanContext: { readonly base: Context; readonly withSpan: Context } | undefined;
  /** Span events recorded before the span started (a heartbeat retried while timeouts were found). */
  pending: PendingEvent[] | undefined;
  /** Where the task's timeouts came from, and the timeouts, once known: span attributes. */
  startAttributes: Attributes | undefined;
  /** The heartbeat timeout, once known; NaN until then or when unknown. */
  heartbeatTimeoutMs = Number.NaN;
  /** When the last heartbeat SWF acknowledged was sent (the task's receipt before the first). */
  lastAcknowledgedAt: number;
  /** Heartbeats SWF acknowledged. */
  heartbeats = 0;
  /** Whether the schedule-to-start latency was recorded. */
  scheduleToStartRecorded = false;
  /** The time of the task's ActivityTaskStarted event, once read from its history. */
  startedEventTime: Date | undefined;
  /** The id of the task's ActivityTaskScheduled event, once read from its history. */
  scheduledEventId: number | undefined;

  constructor(
    readonly task: ActivityTaskInfo,
    readonly taskList: string | undefined,
    /** When the task was first seen: received from a poll, or given to runActivityTask. */
    readonly receivedAt: number,
  ) {
    const attributes: Attributes = { domain: task.domain, activity_type: task.activityType.name };
    if (taskList !== undefined) attributes.task_list = taskList;
    this.attributes = attributes;
    this.lastAcknowledgedAt = receivedAt;
  }

  /** The span attributes that name the task, with its timeouts once known. */
  spanAttributes(): Attributes {
    const task = this.task;
    const attributes: Attributes = {
      'swf.domain': task.domain,
      'swf.activity_type.name': task.activityType.name,
      'swf.activity_type.version': task.activityType.version,
      'swf.workflow_id': task.workflowExecution.workflowId,
      'swf.run_id': task.workflowExecution.runId,
      'swf.activity_id': task.activityId,
      'swf.started_event_id': task.startedEventId,
    };
    if (this.taskList !== undefined) attributes['swf.task_list'] = this.taskList;
    return this.startAttributes === undefined
      ? attributes
      : Object.assign(attributes, this.startAttributes);
  }

  /** Adds a span event, or keeps it for when the span starts. */
  addEvent(name: string, attributes: Attributes, time: number): void {
    if (this.span !== undefined) {
      this.span.addEvent(name, attributes, time);
    } else {
      this.pending ??= [];
      this.pending.push({ name, attributes, time });
    }
  }

  /**
   * `active` with the task's span set (or `active` itself before the span starts): made once,
   * as the handler and the task's calls run from the same context, and a context is immutable.
   */
  contextIn(active: Context): Context {
    const span = this.span;
    if (span === undefined) return active;
    const made = this.#spanContext;
    if (made !== undefined && made.base === active) return made.withSpan;
    const withSpan = trace.setSpan(active, span);
    this.#spanContext = { base: active, withSpan };
    return withSpan;
  }

  /** Makes `span` the task's span, with the events recorded so far. */
  startedSpan(span: Span): Span {
    this.span = span;
    for (const event of this.pending ?? []) span.addEvent(event.name, event.attributes, event.time);
    this.pending = undefined;
    return span;
  }
}
