/**
 * The decisions of a completed decision task: one handler per decision type, each with the
 * checks SWF makes of its attributes and the causes it fails with.
 *
 * A batch is checked whole before anything is applied (a malformed batch changes nothing), then
 * applied in order, one event (or one failure event) per decision. Two causes apply to every
 * decision and are decided here: OPERATION_NOT_PERMITTED (the access policy), and, for the
 * decisions that close the run, UNHANDLED_DECISION (events arrived after the decision task
 * started). Decisions after a successful close are dropped. Activity tasks enter their task
 * lists, and signals and cancel requests reach other executions, only once the whole batch is
 * recorded.
 *
 * @module
 */
import type { Decision, DecisionType } from '@aws-sdk/client-swf';
import { SwfServiceError } from '../errors.js';
import type { Wire } from '../operations.js';
import { ActivityTask, type ActivityTaskSpec } from './activity-task.js';
import type { ModelContext } from './context.js';
import { typeKey } from './domain.js';
import { formatDuration, parseDuration, parseExecutionTimeout } from './durations.js';
import type { EventAttributes, EventType, Execution } from './execution.js';
import { resolveExecutionSettings } from './execution-settings.js';
import type { ExecutionsService } from './executions-service.js';
import { checkTaskPriority } from './task-priority.js';

type WireDecision = Wire<Decision>;

/** SWF's limits per execution. */
const MAX_OPEN_ACTIVITIES = 1000;
const MAX_OPEN_TIMERS = 1000;

/** What applying a batch needs from the rest of the model. */
export interface DecisionEnvironment {
  readonly context: ModelContext;
  /** Starts, continues and finds executions. */
  readonly executions: ExecutionsService;
}

// ---- the table of decisions -------------------------------------------------------------------

/** The handler of each decision type. */
const DECISIONS: { readonly [T in DecisionType]: DecisionHandler<T> } = {
  ScheduleActivityTask: {
    validate: checkScheduleActivityTask,
    apply: scheduleActivityTask,
    failure: (attributes, cause, ids) => ({
      activityType: attributes.activityType,
      activityId: attributes.activityId,
      cause,
      decisionTaskCompletedEventId: ids.decisionTaskCompletedEventId,
    }),
  },
  RequestCancelActivityTask: {
    apply: requestCancelActivityTask,
    failure: (attributes, cause, ids) => ({
      activityId: attributes.activityId,
      cause,
      decisionTaskCompletedEventId: ids.decisionTaskCompletedEventId,
    }),
  },
  CompleteWorkflowExecution: {
    closesRun: true,
    apply: (attributes, decision) => {
      decision.execution.close('COMPLETED', 'WorkflowExecutionCompleted', {
        result: attributes.result,
        decisionTaskCompletedEventId: decision.completedEventId,
      });
    },
    failure: closingFailure,
  },
  FailWorkflowExecution: {
    closesRun: true,
    apply: (attributes, decision) => {
      decision.execution.close('FAILED', 'WorkflowExecutionFailed', {
        reason: attributes.reason,
        details: attributes.details,
        decisionTaskCompletedEventId: decision.completedEventId,
      });
    },
    failure: closingFailure,
  },
  CancelWorkflowExecution: {
    closesRun: true,
    apply: (attributes, decision) => {
      decision.execution.close('CANCELED', 'WorkflowExecutionCanceled', {
        details: attributes.details,
        decisionTaskCompletedEventId: decision.completedEventId,
      });
    },
    failure: closingFailure,
  },
  ContinueAsNewWorkflowExecution: {
    closesRun: true,
    validate: checkExecutionSettings,
    apply: continueAsNewWorkflowExecution,
    failure: closingFailure,
  },
  RecordMarker: {
    apply: (attributes, decision) => {
      decision.execution.record('MarkerRecorded', {
        markerName: attributes.markerName,
        details: attributes.details,
        decisionTaskCompletedEventId: decision.completedEventId,
      });
    },
    failure: (attributes, cause, ids) => ({
      markerName: attributes.markerName,
      cause,
      decisionTaskCompletedEventId: ids.decisionTaskCompletedEventId,
    }),
  },
  StartTimer: {
    validate: checkStartTimer,
    apply: startTimer,
    failure: (attributes, cause, ids) => ({
      timerId: attributes.timerId,
      cause,
      decisionTaskCompletedEventId: ids.decisionTaskCompletedEventId,
    }),
  },
  CancelTimer: {
    apply: cancelTimer,
    failure: (attributes, cause, ids) => ({
      timerId: attributes.timerId,
      cause,
      decisionTaskCompletedEventId: ids.decisionTaskCompletedEventId,
    }),
  },
  SignalExternalWorkflowExecution: {
    apply: signalExternalWorkflowExecution,
    failure: (attributes, cause, ids) => ({
      workflowId: attributes.workflowId,
      runId: attributes.runId,
      control: attributes.control,
      cause,
      ...ids,
    }),
  },
  RequestCancelExternalWorkflowExecution: {
    apply: requestCancelExternalWorkflowExecution,
    failure: (attributes, cause, ids) => ({
      workflowId: attributes.workflowId,
      runId: attributes.runId,
      control: attributes.control,
      cause,
      ...ids,
    }),
  },
  StartChildWorkflowExecution: {
    validate: checkExecutionSettings,
    apply: startChildWorkflowExecution,
    failure: (attributes, cause, ids) => ({
      workflowType: attributes.workflowType,
      workflowId: attributes.workflowId,
      control: attributes.control,
      cause,
      ...ids,
    }),
  },
  ScheduleLambdaFunction: {
    // Lambda tasks cannot run here, as in a region without AWS Lambda.
    outsideAccessPolicy: true,
    apply: (_attributes, decision) => decision.fail('LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION'),
    failure: (attributes, cause, ids) => ({
      id: attributes.id,
      name: attributes.name,
      cause,
      decisionTaskCompletedEventId: ids.decisionTaskCompletedEventId,
    }),
  },
};

