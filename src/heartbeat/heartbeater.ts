import type { SWFClient } from '@aws-sdk/client-swf';
import type { Clock, ClockTimer } from '../clock/clock.js';
import type { ActivityEvent } from '../events/activity-events.js';
import type { InterceptorChain } from '../interceptors/interceptor-chain.js';
import { callWithRetry, type RetryNotice } from '../retry/call-with-retry.js';
import { classifySwfError } from '../retry/classify-error.js';
import type { ActivityTaskInfo } from '../runner/activity-task-info.js';
import type { HeartbeatBudget } from './heartbeat-budget.js';
import type { HeartbeatSchedule } from './heartbeat-schedule.js';

/**
 * The task a {@link Heartbeater} keeps alive, and who hears what its heartbeats learn: the
 * task's runner.
 */
export interface HeartbeatOwner {
  readonly client: SWFClient;
  readonly task: ActivityTaskInfo;
  readonly clock: Clock;
  /** The budget of heartbeat calls the task shares with others. */
  readonly budget: HeartbeatBudget;
  /** The interceptors of its SWF calls. */
  readonly interceptors: InterceptorChain;
  /** An event about the heartbeats (sent, retried, failed). */
  emit(event: ActivityEvent): void;
  /** SWF answered `cancelRequested: true` (called once). */
  cancelRequested(): void;
  /** SWF answered UnknownResourceFault: the task is gone (called once; beats stop). */
  taskGone(error: unknown): void;
}

/**
 * The reason the heartbeats of a task stopped. Never shown to anyone; one shared instance, since
 * `abort()` without a reason builds a DOMException, stack trace and all.
 */
const STOPPED = new Error('The heartbeats of this task stopped');

/**
 * Keeps one task alive: sends RecordActivityTaskHeartbeat on the schedule whether or not the
 * handler reports progress, sends the latest details soon after the handler gives them (but
 * never more often than the minimum interval), retries a failed call while the heartbeat
 * timeout allows, and passes on what SWF answers: cancellation requested, or task gone.
 */
export class Heartbeater {
  readonly #owner: HeartbeatOwner;
  #stopped = false;
  /** SWF answered UnknownResourceFault. */
  #gone = false;
  /**
   * Aborts when the beats stop, for the call in flight; there is none between calls. A signal
   * weighs more than half a kilobyte and costs microseconds to make and abort: thousands of
   * tasks may be in flight, and short ones end before their first heartbeat.
   */
  #callController: AbortController | undefined;
  #schedule: HeartbeatSchedule;
  /** Whether SWF answered a heartbeat yet. */
  #acknowledged = false;
  /** When the last call that SWF answered was sent: its timeout runs from then at the latest. */
  #lastAcknowledgedAt: number;
  /** When the last call was sent, answered or not. */
  #lastSentAt: number;
  /** When the next automatic call is due. */
  #dueAt: number;
  #details: string | undefined;
  #detailsPending = false;
  #cancelRequested = false;
  #timer: ClockTimer | undefined;
  #inFlight: Promise<void> | undefined;

  /**
   * Starts beating for `owner`'s task on `schedule` (see {@link Heartbeater.reschedule}), from
   * `startedAt`: when the task was received, since its heartbeat clock started no later.
   */
  constructor(owner: HeartbeatOwner, schedule: HeartbeatSchedule, startedAt: number) {
    this.#owner = owner;
    this.#schedule = schedule;
    this.#lastAcknowledgedAt = startedAt;
    this.#lastSentAt = startedAt;
    this.#dueAt = startedAt + schedule.intervalMs;
    this.#arm();
  }

  /** The time by which the next heartbeat must reach SWF (Infinity for no timeout). */
  get deadline(): number {
    return this.#lastAcknowledgedAt + this.#schedule.retryWindowMs;
  }

