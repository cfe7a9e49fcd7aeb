import type { SWFClient } from '@aws-sdk/client-swf';
import type { Clock, ClockTimer } from '../clock/clock.js';
import { ActivityTaskTimedOutError } from '../errors.js';
import type { ActivityEvent } from '../events/activity-events.js';
import type { InterceptorChain } from '../interceptors/interceptor-chain.js';
import { equalJitter, type RandomSource } from '../retry/backoff.js';
import { callWithRetry, type RetryNotice } from '../retry/call-with-retry.js';
import { classifySwfError } from '../retry/classify-error.js';
import type { ActivityTaskInfo } from '../runner/activity-task-info.js';
import { safetyMargin } from '../timeouts/safety-margin.js';
import type { LagWatchEntry } from './event-loop-lag.js';
import type { HeartbeatBudget } from './heartbeat-budget.js';
import type { HeartbeatSchedule } from './heartbeat-schedule.js';

/**
 * The task a {@link Heartbeater} keeps alive, and the callbacks that hear what its heartbeats
 * learn: the task's run.
 */
export interface HeartbeatOwner {
  readonly client: SWFClient;
  readonly task: ActivityTaskInfo;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** The budget of heartbeat calls the task shares with others. */
  readonly budget: HeartbeatBudget;
  /** The interceptors of its SWF calls. */
  readonly interceptors: InterceptorChain;
  /** Called with each event about the heartbeats (sent, retried, failed, event-loop lag). */
  onHeartbeatEvent(event: ActivityEvent): void;
  /** Called once SWF answered `cancelRequested: true` (once). */
  onCancelRequested(): void;
  /**
   * Called when the task is gone (once; the beats have stopped): `cause` is SWF's
   * UnknownResourceFault, or an {@link ActivityTaskTimedOutError} when no heartbeat was
   * acknowledged for a whole heartbeat timeout.
   */
  onTaskGone(cause: unknown): void;
}

/**
 * Keeps one task alive: sends RecordActivityTaskHeartbeat on the schedule whether or not the
 * handler reports progress, sends the latest details soon after the handler gives them (but
 * never more often than the minimum interval), retries a failed call while the heartbeat
 * timeout allows (each try bounded so that another fits before the deadline), and passes on
 * what SWF answers (cancellation requested, task gone) and what its silence means (no
 * heartbeat acknowledged for a whole heartbeat timeout: SWF has timed the task out). It is
 * also the task's entry in the event-loop lag watch.
 */
export class Heartbeater implements LagWatchEntry {
  readonly #owner: HeartbeatOwner;
  #stopped = false;
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
  /**
   * When SWF's last answer to a heartbeat arrived. SWF received that heartbeat no later, so
   * once a heartbeat timeout has passed since, SWF has timed the task out, unless a heartbeat
   * still unanswered got through.
   */
  #lastAnsweredAt: number;
  /** When the last call was sent, answered or not. */
  #lastSentAt: number;
  /** When the next automatic call is due. */
  #dueAt: number;
  #details: string | undefined;
  #detailsPending = false;
  #cancelRequested = false;
  #timer: ClockTimer | undefined;
  /**
   * Fires when the heartbeat timeout has passed since the last acknowledged call; set from the
   * first beat on (see {@link Heartbeater.reschedule}).
   */
  #watchdog: ClockTimer | undefined;
  /** Whether the first beat's timer has fired: the watchdog runs from then on. */
  #beating = false;
  #inFlight = false;

  /**
   * Starts beating for `owner`'s task on `schedule`, from `startedAt`: when the task was
   * received, since its heartbeat clock started no later.
   *
   * @param timeoutKnown - the schedule comes from the task's heartbeat timeout: the beats start
   *   as {@link Heartbeater.reschedule} sets them (the first jittered, the timeout watched).
   *   Otherwise the first beat comes one interval after `startedAt`, unwatched, until a
   *   schedule from the timeout replaces it.
   */
  constructor(
    owner: HeartbeatOwner,
    schedule: HeartbeatSchedule,
    startedAt: number,
    timeoutKnown = false,
  ) {
    this.#owner = owner;
    this.#schedule = schedule;
    this.#lastAcknowledgedAt = startedAt;
    this.#lastAnsweredAt = startedAt;
    this.#lastSentAt = startedAt;
    this.#dueAt = startedAt + schedule.intervalMs;
    if (timeoutKnown) this.reschedule(schedule);
    else this.#arm();
  }

  get clock(): Clock {
    return this.#owner.clock;
  }

  /** The time by which the next heartbeat must reach SWF (Infinity for no timeout). */
  deadline(): number {
    return this.#lastAcknowledgedAt + this.#schedule.retryWindowMs;
  }