// ---- how a batch is applied -------------------------------------------------------------------

/** The attributes member of a decision of type `T`. */
type Attributes<T extends DecisionType> = NonNullable<WireDecision[AttributesKey<T>]>;
type AttributesKey<T extends DecisionType> = `${Uncapitalize<T>}DecisionAttributes` &
  keyof WireDecision;
/** The event a decision of type `T` records when it fails: `<T>Failed`. */
type FailedEvent<T extends DecisionType> = `${T}Failed` & EventType;
/** Why a decision of type `T` failed, as its failure event says. */
type Cause<T extends DecisionType> = EventAttributes<FailedEvent<T>>['cause'];

/** The ids a failure event points to. */
interface FailureIds {
  readonly decisionTaskCompletedEventId: number;
  /** The decision's Initiated event when it failed later, 0 when it failed at once. */
  readonly initiatedEventId: number;
}

/** One decision type: how it is checked, applied, and recorded when it fails. */
interface DecisionHandler<T extends DecisionType> {
  /** Closes the run: fails with UNHANDLED_DECISION when events arrived since the task started. */
  readonly closesRun?: true;
  /** Never fails with OPERATION_NOT_PERMITTED (SWF's causes for it have no such value). */
  readonly outsideAccessPolicy?: true;
  /** The checks of the attributes made before any decision is applied (ValidationException). */
  validate?(attributes: Attributes<T>, path: string): void;
  /** Records the decision's events, or calls `decision.fail` with the cause. */
  apply(attributes: Attributes<T>, decision: AppliedDecision<T>): undefined;
  /** The attributes of the decision's failure event. */
  failure(
    attributes: Attributes<T>,
    cause: Cause<T>,
    ids: FailureIds,
  ): EventAttributes<FailedEvent<T>>;
}

/**
 * What a handler applies its decision with. Its variance in `T` is stated (`in out`): left to
 * infer it across the thirteen decision types, the compiler spends most of a typecheck on it.
 */
interface AppliedDecision<in out T extends DecisionType> {
  readonly execution: Execution;
  readonly env: DecisionEnvironment;
  /** The DecisionTaskCompleted event the decision's events point to. */
  readonly completedEventId: number;
  /** Records the decision's failure event; the decider gets a decision task to see it. */
  fail(cause: Cause<T>, initiatedEventId?: number): undefined;
  /** Runs `action` once every decision of the batch is recorded. */
  afterBatch(action: () => void): void;
}

