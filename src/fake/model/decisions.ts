import type { Decision, DecisionType } from '@aws-sdk/client-swf';
import { SwfServiceError } from '../errors.js';
import type { Wire } from '../operations.js';
import { ActivityTask, type ActivityTaskSpec } from './activity-task.js';
import type { ModelContext } from './context.js';
import { typeKey } from './domain.js';
import {
  type Duration,
  formatDuration,
  parseDuration,
  parseExecutionTimeout,
} from './durations.js';
import type { EventAttributes, EventType, Execution } from './execution.js';
import { resolveExecutionSettings } from './execution-settings.js';
import type { ContinueAsNew, ExecutionsService } from './executions-service.js';
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

/**
 * Applies the decisions of a completed decision task, in order, recording one event (or its
 * failure event) per decision. Closing decisions fail with UNHANDLED_DECISION when events
 * arrived after the decision task started; decisions after a successful close are dropped.
 * Activity tasks enter their task lists, and signals and cancel requests reach other executions,
 * only once the whole batch is recorded.
 */
export function applyDecisions(
  execution: Execution,
  decisions: readonly WireDecision[],
  completed: { completedEventId: number; unhandledEvents: boolean },
  env: DecisionEnvironment,
): void {
  const afterBatch: Array<() => void> = [];
  if (completed.unhandledEvents) execution.oweDecisionTask();
  execution.applyDecisions(() => {
    for (const decision of decisions) {
      if (!execution.isOpen) break;
      applyOne(execution, decision, completed, env, afterBatch);
    }
  });
  for (const action of afterBatch) action();
}

/** Checks a batch before anything is applied, so a malformed batch changes nothing. */
export function checkDecisions(decisions: readonly WireDecision[]): void {
  decisions.forEach((decision, index) => {
    const key = attributesKey(decision.decisionType);
    if (decision[key] === undefined) {
      throw new SwfServiceError(
        'ValidationException',
        `1 validation error detected: Value null at 'decisions.${index + 1}.member.${key}' failed to satisfy constraint: Member must not be null for decision type ${decision.decisionType}`,
      );
    }
    const start = decision.startTimerDecisionAttributes;
    if (
      start !== undefined &&
      typeof parseDuration(start.startToFireTimeout, 'startToFireTimeout') !== 'number'
    ) {
      throw new SwfServiceError(
        'ValidationException',
        `1 validation error detected: Value 'NONE' at 'decisions.${index + 1}.member.startTimerDecisionAttributes.startToFireTimeout' failed to satisfy constraint: Member must be a whole number of seconds`,
      );
    }
    const continueAsNew = decision.continueAsNewWorkflowExecutionDecisionAttributes;
    if (continueAsNew !== undefined) {
      const prefix = `decisions.${index + 1}.member.continueAsNewWorkflowExecutionDecisionAttributes`;
      if (continueAsNew.executionStartToCloseTimeout !== undefined) {
        parseExecutionTimeout(
          continueAsNew.executionStartToCloseTimeout,
          `${prefix}.executionStartToCloseTimeout`,
        );
      }
      parseDuration(continueAsNew.taskStartToCloseTimeout, `${prefix}.taskStartToCloseTimeout`);
      checkTaskPriority(continueAsNew.taskPriority, `${prefix}.taskPriority`);
    }
    const child = decision.startChildWorkflowExecutionDecisionAttributes;
    if (child !== undefined) {
      const prefix = `decisions.${index + 1}.member.startChildWorkflowExecutionDecisionAttributes`;
      if (child.executionStartToCloseTimeout !== undefined) {
        parseExecutionTimeout(
          child.executionStartToCloseTimeout,
          `${prefix}.executionStartToCloseTimeout`,
        );
      }
      parseDuration(child.taskStartToCloseTimeout, `${prefix}.taskStartToCloseTimeout`);
      checkTaskPriority(child.taskPriority, `${prefix}.taskPriority`);
    }
    const schedule = decision.scheduleActivityTaskDecisionAttributes;
    if (schedule !== undefined) {
      for (const member of [
        'scheduleToStartTimeout',
        'scheduleToCloseTimeout',
        'startToCloseTimeout',
        'heartbeatTimeout',
      ] as const) {
        parseDuration(
          schedule[member],
          `decisions.${index + 1}.member.scheduleActivityTaskDecisionAttributes.${member}`,
        );
      }
      checkTaskPriority(
        schedule.taskPriority,
        `decisions.${index + 1}.member.scheduleActivityTaskDecisionAttributes.taskPriority`,
      );
    }
  });
}

