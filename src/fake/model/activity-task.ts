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

/** A timeout armed on the fake's clock. */
interface ArmedTimeout {
  /** When it falls, unless it is moved again. */
  dueAt: number;
  /** When its timer comes up: its first due time, no later than `dueAt`. */
  readonly firesAt: number;
  readonly timer: ClockTimer;
}

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
  readonly #timeouts = new Map<ActivityTaskTimeoutType, ArmedTimeout>();

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
    this.#arm('HEARTBEAT', this.spec.timeouts.heartbeat);
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
    this.#arm('HEARTBEAT', this.spec.timeouts.heartbeat);
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
    for (const { timer } of this.#timeouts.values()) timer.cancel();
    this.#timeouts.clear();
    this.context.tokens.revoke(this.token);
    this.execution.removeActivity(this);
  }

  #assertStarted(): void {
    if (this.status !== 'STARTED') throw unknownResource('Unknown activity task');
  }

  /**
   * Arms a timeout to fall `duration` from now, or moves one already armed: the timer set for
   * an earlier time stays and, when it comes up, sets itself again for the rest. Every
   * heartbeat moves the heartbeat timeout: one timer per timeout, not one per heartbeat.
   */
  #arm(timeoutType: ActivityTaskTimeoutType, duration: Duration): void {
    const ms = durationMs(duration);
    if (ms === undefined) {
      this.#disarm(timeoutType);
      return;
    }
    const dueAt = this.context.clock.now() + ms;
    const armed = this.#timeouts.get(timeoutType);
    if (armed !== undefined && armed.firesAt <= dueAt) {
      armed.dueAt = dueAt;
      return;
    }
    armed?.timer.cancel();
    this.#setTimer(timeoutType, dueAt);
  }

  /** Sets the timer that looks at a timeout when it is due: it falls, or it was moved. */
  #setTimer(timeoutType: ActivityTaskTimeoutType, dueAt: number): void {
    const { clock } = this.context;
    const armed: ArmedTimeout = {
      dueAt,
      firesAt: dueAt,
      timer: clock.setTimer(() => {
        if (armed.dueAt > clock.now()) this.#setTimer(timeoutType, armed.dueAt);
        else this.#timeOut(timeoutType);
      }, dueAt - clock.now()),
    };
    this.#timeouts.set(timeoutType, armed);
  }

  #disarm(timeoutType: ActivityTaskTimeoutType): void {
    this.#timeouts.get(timeoutType)?.timer.cancel();
    this.#timeouts.delete(timeoutType);
  }
}