/**
 * Completes the started decision task of `execution` with the decider's `decisions`: checks
 * them all, records DecisionTaskCompleted, applies them in order, then what waited for the batch.
 */
export function completeDecisionTask(
  execution: Execution,
  decisions: readonly WireDecision[],
  executionContext: string | undefined,
  env: DecisionEnvironment,
): void {
  decisions.forEach((decision, index) => {
    validateDecision(decision, `decisions.${index + 1}.member`);
  });
  const completed = execution.completeDecisionTask(executionContext);
  const afterBatch: Array<() => void> = [];
  execution.applyDecisions(() => {
    if (completed.unhandledEvents) execution.scheduleDecisionTask();
    for (const decision of decisions) {
      if (!execution.isOpen) break;
      applyDecision(decision, {
        execution,
        env,
        completedEventId: completed.completedEventId,
        unhandledEvents: completed.unhandledEvents,
        afterBatch,
      });
    }
  });
  for (const action of afterBatch) action();
}

function validateDecision<T extends DecisionType>(
  decision: WireDecision & { readonly decisionType: T },
  path: string,
): void {
  const key = attributesKey(decision.decisionType);
  const attributes = decision[key] as Attributes<T> | undefined;
  if (attributes === undefined) {
    throw new SwfServiceError(
      'ValidationException',
      `1 validation error detected: Value null at '${path}.${key}' failed to satisfy constraint: Member must not be null for decision type ${decision.decisionType}`,
    );
  }
  const handler: DecisionHandler<T> = DECISIONS[decision.decisionType];
  handler.validate?.(attributes, `${path}.${key}`);
}

interface Batch {
  readonly execution: Execution;
  readonly env: DecisionEnvironment;
  readonly completedEventId: number;
  readonly unhandledEvents: boolean;
  readonly afterBatch: Array<() => void>;
}

function applyDecision<T extends DecisionType>(
  decision: WireDecision & { readonly decisionType: T },
  batch: Batch,
): void {
  const type = decision.decisionType;
  const handler: DecisionHandler<T> = DECISIONS[type];
  const attributes = decision[attributesKey(type)] as Attributes<T>;
  const { execution, completedEventId } = batch;
  const applied: AppliedDecision<T> = {
    execution,
    env: batch.env,
    completedEventId,
    fail: (cause, initiatedEventId = 0) => {
      const ids = { decisionTaskCompletedEventId: completedEventId, initiatedEventId };
      execution.record(`${type}Failed` as FailedEvent<T>, handler.failure(attributes, cause, ids));
      execution.scheduleDecisionTask();
    },
    afterBatch: (action) => batch.afterBatch.push(action),
  };
  // The causes of every type guarded by the access policy include OPERATION_NOT_PERMITTED, and
  // those of every closing type UNHANDLED_DECISION (the SDK's enums say so).
  const permitted =
    handler.outsideAccessPolicy || batch.env.context.isPermitted(type, execution.domain.name);
  if (!permitted) {
    applied.fail('OPERATION_NOT_PERMITTED' as Cause<T>);
  } else if (handler.closesRun && batch.unhandledEvents) {
    applied.fail('UNHANDLED_DECISION' as Cause<T>);
  } else {
    handler.apply(attributes, applied);
  }
}

