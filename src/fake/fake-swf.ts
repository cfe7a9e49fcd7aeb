import { type Clock, systemClock } from '../clock/clock.js';
import { type AccessPolicy, isPermitted } from './access-policy.js';
import { SwfServiceError } from './errors.js';
import { FaultInjector } from './faults.js';
import type { ActivityTaskStatus } from './model/activity-task.js';
import { typeKey } from './model/domain.js';
import type { Execution, WireEvent } from './model/execution.js';
import { SwfModel, type SwfModelOptions } from './model/swf-model.js';
import {
  ConnectionDroppedError,
  type OperationContext,
  type SwfOperationHandler,
} from './operation-handler.js';
import type { OperationInput, OperationOutput, SwfOperationName } from './operations.js';
import { SWF_THROTTLE_QUOTAS, Throttle, type ThrottleQuota } from './throttling.js';
import { TimerScope } from './timer-scope.js';

/** Options of {@link FakeSwf}. */
export interface FakeSwfOptions {
  /**
   * Where time comes from. Default: the system clock. Pass a {@link ManualClock} (and give the
   * same one to the worker under test) to move time by hand.
   */
  readonly clock?: Clock;
  /** How long a poll waits for a task before it answers empty. Default: 60 000 (SWF's 60 s). */
  readonly pollTimeoutMs?: number;
  /** The region in ARNs. Default: `us-east-1`. */
  readonly region?: string;
  /** The account id in ARNs. Default: `123456789012`. */
  readonly accountId?: string;
  /** Pollers that may wait on one task list at once. Default: 1000, as SWF. */
  readonly maxPollersPerTaskList?: number;
  /**
   * The largest page of a history or a listing, and the size of a page when the request asks
   * for none. Default: 1000, as SWF. A smaller one lets a test page through a long history
   * with few events.
   */
  readonly maxPageSize?: number;
  /**
   * Closed executions kept per domain, the oldest forgotten first. SWF keeps them for the
   * domain's retention period, as the fake does on its clock; this bound keeps the fake's
   * memory flat however long it runs. Default: 10 000.
   */
  readonly maxClosedExecutionsPerDomain?: number;
  /**
   * Throttle calls with token buckets as SWF does: `true` for SWF's documented quotas, or
   * quotas of your own by API or decision name (merged over SWF's). Default: off.
   */
  readonly throttling?: boolean | Readonly<Record<string, ThrottleQuota>>;
  /** An allow/deny policy per domain and action. Default: everything is allowed. */
  readonly accessPolicy?: AccessPolicy;
}

/** Where an activity task stands, as {@link FakeSwf.activityTask} reports it. */
export interface ActivityTaskSnapshot {
  readonly status: ActivityTaskStatus;
  /** The event that closed the task, once it is closed (e.g. `ActivityTaskTimedOut`). */
  readonly closeEvent?: WireEvent;
  readonly scheduledEventId: number;
  /** 0 until the task starts. */
  readonly startedEventId: number;
  readonly cancelRequested: boolean;
  /** The details of the last heartbeat, if any. */
  readonly lastHeartbeatDetails?: string;
}

/** Which activity task: its execution and its activity id. */
export interface ActivityTaskReference {
  readonly domain: string;
  readonly workflowExecution: { readonly workflowId: string; readonly runId: string };
  readonly activityId: string;
}

/** What {@link FakeSwf.scheduleActivityTask} schedules. */
export interface ScheduleActivityTaskOptions {
  /** Default: `fake`; registered if new. */
  readonly domain?: string;
  /** Default: the type's default task list, else `default`. */
  readonly taskList?: string;
  /** Default: `{ name: 'activity', version: '1' }`; registered if new. */
  readonly activityType?: { readonly name: string; readonly version: string };
  /** Default: a fresh unique id. */
  readonly activityId?: string;
  readonly input?: string;
  /** Timeouts in whole seconds or `'NONE'`. Default: the type's default, else `'NONE'`. */
  readonly heartbeatTimeout?: number | 'NONE';
  readonly startToCloseTimeout?: number | 'NONE';
  readonly scheduleToStartTimeout?: number | 'NONE';
  readonly scheduleToCloseTimeout?: number | 'NONE';
  readonly taskPriority?: number;
}