  /**
   * Paces the beats by another schedule from now on: the next is due one new interval after
   * the last call SWF answered (at once if that is past). For a task that starts beating at a
   * cautious pace while its timeouts are being found.
   */
  reschedule(schedule: HeartbeatSchedule): void {
    if (this.stopped) return;
    this.#schedule = schedule;
    // Before the first answer, the first beat comes at a random point of the second half of
    // the interval: tasks that start together (a worker coming up to a full task list) then
    // beat apart instead of in bursts, and none later than the schedule.
    const interval = this.#acknowledged
      ? schedule.intervalMs
      : schedule.intervalMs * (0.5 + Math.random() * 0.5);
    this.#dueAt = this.#lastAcknowledgedAt + interval;
    this.#arm();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Records the latest details (already encoded and cut to size); they go out soon. */
  setDetails(details: string | undefined): void {
    if (this.stopped) return;
    this.#details = details;
    this.#detailsPending = true;
    this.#arm();
  }

  /**
   * Stops beating: no new call starts, and a call in flight is awaited, so that no heartbeat
   * races the task's final response.
   */
  async stop(): Promise<void> {
    this.#halt();
    this.#timer?.cancel();
    this.#timer = undefined;
    await this.#inFlight;
  }

  /**
   * For the time after {@link Heartbeater.stop} while the task's response is being retried: if
   * the heartbeat deadline falls within `withinMs` (and a second for the call), sends one
   * heartbeat now, so that a response held up by throttling does not let a finished task time
   * out. The response's tries and this call take turns; they never overlap.
   */
  async keepAlive(withinMs: number): Promise<void> {
    const { clock, task } = this.#owner;
    if (this.#gone || clock.now() + withinMs + 1000 < this.deadline) return;
    try {
      await this.#send(this.#details, Math.max(this.deadline, clock.now() + 1000), 0);
    } catch (error) {
      // The response's next try finds out what became of the task.
      this.#owner.emit({ type: 'heartbeatFailed', task, error });
    }
  }

  /** Sets the one timer for the next call. */
  #arm(): void {
    if (this.stopped || this.#inFlight !== undefined) return;
    const { clock } = this.#owner;
    const schedule = this.#schedule;
    let at = this.#dueAt;
    if (this.#detailsPending) {
      at = Math.min(at, Math.max(this.#lastSentAt + schedule.minIntervalMs, clock.now()));
    }
    this.#timer?.cancel();
    this.#timer = clock.setTimer(() => {
      this.#timer = undefined;
      this.#inFlight = this.#beat().finally(() => {
        this.#inFlight = undefined;
        this.#arm();
      });
    }, at - clock.now());
  }

  async #beat(): Promise<void> {
    const owner = this.#owner;
    const { clock, budget, task } = owner;
    const details = this.#details;
    this.#detailsPending = false;
    const controller = new AbortController();
    this.#callController = controller;
    const signal = controller.signal;
    try {
      const dueAt = clock.now();
      await budget.acquire(this.deadline, signal);
      this.#lastSentAt = clock.now();
      const budgetWaitMs = this.#lastSentAt - dueAt;
      // A call already past the deadline still gets one short try: SWF may not have timed out yet.
      const deadline = Math.max(this.deadline, clock.now() + this.#schedule.minIntervalMs);
      const cancelRequested = await this.#send(
        details,
        deadline,
        budgetWaitMs,
        signal,
        (notice) => {
          if (notice.kind === 'throttled') budget.throttled();
          owner.emit({
            type: 'heartbeatRetried',
            task,
            attempt: notice.attempt,
            delayMs: notice.delayMs,
            error: notice.error,
          });
        },
      );
      budget.succeeded();
      this.#dueAt = this.#lastAcknowledgedAt + this.#schedule.intervalMs;
      if (cancelRequested && !this.#cancelRequested && !signal.aborted) {
        this.#cancelRequested = true;
        owner.cancelRequested();
      }
    } catch (error) {
      if (signal.aborted) return;
      const kind = classifySwfError(error);
      if (kind === 'task-gone') {
        this.#gone = true;
        this.#halt();
        owner.taskGone(error);
        return;
      }
      if (kind === 'throttled') budget.throttled();
      owner.emit({ type: 'heartbeatFailed', task, error });
      this.#dueAt = clock.now() + this.#schedule.minIntervalMs;
    } finally {
      this.#callController = undefined;
    }
  }

  /**
   * Sends one heartbeat with `details`, retrying until `deadline` (or until `signal` aborts),
   * and records SWF's answer: the heartbeat timeout runs from the try that got through.
   * Answers whether SWF asked to cancel the task.
   */
  async #send(
    details: string | undefined,
    deadline: number,
    budgetWaitMs: number,
    signal?: AbortSignal,
    onRetry?: (notice: RetryNotice) => void,
  ): Promise<boolean> {
    const { client, clock, task, interceptors } = this.#owner;
    const { output, attempt, sentAt } = await callWithRetry(
      (abortSignal) =>
        interceptors.send(client, 'RecordActivityTaskHeartbeat', {
          request: { taskToken: task.taskToken, details },
          task,
          abortSignal,
        }),
      { clock, deadline, signal, onRetry },
    );
    this.#acknowledged = true;
    this.#lastAcknowledgedAt = sentAt;
    const cancelRequested = output.cancelRequested === true;
    this.#owner.emit({ type: 'heartbeatSent', task, cancelRequested, attempt, budgetWaitMs });
    return cancelRequested;
  }

  #halt(): void {
    this.#stopped = true;
    this.#callController?.abort(STOPPED);
  }
}