function attributesKey<T extends DecisionType>(type: T): AttributesKey<T> {
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}DecisionAttributes` as AttributesKey<T>;
}

/** The failure event of a decision that closes the run: its cause and nothing else. */
function closingFailure<C extends string>(
  _attributes: unknown,
  cause: C,
  ids: FailureIds,
): { cause: C; decisionTaskCompletedEventId: number } {
  return { cause, decisionTaskCompletedEventId: ids.decisionTaskCompletedEventId };
}

// ---- ScheduleActivityTask ---------------------------------------------------------------------

function checkScheduleActivityTask(
  attributes: Attributes<'ScheduleActivityTask'>,
  path: string,
): void {
  for (const member of [
    'scheduleToStartTimeout',
    'scheduleToCloseTimeout',
    'startToCloseTimeout',
    'heartbeatTimeout',
  ] as const) {
    parseDuration(attributes[member], `${path}.${member}`);
  }
  checkTaskPriority(attributes.taskPriority, `${path}.taskPriority`);
}

/** Schedules the task; it enters its task list once the batch is recorded. */
function scheduleActivityTask(
  attributes: Attributes<'ScheduleActivityTask'>,
  decision: AppliedDecision<'ScheduleActivityTask'>,
): undefined {
  const { execution, env } = decision;
  const type = execution.domain.activityTypes.get(typeKey(attributes.activityType));
  if (type === undefined) return decision.fail('ACTIVITY_TYPE_DOES_NOT_EXIST');
  if (type.status === 'DEPRECATED') return decision.fail('ACTIVITY_TYPE_DEPRECATED');
  if (execution.activities.has(attributes.activityId)) {
    return decision.fail('ACTIVITY_ID_ALREADY_IN_USE');
  }
  if (execution.activities.size >= MAX_OPEN_ACTIVITIES) {
    return decision.fail('OPEN_ACTIVITIES_LIMIT_EXCEEDED');
  }
  const defaults = type.configuration;
  const taskList = attributes.taskList?.name ?? defaults.defaultTaskList?.name;
  if (taskList === undefined) return decision.fail('DEFAULT_TASK_LIST_UNDEFINED');
  const timeout = (given: string | undefined, fallback: string | undefined, member: string) =>
    parseDuration(given ?? fallback, member);
  const scheduleToClose = timeout(
    attributes.scheduleToCloseTimeout,
    defaults.defaultTaskScheduleToCloseTimeout,
    'scheduleToCloseTimeout',
  );
  if (scheduleToClose === undefined) {
    return decision.fail('DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED');
  }
  const scheduleToStart = timeout(
    attributes.scheduleToStartTimeout,
    defaults.defaultTaskScheduleToStartTimeout,
    'scheduleToStartTimeout',
  );
  if (scheduleToStart === undefined) {
    return decision.fail('DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED');
  }
  const startToClose = timeout(
    attributes.startToCloseTimeout,
    defaults.defaultTaskStartToCloseTimeout,
    'startToCloseTimeout',
  );
  if (startToClose === undefined) return decision.fail('DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED');
  const heartbeat = timeout(
    attributes.heartbeatTimeout,
    defaults.defaultTaskHeartbeatTimeout,
    'heartbeatTimeout',
  );
  if (!env.context.takeDecisionQuota('ScheduleActivityTask')) {
    return decision.fail('ACTIVITY_CREATION_RATE_EXCEEDED');
  }
  const taskPriority = attributes.taskPriority ?? defaults.defaultTaskPriority;
  const spec: ActivityTaskSpec = {
    activityId: attributes.activityId,
    activityType: attributes.activityType,
    input: attributes.input,
    control: attributes.control,
    taskList,
    priority: Number(taskPriority ?? 0),
    timeouts: { scheduleToClose, scheduleToStart, startToClose, heartbeat: heartbeat ?? 'NONE' },
  };
  const scheduledEventId = execution.record('ActivityTaskScheduled', {
    activityType: spec.activityType,
    activityId: spec.activityId,
    input: spec.input,
    control: spec.control,
    scheduleToStartTimeout: formatDuration(scheduleToStart),
    scheduleToCloseTimeout: formatDuration(scheduleToClose),
    startToCloseTimeout: formatDuration(startToClose),
    taskList: { name: taskList },
    taskPriority,
    decisionTaskCompletedEventId: decision.completedEventId,
    ...(heartbeat === undefined ? {} : { heartbeatTimeout: formatDuration(heartbeat) }),
  });
  const task = new ActivityTask(execution, spec, scheduledEventId, env.context);
  execution.addActivity(task);
  decision.afterBatch(() => {
    if (task.status === 'SCHEDULED' && execution.isOpen) task.enqueue();
  });
}

// ---- RequestCancelActivityTask ----------------------------------------------------------------

/** A started task learns of the request from its next heartbeat; a scheduled one is canceled. */
function requestCancelActivityTask(
  attributes: Attributes<'RequestCancelActivityTask'>,
  decision: AppliedDecision<'RequestCancelActivityTask'>,
): undefined {
  const task = decision.execution.activities.get(attributes.activityId);
  if (task === undefined) return decision.fail('ACTIVITY_ID_UNKNOWN');
  task.requestCancel(decision.completedEventId);
}

// ---- ContinueAsNewWorkflowExecution and StartChildWorkflowExecution ---------------------------

/** The members of a decision that starts a run, checked as StartWorkflowExecution checks them. */
function checkExecutionSettings(
  attributes: {
    readonly executionStartToCloseTimeout?: string | undefined;
    readonly taskStartToCloseTimeout?: string | undefined;
    readonly taskPriority?: string | undefined;
  },
  path: string,
): void {
  if (attributes.executionStartToCloseTimeout !== undefined) {
    parseExecutionTimeout(
      attributes.executionStartToCloseTimeout,
      `${path}.executionStartToCloseTimeout`,
    );
  }
  parseDuration(attributes.taskStartToCloseTimeout, `${path}.taskStartToCloseTimeout`);
  checkTaskPriority(attributes.taskPriority, `${path}.taskPriority`);
}

/** Closes the run as continued and starts the next; what it leaves out comes from the type. */
function continueAsNewWorkflowExecution(
  attributes: Attributes<'ContinueAsNewWorkflowExecution'>,
  decision: AppliedDecision<'ContinueAsNewWorkflowExecution'>,
): undefined {
  const { execution } = decision;
  const type = execution.domain.workflowTypes.get(
    typeKey({
      name: execution.workflowType.name,
      version: attributes.workflowTypeVersion ?? execution.workflowType.version,
    }),
  );
  if (type === undefined) return decision.fail('WORKFLOW_TYPE_DOES_NOT_EXIST');
  if (type.status === 'DEPRECATED') return decision.fail('WORKFLOW_TYPE_DEPRECATED');
  // What the decision leaves out comes from the workflow type, never from the closing run.
  const settings = resolveExecutionSettings(attributes, type.configuration);
  if ('missing' in settings) return decision.fail(settings.missing);
  decision.env.executions.continueAsNew(execution, attributes, decision.completedEventId);
}

/** Initiates the child; it starts (or fails to) once the batch is recorded. */
function startChildWorkflowExecution(
  attributes: Attributes<'StartChildWorkflowExecution'>,
  decision: AppliedDecision<'StartChildWorkflowExecution'>,
): undefined {
  const { execution, env, completedEventId } = decision;
  const settings = env.executions.childSettings(execution, attributes);
  if ('cause' in settings) return decision.fail(settings.cause);
  const config = settings.configuration;
  const initiatedEventId = execution.record('StartChildWorkflowExecutionInitiated', {
    workflowId: attributes.workflowId,
    workflowType: attributes.workflowType,
    control: attributes.control,
    input: attributes.input,
    executionStartToCloseTimeout: formatDuration(config.executionStartToCloseTimeout),
    taskList: { name: config.taskList },
    taskPriority: config.taskPriority,
    decisionTaskCompletedEventId: completedEventId,
    childPolicy: config.childPolicy,
    taskStartToCloseTimeout: formatDuration(config.taskStartToCloseTimeout),
    tagList: attributes.tagList,
    lambdaRole: config.lambdaRole,
  });
  decision.afterBatch(() => {
    if (!execution.isOpen) return;
    env.executions.startChild(execution, attributes, config, initiatedEventId, completedEventId);
  });
}

// ---- StartTimer and CancelTimer ---------------------------------------------------------------

function checkStartTimer(attributes: Attributes<'StartTimer'>, path: string): void {
  const member = `${path}.startToFireTimeout`;
  if (typeof parseDuration(attributes.startToFireTimeout, member) !== 'number') {
    throw new SwfServiceError(
      'ValidationException',
      `1 validation error detected: Value 'NONE' at '${member}' failed to satisfy constraint: Member must be a whole number of seconds`,
    );
  }
}

function startTimer(
  attributes: Attributes<'StartTimer'>,
  decision: AppliedDecision<'StartTimer'>,
): undefined {
  const { execution } = decision;
  if (execution.hasTimer(attributes.timerId)) return decision.fail('TIMER_ID_ALREADY_IN_USE');
  if (execution.openTimers >= MAX_OPEN_TIMERS) return decision.fail('OPEN_TIMERS_LIMIT_EXCEEDED');
  if (!decision.env.context.takeDecisionQuota('StartTimer')) {
    return decision.fail('TIMER_CREATION_RATE_EXCEEDED');
  }
  const startedEventId = execution.record('TimerStarted', {
    timerId: attributes.timerId,
    control: attributes.control,
    startToFireTimeout: attributes.startToFireTimeout,
    decisionTaskCompletedEventId: decision.completedEventId,
  });
  execution.startTimer(attributes.timerId, startedEventId, Number(attributes.startToFireTimeout));
}

function cancelTimer(
  attributes: Attributes<'CancelTimer'>,
  decision: AppliedDecision<'CancelTimer'>,
): undefined {
  const startedEventId = decision.execution.cancelTimer(attributes.timerId);
  if (startedEventId === undefined) return decision.fail('TIMER_ID_UNKNOWN');
  decision.execution.record('TimerCanceled', {
    timerId: attributes.timerId,
    startedEventId,
    decisionTaskCompletedEventId: decision.completedEventId,
  });
}

// ---- SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution ---------------

function signalExternalWorkflowExecution(
  attributes: Attributes<'SignalExternalWorkflowExecution'>,
  decision: AppliedDecision<'SignalExternalWorkflowExecution'>,
): undefined {
  const { execution, completedEventId } = decision;
  if (!decision.env.context.takeDecisionQuota('SignalExternalWorkflowExecution')) {
    return decision.fail('SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED');
  }
  const initiatedEventId = execution.record('SignalExternalWorkflowExecutionInitiated', {
    workflowId: attributes.workflowId,
    runId: attributes.runId,
    control: attributes.control,
    signalName: attributes.signalName,
    input: attributes.input,
    decisionTaskCompletedEventId: completedEventId,
  });
  afterBatchOnTarget(attributes, decision, initiatedEventId, (target) => {
    target.signal({
      signalName: attributes.signalName,
      input: attributes.input,
      externalWorkflowExecution: execution.reference,
      externalInitiatedEventId: initiatedEventId,
    });
    execution.record('ExternalWorkflowExecutionSignaled', {
      workflowExecution: target.reference,
      initiatedEventId,
    });
  });
}

function requestCancelExternalWorkflowExecution(
  attributes: Attributes<'RequestCancelExternalWorkflowExecution'>,
  decision: AppliedDecision<'RequestCancelExternalWorkflowExecution'>,
): undefined {
  const { execution, completedEventId } = decision;
  if (!decision.env.context.takeDecisionQuota('RequestCancelExternalWorkflowExecution')) {
    return decision.fail('REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED');
  }
  const initiatedEventId = execution.record('RequestCancelExternalWorkflowExecutionInitiated', {
    workflowId: attributes.workflowId,
    runId: attributes.runId,
    control: attributes.control,
    decisionTaskCompletedEventId: completedEventId,
  });
  afterBatchOnTarget(attributes, decision, initiatedEventId, (target) => {
    target.requestCancel({
      externalWorkflowExecution: execution.reference,
      externalInitiatedEventId: initiatedEventId,
    });
    execution.record('ExternalWorkflowExecutionCancelRequested', {
      workflowExecution: target.reference,
      initiatedEventId,
    });
  });
}

/**
 * Once the batch is recorded, finds the open run a decision aims at and acts on it, or fails
 * the decision as UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION; either way the deciding run gets a
 * decision task to see the outcome.
 */
function afterBatchOnTarget<
  T extends 'SignalExternalWorkflowExecution' | 'RequestCancelExternalWorkflowExecution',
>(
  target: { readonly workflowId: string; readonly runId?: string | undefined },
  decision: AppliedDecision<T>,
  initiatedEventId: number,
  act: (target: Execution) => void,
): void {
  const { execution, env } = decision;
  decision.afterBatch(() => {
    if (!execution.isOpen) return;
    const other = env.executions.findOpen(execution.domain, target.workflowId, target.runId);
    if (other === undefined) {
      decision.fail('UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION' as Cause<T>, initiatedEventId);
      return;
    }
    act(other);
    execution.scheduleDecisionTask();
  });
}
