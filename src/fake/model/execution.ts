import type {
  ChildPolicy,
  CloseStatus,
  HistoryEvent,
  WorkflowExecution,
  WorkflowType,
} from '@aws-sdk/client-swf';
import type { ClockTimer } from '../../clock/clock.js';
import type { OperationOutput, Wire } from '../operations.js';
import type { ActivityTask } from './activity-task.js';
import { applyChildPolicy, type ParentLink, reportChildClosed } from './child-workflows.js';
import type { ModelContext } from './context.js';
import type { Domain } from './domain.js';
import { type Duration, durationMs, formatDuration } from './durations.js';
import { pageSize, writePageToken } from './page-token.js';

/** SWF's hard limit on the events of one run's history. */
export const MAX_HISTORY_EVENTS = 25_000;

/** A history event as it travels on the wire. */
export type WireEvent = Wire<HistoryEvent>;
/** The name of a history event type, e.g. `ActivityTaskStarted`. */
export type EventType = WireEvent['eventType'];
/** The attributes member of events of type `T`. */
export type EventAttributes<T extends EventType> = NonNullable<
  WireEvent[`${Uncapitalize<T>}EventAttributes` & keyof WireEvent]
>;

/** The settings an execution runs with, after defaults from its workflow type. */
export interface ExecutionConfiguration {
  readonly taskList: string;
  readonly taskPriority?: string | undefined;
  readonly taskStartToCloseTimeout: Duration;
  readonly executionStartToCloseTimeout: Duration;
  readonly childPolicy: ChildPolicy;
  readonly lambdaRole?: string | undefined;
}

/** What starts an execution. */
export interface ExecutionStart {
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: Wire<WorkflowType>;
  readonly configuration: ExecutionConfiguration;
  readonly input?: string | undefined;
  readonly tagList?: string[] | undefined;
  readonly continuedExecutionRunId?: string | undefined;
  /** The parent, for a child run (StartChildWorkflowExecution), or a run continuing one. */
  readonly parent?: ParentLink | undefined;
}

type DecisionTaskState =
  | { readonly state: 'IDLE' }
  | { readonly state: 'SCHEDULED'; readonly scheduledEventId: number }
  | {
      readonly state: 'STARTED';
      readonly scheduledEventId: number;
      readonly startedEventId: number;
      readonly token: string;
      readonly timer: ClockTimer | undefined;
    };

/** How a decider asks for the history of a decision task. */
export interface DecisionTaskPaging {
  readonly maximumPageSize?: number | undefined;
  readonly reverseOrder?: boolean | undefined;
}

/** A user timer started by a StartTimer decision. */
interface UserTimer {
  readonly startedEventId: number;
  readonly timer: ClockTimer;
}

/**
 * One workflow execution (one run): its history, its open activity tasks and timers, and its
 * decision task, of which at most one is open (scheduled or started) at a time.
 */
export class Execution {
  readonly workflowId: string;
  readonly runId: string;
  readonly workflowType: Wire<WorkflowType>;
  readonly configuration: ExecutionConfiguration;
  readonly tagList: string[];
  readonly startTimestamp: number;
  /** The parent of a child run. */
  readonly parent: ParentLink | undefined;
  /** The history: each event in its wire form, stored once; pages are slices of it. */
  readonly #events: WireEvent[] = [];
  readonly #activities = new Map<string, ActivityTask>();
  readonly #children = new Set<Execution>();
  readonly #timers = new Map<string, UserTimer>();
  #status: 'OPEN' | 'CLOSED' = 'OPEN';
  #closeStatus: CloseStatus | undefined;
  #closeTimestamp: number | undefined;
  #cancelRequested = false;
  #latestActivityTaskTimestamp: number | undefined;
  #latestExecutionContext: string | undefined;
  /** The DecisionTaskStarted event of the last decision task that was completed. */
  #previousStartedEventId = 0;
  #decision: DecisionTaskState = { state: 'IDLE' };
  /** Something happened while a decision task was started: another one is owed. */
  #decisionOwed = false;
  /** While a decider's decisions are applied, new decision tasks wait until all are recorded. */
  #applyingDecisions = false;
  #executionTimer: ClockTimer | undefined;