const CLOSE_EVENTS = new Set([
  'ActivityTaskCompleted',
  'ActivityTaskFailed',
  'ActivityTaskCanceled',
  'ActivityTaskTimedOut',
]);

/**
 * An in-memory Amazon SWF service: the whole API over one state machine, with access policy,
 * throttling and fault injection in front of it. Reach it through any of the transports
 * (in-process client, msw handlers, HTTP server), all speaking SWF's wire protocol.
 *
 * @example
 * ```ts
 * const fake = new FakeSwf({ clock: new ManualClock() });
 * const client = createInProcessClient(fake);
 * await client.send(new RegisterDomainCommand({ name: 'media', workflowExecutionRetentionPeriodInDays: '1' }));
 * // ...
 * fake.close();
 * ```
 */
export class FakeSwf implements SwfOperationHandler {
  /** The clock the fake runs on. */
  readonly clock: Clock;
  /** Faults to inject into calls: see {@link FaultInjector.inject}. */
  readonly faults: FaultInjector;
  /** The access policy in force; `undefined` allows everything. */
  accessPolicy: AccessPolicy | undefined;
  readonly #timers: TimerScope;
  readonly #throttle: Throttle | undefined;
  readonly #calls = new Map<SwfOperationName, number>();
  readonly #modelOptions: Omit<SwfModelOptions, 'clock'>;
  /** The state machine, on timers of its own so that {@link FakeSwf.reset} can drop them. */
  #model: SwfModel;
  #modelTimers: TimerScope;
  #closed = false;
  #nextActivityId = 1;
  /** The decisions the helper decider makes next for an execution, by workflow id. */
  readonly #helperDecisions = new Map<string, HelperDecisions>();

  constructor(options: FakeSwfOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.#timers = new TimerScope(this.clock);
    this.faults = new FaultInjector(this.#timers);
    this.accessPolicy = options.accessPolicy;
    const pollTimeoutMs = options.pollTimeoutMs ?? 60_000;
    if (!(pollTimeoutMs >= 0)) {
      throw new RangeError(`pollTimeoutMs must be a number >= 0, got ${pollTimeoutMs}`);
    }
    const maxPageSize = positiveInteger('maxPageSize', options.maxPageSize, 1000);
    const maxClosedExecutions = positiveInteger(
      'maxClosedExecutionsPerDomain',
      options.maxClosedExecutionsPerDomain,
      10_000,
    );
    if (options.throttling) {
      const quotas =
        options.throttling === true
          ? SWF_THROTTLE_QUOTAS
          : { ...SWF_THROTTLE_QUOTAS, ...options.throttling };
      this.#throttle = new Throttle(this.#timers, quotas);
    }
    this.#modelOptions = {
      pollTimeoutMs,
      maxPageSize,
      maxClosedExecutions,
      region: options.region ?? 'us-east-1',
      accountId: options.accountId ?? '123456789012',
      maxPollersPerTaskList: options.maxPollersPerTaskList ?? 1000,
      isPermitted: (action, domain) => isPermitted(this.accessPolicy, action, domain),
      takeDecisionQuota: (decisionType) => this.#throttle?.take(decisionType) ?? true,
    };
    this.#modelTimers = new TimerScope(this.#timers);
    this.#model = new SwfModel({ ...this.#modelOptions, clock: this.#modelTimers });
  }