function attributesKey(type: DecisionType): keyof WireDecision & `${string}DecisionAttributes` {
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}DecisionAttributes` as keyof WireDecision &
    `${string}DecisionAttributes`;
}

function applyOne(
  execution: Execution,
  decision: WireDecision,
  completed: { completedEventId: number; unhandledEvents: boolean },
  env: DecisionEnvironment,
  afterBatch: Array<() => void>,
): void {
  const decisionTaskCompletedEventId = completed.completedEventId;
  const permitted = env.context.isPermitted(decision.decisionType, execution.domain.name);
  const fail = <T extends EventType>(eventType: T, attributes: EventAttributes<T>): void => {
    execution.record(eventType, attributes);
    execution.oweDecisionTask();
  };
  const closingFailure = !permitted
    ? ('OPERATION_NOT_PERMITTED' as const)
    : completed.unhandledEvents
      ? ('UNHANDLED_DECISION' as const)
      : undefined;

  switch (decision.decisionType) {
    case 'ScheduleActivityTask': {
      const attributes = decision.scheduleActivityTaskDecisionAttributes;
      if (attributes === undefined) return;
      const resolved = permitted
        ? resolveActivity(execution, attributes, env.context)
        : ('OPERATION_NOT_PERMITTED' as const);
      if (typeof resolved === 'string') {
        fail('ScheduleActivityTaskFailed', {
          activityType: attributes.activityType,
          activityId: attributes.activityId,
          cause: resolved,
          decisionTaskCompletedEventId,
        });
        return;
      }
      const timeouts = resolved.timeouts;
      const scheduledEventId = execution.record('ActivityTaskScheduled', {
        activityType: resolved.activityType,
        activityId: resolved.activityId,
        input: resolved.input,
        control: resolved.control,
        scheduleToStartTimeout: formatDuration(timeouts.scheduleToStart),
        scheduleToCloseTimeout: formatDuration(timeouts.scheduleToClose),
        startToCloseTimeout: formatDuration(timeouts.startToClose),
        taskList: { name: resolved.taskList },
        taskPriority: resolved.taskPriorityText,
        decisionTaskCompletedEventId,
        ...(resolved.heartbeatGiven
          ? { heartbeatTimeout: formatDuration(timeouts.heartbeat) }
          : {}),
      });
      const task = new ActivityTask(execution, resolved, scheduledEventId, env.context);
      execution.activities.set(resolved.activityId, task);
      afterBatch.push(() => {
        if (task.status === 'SCHEDULED' && execution.isOpen) task.enqueue();
      });
      return;
    }
    case 'RequestCancelActivityTask': {
      const attributes = decision.requestCancelActivityTaskDecisionAttributes;
      if (attributes === undefined) return;
      const task = execution.activities.get(attributes.activityId);
      if (!permitted || task === undefined) {
        fail('RequestCancelActivityTaskFailed', {
          activityId: attributes.activityId,
          cause: permitted ? 'ACTIVITY_ID_UNKNOWN' : 'OPERATION_NOT_PERMITTED',
          decisionTaskCompletedEventId,
        });
        return;
      }
      task.requestCancel(decisionTaskCompletedEventId);
      return;
    }
    case 'CompleteWorkflowExecution': {
      const result = decision.completeWorkflowExecutionDecisionAttributes?.result;
      if (closingFailure !== undefined) {
        fail('CompleteWorkflowExecutionFailed', {
          cause: closingFailure,
          decisionTaskCompletedEventId,
        });
        return;
      }
      execution.close('COMPLETED', 'WorkflowExecutionCompleted', {
        result: result,
        decisionTaskCompletedEventId,
      });
      return;
    }
    case 'FailWorkflowExecution': {
      const attributes = decision.failWorkflowExecutionDecisionAttributes;
      if (closingFailure !== undefined) {
        fail('FailWorkflowExecutionFailed', {
          cause: closingFailure,
          decisionTaskCompletedEventId,
        });
        return;
      }
      execution.close('FAILED', 'WorkflowExecutionFailed', {
        reason: attributes?.reason,
        details: attributes?.details,
        decisionTaskCompletedEventId,
      });
      return;
    }
    case 'CancelWorkflowExecution': {
      const details = decision.cancelWorkflowExecutionDecisionAttributes?.details;
      if (closingFailure !== undefined) {
        fail('CancelWorkflowExecutionFailed', {
          cause: closingFailure,
          decisionTaskCompletedEventId,
        });
        return;
      }
      execution.close('CANCELED', 'WorkflowExecutionCanceled', {
        details: details,
        decisionTaskCompletedEventId,
      });
      return;
    }
    case 'ContinueAsNewWorkflowExecution': {
      const attributes = decision.continueAsNewWorkflowExecutionDecisionAttributes ?? {};
      const failure = closingFailure ?? continueAsNewFailure(execution, attributes);
      if (failure !== undefined) {
        fail('ContinueAsNewWorkflowExecutionFailed', {
          cause: failure,
          decisionTaskCompletedEventId,
        });
        return;
      }
      env.executions.continueAsNew(execution, attributes, decisionTaskCompletedEventId);
      return;
    }
    case 'RecordMarker': {
      const attributes = decision.recordMarkerDecisionAttributes;
      if (attributes === undefined) return;
      if (!permitted) {
        fail('RecordMarkerFailed', {
          markerName: attributes.markerName,
          cause: 'OPERATION_NOT_PERMITTED',
          decisionTaskCompletedEventId,
        });
        return;
      }
      execution.record('MarkerRecorded', {
        markerName: attributes.markerName,
        details: attributes.details,
        decisionTaskCompletedEventId,
      });
      return;
    }
    case 'StartTimer': {
      const attributes = decision.startTimerDecisionAttributes;
      if (attributes === undefined) return;
      const cause = !permitted
        ? 'OPERATION_NOT_PERMITTED'
        : execution.hasTimer(attributes.timerId)
          ? 'TIMER_ID_ALREADY_IN_USE'
          : execution.openTimers >= MAX_OPEN_TIMERS
            ? 'OPEN_TIMERS_LIMIT_EXCEEDED'
            : !env.context.takeDecisionQuota('StartTimer')
              ? 'TIMER_CREATION_RATE_EXCEEDED'
              : undefined;
      if (cause !== undefined) {
        fail('StartTimerFailed', {
          timerId: attributes.timerId,
          cause,
          decisionTaskCompletedEventId,
        });
        return;
      }
      const startedEventId = execution.record('TimerStarted', {
        timerId: attributes.timerId,
        control: attributes.control,
        startToFireTimeout: attributes.startToFireTimeout,
        decisionTaskCompletedEventId,
      });
      execution.startTimer(
        attributes.timerId,
        startedEventId,
        Number(attributes.startToFireTimeout),
      );
      return;
    }
    case 'CancelTimer': {
      const attributes = decision.cancelTimerDecisionAttributes;
      if (attributes === undefined) return;
      const startedEventId = permitted ? execution.cancelTimer(attributes.timerId) : undefined;
      if (startedEventId === undefined) {
        fail('CancelTimerFailed', {
          timerId: attributes.timerId,
          cause: permitted ? 'TIMER_ID_UNKNOWN' : 'OPERATION_NOT_PERMITTED',
          decisionTaskCompletedEventId,
        });
        return;
      }
      execution.record('TimerCanceled', {
        timerId: attributes.timerId,
        startedEventId,
        decisionTaskCompletedEventId,
      });
      return;
    }
    case 'SignalExternalWorkflowExecution': {
      const attributes = decision.signalExternalWorkflowExecutionDecisionAttributes;
      if (attributes === undefined) return;
      const common = {
        workflowId: attributes.workflowId,
        runId: attributes.runId,
        decisionTaskCompletedEventId,
        control: attributes.control,
      };
      applyExternal(execution, env, afterBatch, {
        permitted,
        quota: 'SignalExternalWorkflowExecution',
        target: attributes,
        fail: (cause, initiatedEventId) =>
          execution.record('SignalExternalWorkflowExecutionFailed', {
            ...common,
            cause:
              cause === 'RATE_EXCEEDED'
                ? 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED'
                : cause,
            initiatedEventId,
          }),
        initiate: () =>
          execution.record('SignalExternalWorkflowExecutionInitiated', {
            ...common,
            signalName: attributes.signalName,
            input: attributes.input,
          }),
        deliver: (other, initiatedEventId) => {
          other.record('WorkflowExecutionSignaled', {
            signalName: attributes.signalName,
            input: attributes.input,
            externalWorkflowExecution: execution.reference,
            externalInitiatedEventId: initiatedEventId,
          });
          execution.record('ExternalWorkflowExecutionSignaled', {
            workflowExecution: other.reference,
            initiatedEventId,
          });
        },
      });
      return;
    }
    case 'RequestCancelExternalWorkflowExecution': {
      const attributes = decision.requestCancelExternalWorkflowExecutionDecisionAttributes;
      if (attributes === undefined) return;
      const common = {
        workflowId: attributes.workflowId,
        runId: attributes.runId,
        decisionTaskCompletedEventId,
        control: attributes.control,
      };
      applyExternal(execution, env, afterBatch, {
        permitted,
        quota: 'RequestCancelExternalWorkflowExecution',
        target: attributes,
        fail: (cause, initiatedEventId) =>
          execution.record('RequestCancelExternalWorkflowExecutionFailed', {
            ...common,
            cause:
              cause === 'RATE_EXCEEDED'
                ? 'REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED'
                : cause,
            initiatedEventId,
          }),
        initiate: () => execution.record('RequestCancelExternalWorkflowExecutionInitiated', common),
        deliver: (other, initiatedEventId) => {
          other.record('WorkflowExecutionCancelRequested', {
            externalWorkflowExecution: execution.reference,
            externalInitiatedEventId: initiatedEventId,
          });
          other.cancelRequested = true;
          execution.record('ExternalWorkflowExecutionCancelRequested', {
            workflowExecution: other.reference,
            initiatedEventId,
          });
        },
      });
      return;
    }
    case 'StartChildWorkflowExecution': {
      const attributes = decision.startChildWorkflowExecutionDecisionAttributes;
      if (attributes === undefined) return;
      const settings = permitted
        ? env.executions.childSettings(execution, attributes)
        : { cause: 'OPERATION_NOT_PERMITTED' as const };
      if ('cause' in settings) {
        fail('StartChildWorkflowExecutionFailed', {
          workflowType: attributes.workflowType,
          cause: settings.cause,
          workflowId: attributes.workflowId,
          initiatedEventId: 0,
          decisionTaskCompletedEventId,
          control: attributes.control,
        });
        return;
      }
      const config = settings.configuration;
      const initiatedEventId = execution.record('StartChildWorkflowExecutionInitiated', {
        workflowId: attributes.workflowId,
        workflowType: attributes.workflowType,
        control: attributes.control,
        input: attributes.input,
        executionStartToCloseTimeout: formatDuration(config.executionStartToCloseTimeout),
        taskList: { name: config.taskList },
        taskPriority: config.taskPriority,
        decisionTaskCompletedEventId,
        childPolicy: config.childPolicy,
        taskStartToCloseTimeout: formatDuration(config.taskStartToCloseTimeout),
        tagList: attributes.tagList,
        lambdaRole: config.lambdaRole,
      });
      afterBatch.push(() => {
        if (!execution.isOpen) return;
        env.executions.startChild(
          execution,
          attributes,
          config,
          initiatedEventId,
          decisionTaskCompletedEventId,
        );
      });
      return;
    }
    case 'ScheduleLambdaFunction': {
      // Lambda tasks cannot run here, as in a region without AWS Lambda.
      const attributes = decision.scheduleLambdaFunctionDecisionAttributes;
      if (attributes === undefined) return;
      fail('ScheduleLambdaFunctionFailed', {
        id: attributes.id,
        name: attributes.name,
        cause: 'LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION',
        decisionTaskCompletedEventId,
      });
      return;
    }
  }
}

/** How a decision that acts on another execution (signal, cancel request) plays out. */
interface ExternalDecision {
  readonly permitted: boolean;
  readonly quota: 'SignalExternalWorkflowExecution' | 'RequestCancelExternalWorkflowExecution';
  readonly target: { readonly workflowId: string; readonly runId?: string | undefined };
  /** Records the decision's failure event (initiatedEventId 0 when it failed at once). */
  fail(
    cause: 'OPERATION_NOT_PERMITTED' | 'RATE_EXCEEDED' | 'UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION',
    initiatedEventId: number,
  ): number;
  /** Records the decision's Initiated event and returns its id. */
  initiate(): number;
  /** Acts on the other execution and records that it did. */
  deliver(other: Execution, initiatedEventId: number): void;
}

/**
 * A decision aimed at another execution: refused at once (permission, rate), or initiated and,
 * after the batch, delivered to the target or failed as UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION.
 * Either way both executions get a decision task to see the outcome.
 */
function applyExternal(
  execution: Execution,
  env: DecisionEnvironment,
  afterBatch: Array<() => void>,
  decision: ExternalDecision,
): void {
  const refusal = !decision.permitted
    ? 'OPERATION_NOT_PERMITTED'
    : !env.context.takeDecisionQuota(decision.quota)
      ? 'RATE_EXCEEDED'
      : undefined;
  if (refusal !== undefined) {
    decision.fail(refusal, 0);
    execution.oweDecisionTask();
    return;
  }
  const initiatedEventId = decision.initiate();
  afterBatch.push(() => {
    if (!execution.isOpen) return;
    const { workflowId, runId } = decision.target;
    const other = env.executions.findOpen(execution.domain, workflowId, runId);
    if (other === undefined) {
      decision.fail('UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION', initiatedEventId);
    } else {
      decision.deliver(other, initiatedEventId);
      other.scheduleDecisionTask();
    }
    execution.scheduleDecisionTask();
  });
}

interface ResolvedActivity extends ActivityTaskSpec {
  readonly taskPriorityText: string | undefined;
  readonly heartbeatGiven: boolean;
}

type ScheduleFailure =
  | 'ACTIVITY_TYPE_DOES_NOT_EXIST'
  | 'ACTIVITY_TYPE_DEPRECATED'
  | 'ACTIVITY_ID_ALREADY_IN_USE'
  | 'OPEN_ACTIVITIES_LIMIT_EXCEEDED'
  | 'ACTIVITY_CREATION_RATE_EXCEEDED'
  | 'DEFAULT_TASK_LIST_UNDEFINED'
  | 'DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED'
  | 'DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED'
  | 'DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED';

/** Fills a ScheduleActivityTask decision from the type's defaults, or names what is missing. */
function resolveActivity(
  execution: Execution,
  attributes: NonNullable<WireDecision['scheduleActivityTaskDecisionAttributes']>,
  context: ModelContext,
): ResolvedActivity | ScheduleFailure {
  const type = execution.domain.activityTypes.get(typeKey(attributes.activityType));
  if (type === undefined) return 'ACTIVITY_TYPE_DOES_NOT_EXIST';
  if (type.status === 'DEPRECATED') return 'ACTIVITY_TYPE_DEPRECATED';
  if (execution.activities.has(attributes.activityId)) return 'ACTIVITY_ID_ALREADY_IN_USE';
  if (execution.activities.size >= MAX_OPEN_ACTIVITIES) return 'OPEN_ACTIVITIES_LIMIT_EXCEEDED';
  const defaults = type.configuration;
  const taskList = attributes.taskList?.name ?? defaults.defaultTaskList?.name;
  if (taskList === undefined) return 'DEFAULT_TASK_LIST_UNDEFINED';
  const pick = (given: string | undefined, fallback: string | undefined, member: string) =>
    parseDuration(given ?? fallback, member);
  const scheduleToClose = pick(
    attributes.scheduleToCloseTimeout,
    defaults.defaultTaskScheduleToCloseTimeout,
    'scheduleToCloseTimeout',
  );
  if (scheduleToClose === undefined) return 'DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED';
  const scheduleToStart = pick(
    attributes.scheduleToStartTimeout,
    defaults.defaultTaskScheduleToStartTimeout,
    'scheduleToStartTimeout',
  );
  if (scheduleToStart === undefined) return 'DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED';
  const startToClose = pick(
    attributes.startToCloseTimeout,
    defaults.defaultTaskStartToCloseTimeout,
    'startToCloseTimeout',
  );
  if (startToClose === undefined) return 'DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED';
  const heartbeat: Duration | undefined = pick(
    attributes.heartbeatTimeout,
    defaults.defaultTaskHeartbeatTimeout,
    'heartbeatTimeout',
  );
  if (!context.takeDecisionQuota('ScheduleActivityTask')) return 'ACTIVITY_CREATION_RATE_EXCEEDED';
  const taskPriorityText = attributes.taskPriority ?? defaults.defaultTaskPriority;
  return {
    activityId: attributes.activityId,
    activityType: attributes.activityType,
    input: attributes.input,
    control: attributes.control,
    taskList,
    priority: Number(taskPriorityText ?? 0),
    taskPriorityText,
    heartbeatGiven: heartbeat !== undefined,
    timeouts: { scheduleToClose, scheduleToStart, startToClose, heartbeat: heartbeat ?? 'NONE' },
  };
}

type ContinueAsNewFailure =
  | 'WORKFLOW_TYPE_DOES_NOT_EXIST'
  | 'WORKFLOW_TYPE_DEPRECATED'
  | 'DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED'
  | 'DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED'
  | 'DEFAULT_TASK_LIST_UNDEFINED'
  | 'DEFAULT_CHILD_POLICY_UNDEFINED';

function continueAsNewFailure(
  execution: Execution,
  attributes: ContinueAsNew,
): ContinueAsNewFailure | undefined {
  const type = execution.domain.workflowTypes.get(
    typeKey({
      name: execution.workflowType.name,
      version: attributes.workflowTypeVersion ?? execution.workflowType.version,
    }),
  );
  if (type === undefined) return 'WORKFLOW_TYPE_DOES_NOT_EXIST';
  if (type.status === 'DEPRECATED') return 'WORKFLOW_TYPE_DEPRECATED';
  // What the decision leaves out comes from the workflow type, never from the closing run.
  const settings = resolveExecutionSettings(attributes, type.configuration);
  if ('missing' in settings) return settings.missing;
  return undefined;
}