  /**
   * Paces the beats by another schedule from now on: the next is due one new interval after
   * the last call SWF answered (at once if that is past). For a task that starts beating at a
   * cautious pace while its timeouts are being found.
   */
  reschedule(schedule: HeartbeatSchedule): void {
    if (this.#stopped) return;
    this.#schedule = schedule;
    // Before the first answer, the first beat comes at a random point of the second half of
    // the interval: tasks that start together (a worker coming up to a full task list) then
    // beat apart instead of in bursts, and none later than the schedule.
    const interval = this.#acknowledged
      ? schedule.intervalMs
      : equalJitter(schedule.intervalMs, this.#owner.random);
    this.#dueAt = this.#lastAcknowledgedAt + interval;
    this.#arm();
    // Until the first beat, the watchdog is not set: that beat is due well before the timeout
    // (a fraction of it), and sets it when it goes out, for the same time. A short task, which
    // ends before its first beat, costs no timer for it.
    if (this.#beating) this.#armWatchdog();
  }

  /** Records the latest details (already encoded and cut to size); they go out soon. */
  setDetails(details: string | undefined): void {
    if (this.#stopped) return;
    this.#details = details;
    this.#detailsPending = true;
    this.#arm();
  }

  /** Stops beating: no new call starts, and a call in flight is abandoned. */
  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#watchdog?.cancel();
    this.#watchdog = undefined;
    this.#callController?.abort(STOPPED);
  }

  /** The lag watch's callback: the event loop stalled for `lagMs`, leaving `slackMs`. */
  onLag(lagMs: number, slackMs: number): void {
    const task = this.#owner.task;
    const lag = `The event loop stalled for ${Math.round(lagMs)} ms`;
    this.#owner.onHeartbeatEvent({
      type: 'warning',
      code: 'eventLoopLag',
      message:
        slackMs < 0
          ? `${lag} and the heartbeat deadline of ${task} passed ${Math.round(-slackMs)} ms ago: SWF may time it out. Move CPU-bound work to worker_threads.`
          : `${lag}; ${task} has only ${Math.round(slackMs)} ms left before its heartbeat deadline. Move CPU-bound work to worker_threads.`,
      task,
    });
  }

  /** Sets the one timer for the next call. */
  #arm(): void {
    if (this.#stopped || this.#inFlight) return;
    const { clock } = this.#owner;
    const schedule = this.#schedule;
    let at = this.#dueAt;
    if (this.#detailsPending) {
      at = Math.min(at, Math.max(this.#lastSentAt + schedule.minIntervalMs, clock.now()));
    }
    this.#timer?.cancel();
    this.#timer = clock.setTimer(() => {
      this.#timer = undefined;
      if (!this.#beating) {
        this.#beating = true;
        this.#armWatchdog();
      }
      this.#inFlight = true;
      void this.#beat().finally(() => {
        this.#inFlight = false;
        this.#arm();
      });
    }, at - clock.now());
  }

  /**
   * Sets the timer that fires once the heartbeat timeout has passed since SWF last answered a
   * heartbeat (the task's start, before any): SWF has then timed the task out, unless the call
   * in flight got through; its answer is awaited for the safety margin of the timeout (a
   * second at most), then the task is gone. The timer moves itself along when calls were
   * answered meanwhile, so that a task costs one timer for it, not one per heartbeat.
   */
  #armWatchdog(graceMs = 0): void {
    this.#watchdog?.cancel();
    this.#watchdog = undefined;
    const timeoutMs = this.#schedule.timeoutMs;
    if (this.#stopped || !Number.isFinite(timeoutMs)) return;
    const { clock } = this.#owner;
    const passesAt = this.#lastAnsweredAt + timeoutMs;
    this.#watchdog = clock.setTimer(
      () => {
        this.#watchdog = undefined;
        if (clock.now() < this.#lastAnsweredAt + timeoutMs) {
          this.#armWatchdog();
        } else if (this.#inFlight && graceMs === 0) {
          this.#armWatchdog(safetyMargin(timeoutMs));
        } else {
          this.#gone(new ActivityTaskTimedOutError('HEARTBEAT', timeoutMs));
        }
      },
      passesAt + graceMs - clock.now(),
    );
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
      await budget.acquire(this.deadline(), signal);
      this.#lastSentAt = clock.now();
      const budgetWaitMs = this.#lastSentAt - dueAt;
      // A call already past the deadline still gets one short try: SWF may not have timed out yet.
      const deadline = Math.max(this.deadline(), clock.now() + this.#schedule.minIntervalMs);
      const { output, attempt, sentAt } = await callWithRetry(
        (trySignal) =>
          owner.interceptors.send(owner.client, 'RecordActivityTaskHeartbeat', {
            request: { taskToken: task.taskToken, details },
            task,
            signal: trySignal,
          }),
        {
          clock,
          random: owner.random,
          deadline,
          signal,
          onRetry: (notice: RetryNotice) => {
            if (notice.kind === 'throttled') budget.throttled();
            owner.onHeartbeatEvent({
              type: 'heartbeatRetried',
              task,
              attempt: notice.attempt,
              delayMs: notice.delayMs,
              error: notice.error,
            });
          },
        },
      );
      if (this.#stopped) return;
      budget.succeeded();
      this.#acknowledged = true;
      this.#lastAcknowledgedAt = sentAt;
      this.#lastAnsweredAt = clock.now();
      this.#dueAt = sentAt + this.#schedule.intervalMs;
      const cancelRequested = output.cancelRequested === true;
      owner.onHeartbeatEvent({
        type: 'heartbeatSent',
        task,
        cancelRequested,
        attempt,
        budgetWaitMs,
      });
      if (cancelRequested && !this.#cancelRequested) {
        this.#cancelRequested = true;
        owner.onCancelRequested();
      }
    } catch (error) {
      if (this.#stopped) return;
      const kind = classifySwfError(error);
      if (kind === 'task-gone') {
        this.#gone(error);
        return;
      }
      if (kind === 'throttled') budget.throttled();
      owner.onHeartbeatEvent({ type: 'heartbeatFailed', task, error });
      this.#dueAt = clock.now() + this.#schedule.minIntervalMs;
    } finally {
      this.#callController = undefined;
    }
  }

  #gone(cause: unknown): void {
    this.stop();
    this.#owner.onTaskGone(cause);
  }
}

/**
 * The reason the heartbeats of a task stopped. Never shown to anyone; one shared instance, since
 * `abort()` without a reason builds a DOMException, stack trace and all.
 */
const STOPPED = new Error('The heartbeats of this task stopped');