  /**
   * Runs one operation as the service would: injected faults first, then throttling, then
   * the access policy, then the model.
   */
  async handle<Name extends SwfOperationName>(
    operation: Name,
    input: OperationInput<Name>,
    _context?: OperationContext,
  ): Promise<OperationOutput<Name>> {
    this.#assertOpen();
    // What fell due while the event loop was busy happens before this call, as it would on SWF.
    this.#timers.fireOverdue();
    this.#calls.set(operation, (this.#calls.get(operation) ?? 0) + 1);
    const fault = this.faults.beforeCall(operation);
    const { dropResponse } = fault instanceof Promise ? await fault : fault;
    this.#assertOpen();
    if (this.#throttle !== undefined && !this.#throttle.take(operation)) {
      throw new SwfServiceError('ThrottlingException', 'Rate exceeded');
    }
    if (this.accessPolicy !== undefined) {
      const domain = this.#model.domainOf(operation, input);
      if (!isPermitted(this.accessPolicy, operation, domain)) {
        throw new SwfServiceError(
          'OperationNotPermittedFault',
          `User is not authorized to perform: swf:${operation} on resource: ${domain === undefined ? '*' : `arn:aws:swf:*:*:/domain/${domain}`}`,
        );
      }
    }
    const output = await this.#model.dispatch(operation, input);
    if (dropResponse) {
      throw new ConnectionDroppedError(operation);
    }
    return output;
  }

  /** How many calls of `operation` reached the service (faults and errors included). */
  callCount(operation: SwfOperationName): number {
    return this.#calls.get(operation) ?? 0;
  }

  /**
   * Stops the service: every waiting poll answers empty, every timer is cancelled, and later
   * calls answer ServiceUnavailable. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#model.releasePollers();
    this.#timers.cancelAll();
  }

  /**
   * Drops every domain, type, execution, task and token, as a fresh fake would have none, and
   * zeroes the call counts: for a long-running fake (`swf-fake`) that many test runs share,
   * since SWF allows 100 domains and has no DeleteDomain. Waiting polls answer empty first.
   * The clock, the options, the access policy, injected faults and throttling stay.
   */
  reset(): void {
    this.#assertOpen();
    this.#model.releasePollers();
    this.#modelTimers.cancelAll();
    this.#calls.clear();
    this.#helperDecisions.clear();
    this.#modelTimers = new TimerScope(this.#timers);
    this.#model = new SwfModel({ ...this.#modelOptions, clock: this.#modelTimers });
  }

  // ---- what tests may look at ------------------------------------------------------------------

  /** How many polls wait for a task on a task list of `domain` (0 for an unknown domain). */
  waitingPolls(
    domain: string,
    taskList: string,
    kind: 'activity' | 'decision' = 'activity',
  ): number {
    const found = this.#model.registry.domains.get(domain);
    if (found === undefined) return 0;
    const queue =
      kind === 'activity' ? found.activityQueue(taskList) : found.decisionQueue(taskList);
    return queue.waitingPollers;
  }

  /**
   * Answers every waiting poll with no task, as its poll timeout would, and leaves the fake
   * open: for a test or benchmark that stops its workers without waiting for their polls.
   */
  releasePolls(): void {
    this.#model.releasePollers();
  }

  /** How many task tokens (activity and decision) are live: issued and not yet closed. */
  get liveTaskTokens(): number {
    return this.#model.tokens.size;
  }

  /** Whether `taskToken` names a live task: calls with it would not answer UnknownResourceFault. */
  isLiveTaskToken(taskToken: string): boolean {
    return this.#model.tokens.find(taskToken) !== undefined;
  }

  /** Whether {@link FakeSwf.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new SwfServiceError('ServiceUnavailable', 'The fake SWF service is closed');
    }
  }

  // ---- conveniences for tests of activity workers ----------------------------------------------

  /**
   * Registers an activity type at once, as RegisterActivityType would (and its domain, with a
   * retention of one day, if new): for a test whose worker looks the type's default timeouts
   * up, set before the worker starts.
   */
  registerActivityType(input: OperationInput<'RegisterActivityType'>): void {
    this.#assertOpen();
    this.#ensureDomain(input.domain);
    this.#model.registry.RegisterActivityType(input);
  }

