import type { ActivityTaskTimeoutType, ActivityType } from '@aws-sdk/client-swf';
import type { ClockTimer } from '../../clock/clock.js';
import { unknownResource } from '../errors.js';
import type { OperationOutput, Wire } from '../operations.js';
import type { ModelContext } from './context.js';
import { type Duration, durationMs } from './durations.js';
import type { Execution } from './execution.js';

/** The four timeouts of an activity task, resolved from the decision and the type's defaults. */
export interface ActivityTimeouts {
  readonly scheduleToStart: Duration;
  readonly scheduleToClose: Duration;
  readonly startToClose: Duration;
  readonly heartbeat: Duration;
}

/** How an activity task was scheduled: the resolved attributes of its ActivityTaskScheduled event. */
export interface ActivityTaskSpec {
  readonly activityId: string;
  readonly activityType: Wire<ActivityType>;
  readonly input?: string | undefined;
  readonly control?: string | undefined;
  readonly taskList: string;
  readonly priority: number;
  readonly timeouts: ActivityTimeouts;
}

/** Where an activity task stands. */
export type ActivityTaskStatus = 'SCHEDULED' | 'STARTED' | 'CLOSED';

/**
 * One activity task of an execution, from scheduling to its close: its timeouts, its token, its
 * heartbeats and cancellation.
 *
 * Timeouts: SCHEDULE_TO_START and SCHEDULE_TO_CLOSE run from scheduling; START_TO_CLOSE from the
 * start, never reset; HEARTBEAT from the start, reset by every heartbeat. Whatever closes the
 * task revokes its token, so every later call with it answers UnknownResourceFault.
 */
export class ActivityTask {
  readonly priority: number;
  status: ActivityTaskStatus = 'SCHEDULED';
  startedEventId = 0;
  token: string | undefined;
  cancelRequested = false;
  latestCancelRequestedEventId: number | undefined;
  lastHeartbeatDetails: string | undefined;
  readonly #timers = new Map<ActivityTaskTimeoutType, ClockTimer>();
  /** When the heartbeat timeout falls, on the fake's clock: moved by every heartbeat. */
  #heartbeatDue = 0;

  constructor(
    readonly execution: Execution,
    readonly spec: ActivityTaskSpec,
    readonly scheduledEventId: number,
    private readonly context: ModelContext,
  ) {
    this.priority = spec.priority;
  }

  get activityId(): string {
    return this.spec.activityId;
  }

  /** Arms the schedule timeouts and puts the task in its task list. */
  enqueue(): void {
    this.#arm('SCHEDULE_TO_START', this.spec.timeouts.scheduleToStart);
    this.#arm('SCHEDULE_TO_CLOSE', this.spec.timeouts.scheduleToClose);
    this.execution.domain.activityQueue(this.spec.taskList).offer(this);
  }

  /**
   * Hands the task to a poller: records ActivityTaskStarted and issues the token. `undefined`
   * when that event reached the history's limit and ended the run (and so the task).
   */
  start(identity: string | undefined): OperationOutput<'PollForActivityTask'> | undefined {
    this.#disarm('SCHEDULE_TO_START');
    this.startedEventId = this.execution.record('ActivityTaskStarted', {
      scheduledEventId: this.scheduledEventId,
      identity,
    });
    if (this.status === 'CLOSED') return undefined;
    this.status = 'STARTED';
    this.token = this.context.tokens.issue({ kind: 'activity', task: this });
    this.execution.activityStarted();
    this.#arm('START_TO_CLOSE', this.spec.timeouts.startToClose);
    this.#armHeartbeat();
    return {
      taskToken: this.token,
      activityId: this.spec.activityId,
      startedEventId: this.startedEventId,
      workflowExecution: this.execution.reference,
      activityType: this.spec.activityType,
      input: this.spec.input,
    };
  }

  /** Records progress: resets the heartbeat timeout and answers whether cancel was requested. */
  heartbeat(details: string | undefined): boolean {
    this.#assertStarted();
    this.lastHeartbeatDetails = details;
    this.#armHeartbeat();
    return this.cancelRequested;
  }