  constructor(
    readonly domain: Domain,
    start: ExecutionStart,
    private readonly context: ModelContext,
  ) {
    this.workflowId = start.workflowId;
    this.runId = start.runId;
    this.workflowType = start.workflowType;
    this.configuration = start.configuration;
    this.tagList = start.tagList ?? [];
    this.parent = start.parent;
    this.startTimestamp = context.clock.now();
    const config = start.configuration;
    this.record('WorkflowExecutionStarted', {
      input: start.input,
      executionStartToCloseTimeout: formatDuration(config.executionStartToCloseTimeout),
      taskStartToCloseTimeout: formatDuration(config.taskStartToCloseTimeout),
      childPolicy: config.childPolicy,
      taskList: { name: config.taskList },
      taskPriority: config.taskPriority,
      workflowType: start.workflowType,
      tagList: start.tagList,
      continuedExecutionRunId: start.continuedExecutionRunId,
      parentWorkflowExecution: start.parent?.execution.reference,
      parentInitiatedEventId: start.parent?.initiatedEventId,
      lambdaRole: config.lambdaRole,
    });
  }

  /**
   * Arms the execution timeout and schedules the first decision task. Called once the run is
   * registered in its domain, since a waiting decider may start the task at once.
   */
  begin(): void {
    const config = this.configuration;
    const timeoutMs = durationMs(config.executionStartToCloseTimeout);
    if (timeoutMs !== undefined) {
      this.#executionTimer = this.context.clock.setTimer(
        () =>
          this.close('TIMED_OUT', 'WorkflowExecutionTimedOut', {
            timeoutType: 'START_TO_CLOSE',
            childPolicy: config.childPolicy,
          }),
        timeoutMs,
      );
    }
    this.scheduleDecisionTask();
  }

  /** The `{workflowId, runId}` pair that names this run. */
  get reference(): Wire<WorkflowExecution> {
    return { workflowId: this.workflowId, runId: this.runId };
  }

  /** The priority of this execution's decision tasks in their task list. */
  get priority(): number {
    return Number(this.configuration.taskPriority ?? 0);
  }

  get isOpen(): boolean {
    return this.#status === 'OPEN';
  }

  /** `OPEN`, or `CLOSED` once a closing event is recorded. */
  get status(): 'OPEN' | 'CLOSED' {
    return this.#status;
  }

  /** How the run closed, once closed. */
  get closeStatus(): CloseStatus | undefined {
    return this.#closeStatus;
  }

  /** When the run closed (ms since the epoch), once closed. */
  get closeTimestamp(): number | undefined {
    return this.#closeTimestamp;
  }

  /** Whether a cancel of the run was requested (WorkflowExecutionCancelRequested). */
  get cancelRequested(): boolean {
    return this.#cancelRequested;
  }

  /** When an activity task of this run last started (ms since the epoch). */
  get latestActivityTaskTimestamp(): number | undefined {
    return this.#latestActivityTaskTimestamp;
  }

  /** The execution context of the last completed decision task that gave one. */
  get latestExecutionContext(): string | undefined {
    return this.#latestExecutionContext;
  }

  /** The DecisionTaskStarted event of the last decision task that was completed. */
  get previousStartedEventId(): number {
    return this.#previousStartedEventId;
  }

  /** The history, oldest event first. */
  get events(): readonly WireEvent[] {
    return this.#events;
  }

  /** How many events the history holds. */
  get eventCount(): number {
    return this.#events.length;
  }

  /**
   * Events `from` to `to` (ids, both included, `from <= to`) of the history, newest first when
   * `reverse`: a page costs its own length, whatever the length of the history.
   */
  eventRange(from: number, to: number, reverse: boolean): WireEvent[] {
    const page = this.#events.slice(from - 1, to);
    return reverse ? page.reverse() : page;
  }

  /**
   * Appends an event to the history and returns its id. A history that reaches SWF's limit of
   * 25,000 events ends there: the run is terminated with cause EVENT_LIMIT_EXCEEDED, and
   * nothing follows (callers check {@link Execution.isOpen} after recording).
   */
  record<T extends EventType>(eventType: T, attributes: EventAttributes<T>): number {
    const eventId = this.#events.length + 1;
    const key = `${eventType.charAt(0).toLowerCase()}${eventType.slice(1)}EventAttributes`;
    this.#events.push({
      eventId,
      eventTimestamp: this.context.clock.now() / 1000,
      eventType,
      [key]: attributes,
    } as WireEvent);
    if (eventId === MAX_HISTORY_EVENTS - 1 && this.isOpen) {
      this.close('TERMINATED', 'WorkflowExecutionTerminated', {
        childPolicy: this.configuration.childPolicy,
        cause: 'EVENT_LIMIT_EXCEEDED',
      });
    }
    return eventId;
  }

  // ---- what happens to the run from outside ----------------------------------------------

  /** A signal reached the run (SignalWorkflowExecution or another run's decision). */
  signal(attributes: EventAttributes<'WorkflowExecutionSignaled'>): void {
    this.record('WorkflowExecutionSignaled', attributes);
    this.scheduleDecisionTask();
  }

  /**
   * A cancel of the run was requested (RequestCancelWorkflowExecution, another run's decision,
   * or a parent's child policy): its decider sees it in a new decision task.
   */
  requestCancel(attributes: EventAttributes<'WorkflowExecutionCancelRequested'>): void {
    this.record('WorkflowExecutionCancelRequested', attributes);
    this.#cancelRequested = true;
    this.scheduleDecisionTask();
  }

  // ---- activity tasks ------------------------------------------------------------------------

  /** The open activity tasks, by activity id. */
  get activities(): ReadonlyMap<string, ActivityTask> {
    return this.#activities;
  }

  /** A ScheduleActivityTask decision opened `task`. */
  addActivity(task: ActivityTask): void {
    this.#activities.set(task.activityId, task);
  }

  /** `task` started: DescribeWorkflowExecution reports when. */
  activityStarted(): void {
    this.#latestActivityTaskTimestamp = this.context.clock.now();
  }

  /** `task` closed. */
  removeActivity(task: ActivityTask): void {
    if (this.#activities.get(task.activityId) === task) this.#activities.delete(task.activityId);
  }

  // ---- child runs ----------------------------------------------------------------------------

  /** The open child runs this run started. */
  get children(): ReadonlySet<Execution> {
    return this.#children;
  }

  /** A child run of this run started (or a child continued as a new run). */
  addChild(child: Execution): void {
    this.#children.add(child);
  }

  /** A child run closed (or continued as a new run). */
  removeChild(child: Execution): void {
    this.#children.delete(child);
  }

  // ---- decision tasks ------------------------------------------------------------------------

  /** Whether a decision task is scheduled or started. */
  get openDecisionTasks(): number {
    return this.#decision.state === 'IDLE' ? 0 : 1;
  }

  /** Whether a decision task is scheduled and waits for a decider. */
  get hasScheduledDecisionTask(): boolean {
    return this.#decision.state === 'SCHEDULED';
  }

  /**
   * Something happened that a decider must see: schedules a decision task unless one is already
   * scheduled; while one is started, another is owed for when it completes.
   */
  scheduleDecisionTask(): void {
    if (!this.isOpen) return;
    if (this.#decision.state === 'STARTED' || this.#applyingDecisions) {
      this.#decisionOwed = true;
      return;
    }
    if (this.#decision.state === 'SCHEDULED') return;
    const config = this.configuration;
    const scheduledEventId = this.record('DecisionTaskScheduled', {
      taskList: { name: config.taskList },
      taskPriority: config.taskPriority,
      startToCloseTimeout: formatDuration(config.taskStartToCloseTimeout),
    });
    if (!this.isOpen) return; // the event reached the history's limit: the run is terminated
    this.#decision = { state: 'SCHEDULED', scheduledEventId };
    this.domain.decisionQueue(config.taskList).offer(this);
  }

  /**
   * Hands the scheduled decision task to a decider and answers the first page of history;
   * `undefined` when recording its start reached the history's limit and ended the run.
   */
  startDecisionTask(
    identity: string | undefined,
    paging: DecisionTaskPaging,
  ): OperationOutput<'PollForDecisionTask'> | undefined {
    const decision = this.#decision;
    if (decision.state !== 'SCHEDULED') throw new Error('no decision task is scheduled');
    const startedEventId = this.record('DecisionTaskStarted', {
      scheduledEventId: decision.scheduledEventId,
      identity: identity,
    });
    if (!this.isOpen) return undefined;
    const token = this.context.tokens.issue({ kind: 'decision', execution: this, startedEventId });
    const timeoutMs = durationMs(this.configuration.taskStartToCloseTimeout);
    const timer =
      timeoutMs === undefined
        ? undefined
        : this.context.clock.setTimer(() => this.#timeOutDecisionTask(), timeoutMs);
    this.#decision = {
      state: 'STARTED',
      scheduledEventId: decision.scheduledEventId,
      startedEventId,
      token,
      timer,
    };
    return this.decisionTaskPage(startedEventId, 0, paging);
  }

  /**
   * One page of the history a started decision task carries (events up to its start),
   * `offset` events from its first (oldest, or newest with `reverseOrder`).
   */
  decisionTaskPage(
    startedEventId: number,
    offset: number,
    paging: DecisionTaskPaging,
  ): OperationOutput<'PollForDecisionTask'> {
    const decision = this.#decision;
    if (decision.state !== 'STARTED' || decision.startedEventId !== startedEventId) {
      throw new Error('the decision task is no longer started');
    }
    const reverse = paging.reverseOrder === true;
    const end = Math.min(startedEventId, offset + pageSize(paging.maximumPageSize, this.context));
    // Newest first counts the offset back from the task's start event.
    const events = reverse
      ? this.eventRange(startedEventId - end + 1, startedEventId - offset, true)
      : this.eventRange(offset + 1, end, false);
    return {
      taskToken: decision.token,
      startedEventId,
      workflowExecution: this.reference,
      workflowType: this.workflowType,
      events,
      previousStartedEventId: this.#previousStartedEventId,
      ...(end < startedEventId
        ? { nextPageToken: writePageToken(decisionPageScope(this, startedEventId, reverse), end) }
        : {}),
    };
  }

  /** The started decision task with this start event, if it is still the open one. */
  isStartedDecisionTask(startedEventId: number): boolean {
    return this.#decision.state === 'STARTED' && this.#decision.startedEventId === startedEventId;
  }

  /**
   * Completes the started decision task: records DecisionTaskCompleted and returns its id and
   * whether events arrived since the task started (which makes closing decisions fail).
   */
  completeDecisionTask(executionContext: string | undefined): {
    completedEventId: number;
    unhandledEvents: boolean;
  } {
    const decision = this.#decision;
    if (decision.state !== 'STARTED') throw new Error('no decision task is started');
    decision.timer?.cancel();
    this.context.tokens.revoke(decision.token);
    const completedEventId = this.record('DecisionTaskCompleted', {
      scheduledEventId: decision.scheduledEventId,
      startedEventId: decision.startedEventId,
      executionContext: executionContext,
    });
    if (executionContext !== undefined) this.#latestExecutionContext = executionContext;
    this.#previousStartedEventId = decision.startedEventId;
    this.#decision = { state: 'IDLE' };
    const unhandledEvents = this.#decisionOwed;
    this.#decisionOwed = false;
    return { completedEventId, unhandledEvents };
  }

  /**
   * Runs `apply` (the decisions of a completed decision task) so that their events stay together
   * in the history; a decision task owed meanwhile is scheduled after them.
   */
  applyDecisions(apply: () => void): void {
    this.#applyingDecisions = true;
    try {
      apply();
    } finally {
      this.#applyingDecisions = false;
    }
    if (this.#decisionOwed) {
      this.#decisionOwed = false;
      this.scheduleDecisionTask();
    }
  }

  #timeOutDecisionTask(): void {
    const decision = this.#decision;
    if (decision.state !== 'STARTED') return;
    this.context.tokens.revoke(decision.token);
    this.record('DecisionTaskTimedOut', {
      timeoutType: 'START_TO_CLOSE',
      scheduledEventId: decision.scheduledEventId,
      startedEventId: decision.startedEventId,
    });
    this.#decision = { state: 'IDLE' };
    this.#decisionOwed = false;
    this.scheduleDecisionTask();
  }

  // ---- user timers ---------------------------------------------------------------------------

  get openTimers(): number {
    return this.#timers.size;
  }

  hasTimer(timerId: string): boolean {
    return this.#timers.has(timerId);
  }

  /** Starts a user timer (the StartTimer decision has recorded TimerStarted). */
  startTimer(timerId: string, startedEventId: number, delaySeconds: number): void {
    const timer = this.context.clock.setTimer(() => {
      this.#timers.delete(timerId);
      this.record('TimerFired', { timerId, startedEventId });
      this.scheduleDecisionTask();
    }, delaySeconds * 1000);
    this.#timers.set(timerId, { startedEventId, timer });
  }

  /** Stops a user timer and returns its TimerStarted event id, or undefined if it is not open. */
  cancelTimer(timerId: string): number | undefined {
    const timer = this.#timers.get(timerId);
    if (timer === undefined) return undefined;
    timer.timer.cancel();
    this.#timers.delete(timerId);
    return timer.startedEventId;
  }

  // ---- closing -------------------------------------------------------------------------------

  /**
   * Closes the run with its closing event: every open task and timer ends, every token of the
   * run is revoked, and the workflow id is free for a new run. A terminated or timed-out run
   * applies its child policy to its children; a child run reports its close to its parent.
   */
  close<T extends EventType>(
    closeStatus: CloseStatus,
    eventType: T,
    attributes: EventAttributes<T>,
  ): number {
    const eventId = this.record(eventType, attributes);
    this.#status = 'CLOSED';
    this.#closeStatus = closeStatus;
    this.#closeTimestamp = this.context.clock.now();
    this.#executionTimer?.cancel();
    for (const timer of this.#timers.values()) timer.timer.cancel();
    this.#timers.clear();
    for (const task of [...this.activities.values()]) task.abandon();
    const decision = this.#decision;
    if (decision.state === 'SCHEDULED') {
      this.domain.decisionQueue(this.configuration.taskList).remove(this);
    } else if (decision.state === 'STARTED') {
      decision.timer?.cancel();
      this.context.tokens.revoke(decision.token);
    }
    this.#decision = { state: 'IDLE' };
    if (this.domain.openExecutions.get(this.workflowId) === this) {
      this.domain.openExecutions.delete(this.workflowId);
    }
    this.domain.executionClosed(this);
    if (closeStatus === 'TERMINATED' || closeStatus === 'TIMED_OUT') applyChildPolicy(this);
    reportChildClosed(this, closeStatus);
    return eventId;
  }
}

/** The scope of the page tokens of one started decision task. */
export function decisionPageScope(
  execution: Execution,
  startedEventId: number,
  reverse: boolean,
): string {
  return JSON.stringify([
    'decision',
    execution.domain.name,
    execution.runId,
    startedEventId,
    reverse,
  ]);
}