  /**
   * Schedules one activity task without a decider: registers the domain and types if needed,
   * starts an execution of its own, and records the ScheduleActivityTask decision for it.
   * The task then waits in its task list for a worker's poll. Once the task closes, the
   * execution completes, and is kept for the domain's retention period like any other.
   */
  scheduleActivityTask(options: ScheduleActivityTaskOptions = {}): ActivityTaskReference {
    this.#assertOpen();
    const domain = this.#ensureDomain(options.domain ?? 'fake');
    const activityType = options.activityType ?? { name: 'activity', version: '1' };
    const registry = this.#model.registry;
    if (!domain.activityTypes.has(typeKey(activityType))) {
      registry.RegisterActivityType({ domain: domain.name, ...activityType });
    }
    const activityId = options.activityId ?? `activity-${this.#nextActivityId++}`;
    // A timeout not given falls back to the type's default, or to NONE if it has none.
    const defaults = domain.activityTypes.get(typeKey(activityType))?.configuration ?? {};
    const timeout = (value: number | 'NONE' | undefined, typeDefault: string | undefined) => {
      if (value !== undefined) return String(value);
      return typeDefault === undefined ? 'NONE' : undefined;
    };
    const workflowId = `fake-${activityId}`;
    this.#helperDecisions.set(workflowId, [
      {
        decisionType: 'ScheduleActivityTask',
        scheduleActivityTaskDecisionAttributes: {
          activityType,
          activityId,
          input: options.input,
          taskList:
            options.taskList === undefined && defaults.defaultTaskList !== undefined
              ? undefined
              : { name: options.taskList ?? 'default' },
          heartbeatTimeout: timeout(options.heartbeatTimeout, defaults.defaultTaskHeartbeatTimeout),
          startToCloseTimeout: timeout(
            options.startToCloseTimeout,
            defaults.defaultTaskStartToCloseTimeout,
          ),
          scheduleToStartTimeout: timeout(
            options.scheduleToStartTimeout,
            defaults.defaultTaskScheduleToStartTimeout,
          ),
          scheduleToCloseTimeout: timeout(
            options.scheduleToCloseTimeout,
            defaults.defaultTaskScheduleToCloseTimeout,
          ),
          taskPriority:
            options.taskPriority === undefined ? undefined : String(options.taskPriority),
        },
      },
    ]);
    const execution = this.#startHelperExecution(domain.name, workflowId);
    return { domain: domain.name, workflowExecution: execution, activityId };
  }

  /**
   * Records a RequestCancelActivityTask decision for the task, as a decider would: a started
   * task learns of it from its next heartbeat; a task not yet started is canceled at once.
   */
  requestActivityTaskCancel(reference: ActivityTaskReference): void {
    const execution = this.#execution(reference);
    if (!execution.activities.has(reference.activityId)) {
      throw new Error(`Activity task ${reference.activityId} is not open: it cannot be canceled`);
    }
    this.#helperDecisions.set(execution.workflowId, [
      {
        decisionType: 'RequestCancelActivityTask',
        requestCancelActivityTaskDecisionAttributes: { activityId: reference.activityId },
      },
    ]);
    execution.scheduleDecisionTask();
  }

  /** Where an activity task stands, from the model's state and the history. */
  activityTask(reference: ActivityTaskReference): ActivityTaskSnapshot {
    const execution = this.#execution(reference);
    const scheduled = execution.events.findLast(
      (event) =>
        event.eventType === 'ActivityTaskScheduled' &&
        event.activityTaskScheduledEventAttributes?.activityId === reference.activityId,
    );
    if (scheduled === undefined) {
      throw new Error(`No activity task ${reference.activityId} in this execution`);
    }
    const open = execution.activities.get(reference.activityId);
    if (open !== undefined) {
      return {
        status: open.status,
        scheduledEventId: open.scheduledEventId,
        startedEventId: open.startedEventId,
        cancelRequested: open.cancelRequested,
        ...(open.lastHeartbeatDetails === undefined
          ? {}
          : { lastHeartbeatDetails: open.lastHeartbeatDetails }),
      };
    }
    const closeEvent = execution.events.find(
      (event) =>
        CLOSE_EVENTS.has(event.eventType) && closedScheduledEventId(event) === scheduled.eventId,
    );
    const startedEvent = execution.events.find(
      (event) =>
        event.eventType === 'ActivityTaskStarted' &&
        event.activityTaskStartedEventAttributes?.scheduledEventId === scheduled.eventId,
    );
    const timedOutDetails = closeEvent?.activityTaskTimedOutEventAttributes?.details;
    return {
      status: 'CLOSED',
      ...(closeEvent === undefined ? {} : { closeEvent }),
      scheduledEventId: scheduled.eventId,
      startedEventId: startedEvent?.eventId ?? 0,
      cancelRequested: execution.events.some(
        (event) =>
          event.eventType === 'ActivityTaskCancelRequested' &&
          event.activityTaskCancelRequestedEventAttributes?.activityId === reference.activityId &&
          event.eventId > scheduled.eventId,
      ),
      ...(timedOutDetails === undefined ? {} : { lastHeartbeatDetails: timedOutDetails }),
    };
  }

  /** The whole history of an execution, oldest event first. */
  history(domain: string, workflowExecution: { workflowId: string; runId: string }): WireEvent[] {
    const model = this.#model;
    return [...model.executions.execution(model.registry.domain(domain), workflowExecution).events];
  }

  #execution(reference: ActivityTaskReference) {
    const model = this.#model;
    return model.executions.execution(
      model.registry.domain(reference.domain),
      reference.workflowExecution,
    );
  }

  #ensureDomain(name: string) {
    const registry = this.#model.registry;
    if (!registry.domains.has(name)) {
      registry.RegisterDomain({ name, workflowExecutionRetentionPeriodInDays: '1' });
    }
    return registry.domain(name);
  }

  #startHelperExecution(domain: string, workflowId: string) {
    const model = this.#model;
    const registry = model.registry;
    const workflowType = { name: 'fake-workflow', version: '1' };
    if (!registry.domain(domain).workflowTypes.has(typeKey(workflowType))) {
      registry.RegisterWorkflowType({ domain, ...workflowType });
    }
    registry
      .domain(domain)
      .decisionQueue(HELPER_DECISION_TASK_LIST)
      .serve((execution) => this.#decide(model, execution));
    return model.executions.start({
      domain,
      workflowId,
      workflowType,
      taskList: { name: HELPER_DECISION_TASK_LIST },
      executionStartToCloseTimeout: String(365 * 24 * 3600),
      taskStartToCloseTimeout: 'NONE',
      childPolicy: 'ABANDON',
    }).reference;
  }

  /**
   * The decider of the helper executions, served each of their decision tasks as it is
   * scheduled: makes the decisions waiting for the execution, if any, and completes the
   * execution once its activity task has closed.
   */
  #decide(model: SwfModel, execution: Execution): void {
    const started = execution.startDecisionTask('fake-swf', {});
    if (started === undefined) return;
    const waiting = this.#helperDecisions.get(execution.workflowId);
    this.#helperDecisions.delete(execution.workflowId);
    let decisions: HelperDecisions = waiting ?? [];
    if (waiting === undefined && execution.activities.size === 0) {
      decisions = [
        {
          decisionType: 'CompleteWorkflowExecution',
          completeWorkflowExecutionDecisionAttributes: {},
        },
      ];
    }
    model.decisionTasks.RespondDecisionTaskCompleted({ taskToken: started.taskToken, decisions });
  }
}

type HelperDecisions = NonNullable<OperationInput<'RespondDecisionTaskCompleted'>['decisions']>;

/** The decision task list of the executions that {@link FakeSwf.scheduleActivityTask} starts. */
const HELPER_DECISION_TASK_LIST = 'fake-swf-decisions';

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number >= 1, got ${value}`);
  }
  return value;
}

function closedScheduledEventId(event: WireEvent): number | undefined {
  return (
    event.activityTaskCompletedEventAttributes ??
    event.activityTaskFailedEventAttributes ??
    event.activityTaskCanceledEventAttributes ??
    event.activityTaskTimedOutEventAttributes
  )?.scheduledEventId;
}
