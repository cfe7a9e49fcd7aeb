import type { ActivityTaskInfo } from '../runner/activity-task-info.js';
import type { ActivityTaskOutcome } from '../runner/outcome.js';
import type { EffectiveTimeouts } from '../timeouts/timeout-resolver.js';

/** Everything that happens to one task, as events. */
export type ActivityEvent =
  /** The handler started; `timeouts` are the ones the heartbeats are scheduled by. */
  | {
      readonly type: 'taskStarted';
      readonly task: ActivityTaskInfo;
      readonly timeouts: EffectiveTimeouts;
    }
  /** A heartbeat reached SWF (also while the response is retried: they keep the task alive). */
  | {
      readonly type: 'heartbeatSent';
      readonly task: ActivityTaskInfo;
      readonly cancelRequested: boolean;
      /** 1 for a first try, more after retries. */
      readonly attempt: number;
      /** How long the beat waited for the heartbeat budget before it was sent, in ms. */
      readonly budgetWaitMs: number;
    }
  /** A heartbeat try failed with a transient error and will be tried again after `delayMs`. */
  | {
      readonly type: 'heartbeatRetried';
      readonly task: ActivityTaskInfo;
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: unknown;
    }
  /**
   * A heartbeat could not be sent before its deadline, or failed for good. Beats go on at the
   * regular schedule; if SWF timed the task out, the next one finds out.
   */
  | { readonly type: 'heartbeatFailed'; readonly task: ActivityTaskInfo; readonly error: unknown }
  /** Heartbeat details were longer than SWF accepts and were cut. */
  | {
      readonly type: 'detailsTruncated';
      readonly task: ActivityTaskInfo;
      readonly length: number;
      readonly limit: number;
    }
  /** SWF answered `cancelRequested: true`; the task's signal aborted with ActivityCancelledError. */
  | { readonly type: 'cancelRequested'; readonly task: ActivityTaskInfo }
  /**
   * SWF no longer knows the task (UnknownResourceFault): it timed out or its execution closed.
   * Nothing is reported for it. `during: 'respond'` after a respond try whose answer was lost
   * means that try may have been the one SWF recorded.
   */
  | {
      readonly type: 'taskGone';
      readonly task: ActivityTaskInfo;
      readonly during: 'heartbeat' | 'respond';
      readonly error: unknown;
    }
  /** A respond call failed with a transient error and will be tried again after `delayMs`. */
  | {
      readonly type: 'respondRetried';
      readonly task: ActivityTaskInfo;
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: unknown;
    }
  /** The outcome reached SWF: RespondActivityTaskCompleted, ...Failed or ...Canceled. */
  | {
      readonly type: 'taskResponded';
      readonly task: ActivityTaskInfo;
      /** The status of the task's {@link ActivityTaskOutcome}: the response SWF accepted. */
      readonly outcome: Extract<ActivityTaskOutcome['status'], 'completed' | 'failed' | 'canceled'>;
      /** The reason sent with a failure. */
      readonly reason?: string;
    }
  /**
   * The handler called `ctx.completeLater()`: its slot is free, its heartbeats stopped, and
   * the worker sends no response; whoever holds the task token reports it (an
   * `ActivityTaskClient`).
   */
  | { readonly type: 'taskHandedOff'; readonly task: ActivityTaskInfo }
  /** The outcome could not be reported (a permanent error, or retries ran out). */
  | { readonly type: 'respondFailed'; readonly task: ActivityTaskInfo; readonly error: unknown }
  /**
   * The last event of every task: what became of it, once nothing more is done for it (after
   * `taskResponded`, `respondFailed` or `taskGone`).
   */
  | {
      readonly type: 'taskFinished';
      readonly task: ActivityTaskInfo;
      readonly outcome: ActivityTaskOutcome;
    }
  /** Something a person should look at; `code` says what. */
  | {
      readonly type: 'warning';
      readonly code: WarningCode;
      readonly message: string;
      readonly task?: ActivityTaskInfo;
    };

/** The kinds of warning. */
export type WarningCode =
  /** The event loop was blocked long enough to threaten a heartbeat deadline. */
  | 'eventLoopLag'
  /** The timeouts of a task could not be found; heartbeats go out at a cautious interval. */
  | 'timeoutsUnresolved'
  /** Heartbeat details could not be encoded and were not sent. */
  | 'detailsUnencodable'
  /**
   * The handler did not settle within `abortWaitMs` after its signal aborted (for any
   * reason): it was given up on, its task reported if it still could be, its slot freed.
   */
  | 'handlerIgnoredAbort'
  /** `registerActivityTypes`: a type is registered with defaults other than its definition's. */
  | 'activityTypeDefaultsDiffer'
  /** `registerActivityTypes`: a type the worker serves is deprecated in SWF. */
  | 'activityTypeDeprecated';

/** Receives the events of tasks. It must not throw; what it throws is logged and dropped. */
export type ActivityEventListener = (event: ActivityEvent) => void;
