/**
 * What SWF needs of a worker's heartbeats, measured where SWF would see them: a service
 * wrapper that notes, per task token, when the task started and when each heartbeat was
 * acknowledged, and keeps the longest gap between acknowledgements seen in an observation
 * window. A task whose longest gap stays under its heartbeat timeout had an acknowledged beat
 * in every heartbeat-timeout window: SWF would never have timed it out.
 *
 * @module
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
  SwfOperationHandler,
  SwfOperationName,
} from 'swf-activity-worker/fake';
import { median } from './bench.js';

/** One task's acknowledgements: the last one (or the start) and the longest gap in the window. */
interface TaskGaps {
  lastAckAt: number;
  longestGapMs: number;
}

/** The longest gaps between acknowledged heartbeats, over all tasks. */
export interface HeartbeatGapSummary {
  /** Tasks seen started. */
  readonly tasks: number;
  /** The longest gap of any task, in ms. */
  readonly longestGapMs: number;
  /** The median of the tasks' longest gaps, in ms. */
  readonly medianLongestGapMs: number;
  /** Tasks whose longest gap reached `limitMs`: windows SWF would have timed out. */
  readonly tasksOverLimit: number;
}

/**
 * Wraps a service; counts only what the service acknowledged (a heartbeat that failed is no
 * beat to SWF). Times are `performance.now()` of this process: for the in-process transport,
 * the moment SWF's answer exists.
 */
export class HeartbeatGapRecorder implements SwfOperationHandler {
  readonly #tasks = new Map<string, TaskGaps>();
  #windowFrom = Number.POSITIVE_INFINITY;
  #windowTo: number | undefined;

  constructor(private readonly service: SwfOperationHandler) {}

  /** Gaps ending from now on count. */
  startWindow(): void {
    this.#windowFrom = performance.now();
  }

  /** Closes the window: the time since each task's last acknowledgement is its last gap. */
  endWindow(): void {
    this.#windowTo = performance.now();
  }

  async handle<Name extends SwfOperationName>(
    operation: Name,
    input: OperationInput<Name>,
    context?: OperationContext,
  ): Promise<OperationOutput<Name>> {
    const output = await this.service.handle(operation, input, context);
    const now = performance.now();
    if (operation === 'PollForActivityTask') {
      const { taskToken } = output as OperationOutput<'PollForActivityTask'>;
      if (taskToken) this.#tasks.set(taskToken, { lastAckAt: now, longestGapMs: 0 });
    } else if (operation === 'RecordActivityTaskHeartbeat') {
      const { taskToken } = input as OperationInput<'RecordActivityTaskHeartbeat'>;
      const task = this.#tasks.get(taskToken);
      if (task !== undefined) this.#note(task, now);
    }
    return output;
  }

  /** The summary of the window, judged against a heartbeat timeout of `limitMs`. */
  summary(limitMs: number): HeartbeatGapSummary {
    const windowTo = this.#windowTo ?? performance.now();
    const longest: number[] = [];
    for (const task of this.#tasks.values()) {
      const last = windowTo - task.lastAckAt;
      longest.push(Math.max(task.longestGapMs, last));
    }
    return {
      tasks: longest.length,
      longestGapMs: longest.length === 0 ? 0 : Math.max(...longest),
      medianLongestGapMs: longest.length === 0 ? 0 : median(longest),
      tasksOverLimit: longest.filter((gap) => gap >= limitMs).length,
    };
  }

  #note(task: TaskGaps, now: number): void {
    if (this.#windowTo !== undefined) return;
    if (now >= this.#windowFrom)
      task.longestGapMs = Math.max(task.longestGapMs, now - task.lastAckAt);
    task.lastAckAt = now;
  }
}