  complete(result: string | undefined): void {
    this.#assertStarted();
    this.execution.record('ActivityTaskCompleted', {
      scheduledEventId: this.scheduledEventId,
      startedEventId: this.startedEventId,
      result: result,
    });
    this.#closeAndDecide();
  }

  fail(reason: string | undefined, details: string | undefined): void {
    this.#assertStarted();
    this.execution.record('ActivityTaskFailed', {
      scheduledEventId: this.scheduledEventId,
      startedEventId: this.startedEventId,
      reason: reason,
      details: details,
    });
    this.#closeAndDecide();
  }

  /** The worker reports the task canceled (RespondActivityTaskCanceled). */
  cancel(details: string | undefined): void {
    this.#assertStarted();
    this.#recordCanceled(details);
  }

  /**
   * A decider asks to cancel (RequestCancelActivityTask): a task not yet started is canceled at
   * once; a started one learns of it from its next heartbeat.
   */
  requestCancel(decisionTaskCompletedEventId: number): void {
    this.latestCancelRequestedEventId = this.execution.record('ActivityTaskCancelRequested', {
      activityId: this.spec.activityId,
      decisionTaskCompletedEventId,
    });
    this.cancelRequested = true;
    if (this.status === 'SCHEDULED') {
      this.execution.domain.activityQueue(this.spec.taskList).remove(this);
      this.#recordCanceled(undefined);
    }
  }

  /** The execution closed: the task ends with no event of its own. */
  abandon(): void {
    if (this.status === 'SCHEDULED') {
      this.execution.domain.activityQueue(this.spec.taskList).remove(this);
    }
    this.#close();
  }

  #recordCanceled(details: string | undefined): void {
    this.execution.record('ActivityTaskCanceled', {
      scheduledEventId: this.scheduledEventId,
      startedEventId: this.startedEventId,
      details: details,
      latestCancelRequestedEventId: this.latestCancelRequestedEventId,
    });
    this.#closeAndDecide();
  }

  #timeOut(timeoutType: ActivityTaskTimeoutType): void {
    if (this.status === 'SCHEDULED') {
      this.execution.domain.activityQueue(this.spec.taskList).remove(this);
    }
    this.execution.record('ActivityTaskTimedOut', {
      timeoutType,
      scheduledEventId: this.scheduledEventId,
      startedEventId: this.startedEventId,
      details: this.lastHeartbeatDetails,
    });
    this.#closeAndDecide();
  }

  #closeAndDecide(): void {
    this.#close();
    this.execution.scheduleDecisionTask();
  }

  #close(): void {
    this.status = 'CLOSED';
    for (const timer of this.#timers.values()) timer.cancel();
    this.#timers.clear();
    this.context.tokens.revoke(this.token);
    this.execution.removeActivity(this);
  }

  #assertStarted(): void {
    if (this.status !== 'STARTED') throw unknownResource('Unknown activity task');
  }

  #arm(timeoutType: ActivityTaskTimeoutType, duration: Duration): void {
    this.#timers.get(timeoutType)?.cancel();
    const ms = durationMs(duration);
    if (ms === undefined) return;
    this.#timers.set(
      timeoutType,
      this.context.clock.setTimer(() => this.#timeOut(timeoutType), ms),
    );
  }

  /**
   * Arms the heartbeat timeout, or moves it: a heartbeat only sets the new deadline, and the
   * timer armed for an earlier one arms itself again for the rest when it comes up. One timer
   * per heartbeat timeout, not one per heartbeat.
   */
  #armHeartbeat(): void {
    const ms = durationMs(this.spec.timeouts.heartbeat);
    if (ms === undefined) return;
    const { clock } = this.context;
    this.#heartbeatDue = clock.now() + ms;
    if (this.#timers.has('HEARTBEAT')) return;
    const fire = () => {
      const left = this.#heartbeatDue - clock.now();
      if (left > 0) this.#timers.set('HEARTBEAT', clock.setTimer(fire, left));
      else this.#timeOut('HEARTBEAT');
    };
    this.#timers.set('HEARTBEAT', clock.setTimer(fire, ms));
  }

  #disarm(timeoutType: ActivityTaskTimeoutType): void {
    this.#timers.get(timeoutType)?.cancel();
    this.#timers.delete(timeoutType);
  }
}
