import type {
  ContinueAsNewWorkflowExecutionDecisionAttributes,
  StartChildWorkflowExecutionDecisionAttributes,
  StartChildWorkflowExecutionFailedCause,
  WorkflowExecutionInfo,
} from '@aws-sdk/client-swf';
import { SwfServiceError, unknownResource } from '../errors.js';
import type { OperationInput, OperationOutput, Wire } from '../operations.js';
import type { ParentLink } from './child-workflows.js';
import type { ModelContext } from './context.js';
import { type Domain, typeKey } from './domain.js';
import { formatDuration } from './durations.js';
import { Execution, type ExecutionConfiguration } from './execution.js';
import { resolveExecutionSettings } from './execution-settings.js';
import { pageSize, readPageToken, takePage, writePageToken } from './page-token.js';
import { randomString } from './random-bytes.js';
import type { RegistryService } from './registry-service.js';
import { checkTaskPriority } from './task-priority.js';

/** The attributes of a ContinueAsNewWorkflowExecution decision. */
export type ContinueAsNew = Wire<ContinueAsNewWorkflowExecutionDecisionAttributes>;
/** The attributes of a StartChildWorkflowExecution decision. */
export type StartChild = Wire<StartChildWorkflowExecutionDecisionAttributes>;
/** Why a child run could not be started. */
export type StartChildFailure = StartChildWorkflowExecutionFailedCause;

const MAX_OPEN_EXECUTIONS_PER_DOMAIN = 100_000;
const MAX_OPEN_CHILDREN = 1000;

type ListOpenInput = OperationInput<'ListOpenWorkflowExecutions'>;
type ListClosedInput = OperationInput<'ListClosedWorkflowExecutions'>;

/**
 * Workflow executions: starting, describing, reading histories, signals, cancel requests,
 * termination, and the visibility queries (list and count, open and closed).
 */
export class ExecutionsService {
  constructor(
    private readonly context: ModelContext,
    private readonly registry: RegistryService,
  ) {}

  /** The run `runId` of `workflowId` in `domain`, open or closed, or UnknownResourceFault. */
  execution(domain: Domain, reference: { workflowId: string; runId: string }): Execution {
    const execution = domain.executions.get(reference.runId);
    if (execution === undefined || execution.workflowId !== reference.workflowId) {
      throw unknownResource(
        `Unknown execution: WorkflowExecution=[workflowId=${reference.workflowId}, runId=${reference.runId}]`,
      );
    }
    return execution;
  }

  /** The open run of `workflowId` (the run `runId` if given), or undefined. */
  findOpen(domain: Domain, workflowId: string, runId?: string): Execution | undefined {
    const execution = domain.openExecutions.get(workflowId);
    return execution !== undefined && (runId === undefined || execution.runId === runId)
      ? execution
      : undefined;
  }

  #open(domain: Domain, workflowId: string, runId?: string): Execution {
    const execution = this.findOpen(domain, workflowId, runId);
    if (execution === undefined) {
      throw unknownResource(
        `Unknown execution: WorkflowExecution=[workflowId=${workflowId}, runId=${runId ?? ''}]`,
      );
    }
    return execution;
  }

  StartWorkflowExecution(
    input: OperationInput<'StartWorkflowExecution'>,
  ): OperationOutput<'StartWorkflowExecution'> {
    return { runId: this.start(input).runId };
  }

  /** Starts a run and returns it. */
  start(input: OperationInput<'StartWorkflowExecution'>): Execution {
    const domain = this.registry.activeDomain(input.domain);
    const type = domain.workflowTypes.get(typeKey(input.workflowType));
    if (type === undefined) {
      throw unknownResource(
        `Unknown type: WorkflowType=[name=${input.workflowType.name}, version=${input.workflowType.version}]`,
      );
    }
    if (type.status === 'DEPRECATED') {
      throw new SwfServiceError('TypeDeprecatedFault', 'WorkflowType is deprecated');
    }
    checkTaskPriority(input.taskPriority, 'taskPriority');
    if (domain.openExecutions.has(input.workflowId)) {
      throw new SwfServiceError(
        'WorkflowExecutionAlreadyStartedFault',
        `An open execution with workflowId ${input.workflowId} already exists`,
      );
    }
    if (domain.openExecutions.size >= MAX_OPEN_EXECUTIONS_PER_DOMAIN) {
      throw new SwfServiceError(
        'LimitExceededFault',
        `At most ${MAX_OPEN_EXECUTIONS_PER_DOMAIN} executions may be open in a domain`,
      );
    }
    const settings = resolveExecutionSettings(input, type.configuration);
    if ('missing' in settings) {
      throw new SwfServiceError(
        'DefaultUndefinedFault',
        `No ${settings.member} was given and the workflow type registers no default for it`,
      );
    }
    return this.#begin(domain, {
      workflowId: input.workflowId,
      runId: newRunId(),
      workflowType: input.workflowType,
      configuration: settings.configuration,
      input: input.input,
      tagList: input.tagList,
    });
  }

  /**
   * Closes `execution` as continued and starts its next run with the same workflow id. What the
   * decision leaves out comes from the (possibly new) workflow type's defaults, as for
   * StartWorkflowExecution; the decision was checked to leave out nothing without a default.
   */
  continueAsNew(execution: Execution, decision: ContinueAsNew, completedEventId: number): void {
    const workflowType = {
      name: execution.workflowType.name,
      version: decision.workflowTypeVersion ?? execution.workflowType.version,
    };
    const defaults = execution.domain.workflowTypes.get(typeKey(workflowType))?.configuration ?? {};
    const settings = resolveExecutionSettings(decision, defaults);
    if ('missing' in settings)
      throw new Error(`ContinueAsNew was not checked: ${settings.missing}`);
    const configuration = settings.configuration;
    const runId = newRunId();
    execution.close('CONTINUED_AS_NEW', 'WorkflowExecutionContinuedAsNew', {
      input: decision.input,
      decisionTaskCompletedEventId: completedEventId,
      newExecutionRunId: runId,
      executionStartToCloseTimeout: formatDuration(configuration.executionStartToCloseTimeout),
      taskList: { name: configuration.taskList },
      taskPriority: configuration.taskPriority,
      taskStartToCloseTimeout: formatDuration(configuration.taskStartToCloseTimeout),
      childPolicy: configuration.childPolicy,
      tagList: decision.tagList ?? execution.tagList,
      workflowType,
      lambdaRole: configuration.lambdaRole,
    });
    const next = this.#begin(execution.domain, {
      workflowId: execution.workflowId,
      runId,
      workflowType,
      configuration,
      input: decision.input,
      tagList: decision.tagList ?? execution.tagList,
      continuedExecutionRunId: execution.runId,
      parent: execution.parent,
    });
    if (execution.parent !== undefined) {
      execution.parent.execution.removeChild(execution);
      execution.parent.execution.addChild(next);
    }
  }

  /**
   * Why a StartChildWorkflowExecution decision cannot start its child, known when the decision
   * is applied; or its settings. (A workflow id already running is found after the batch.)
   */
  childSettings(
    parent: Execution,
    decision: StartChild,
  ): { readonly configuration: ExecutionConfiguration } | { readonly cause: StartChildFailure } {
    const type = parent.domain.workflowTypes.get(typeKey(decision.workflowType));
    if (type === undefined) return { cause: 'WORKFLOW_TYPE_DOES_NOT_EXIST' };
    if (type.status === 'DEPRECATED') return { cause: 'WORKFLOW_TYPE_DEPRECATED' };
    if (parent.children.size >= MAX_OPEN_CHILDREN) return { cause: 'OPEN_CHILDREN_LIMIT_EXCEEDED' };
    const settings = resolveExecutionSettings(decision, type.configuration);
    if ('missing' in settings) return { cause: settings.missing };
    if (!this.context.takeDecisionQuota('StartChildWorkflowExecution')) {
      return { cause: 'CHILD_CREATION_RATE_EXCEEDED' };
    }
    return settings;
  }

  /**
   * Starts a child run for a recorded StartChildWorkflowExecutionInitiated event: the parent
   * records ChildWorkflowExecutionStarted, or StartChildWorkflowExecutionFailed when the
   * workflow id is already running or the domain is full.
   */
  startChild(
    parent: Execution,
    decision: StartChild,
    configuration: ExecutionConfiguration,
    initiatedEventId: number,
    decisionTaskCompletedEventId: number,
  ): void {
    const domain = parent.domain;
    const cause = domain.openExecutions.has(decision.workflowId)
      ? 'WORKFLOW_ALREADY_RUNNING'
      : domain.openExecutions.size >= MAX_OPEN_EXECUTIONS_PER_DOMAIN
        ? 'OPEN_WORKFLOWS_LIMIT_EXCEEDED'
        : undefined;
    if (cause !== undefined) {
      parent.record('StartChildWorkflowExecutionFailed', {
        workflowType: decision.workflowType,
        cause,
        workflowId: decision.workflowId,
        initiatedEventId,
        decisionTaskCompletedEventId,
        control: decision.control,
      });
    } else {
      const link: ParentLink = { execution: parent, initiatedEventId, startedEventId: 0 };
      const child = this.#begin(domain, {
        workflowId: decision.workflowId,
        runId: newRunId(),
        workflowType: decision.workflowType,
        configuration,
        input: decision.input,
        tagList: decision.tagList,
        parent: link,
      });
      parent.addChild(child);
      link.startedEventId = parent.record('ChildWorkflowExecutionStarted', {
        workflowExecution: child.reference,
        workflowType: child.workflowType,
        initiatedEventId,
      });
    }
    parent.scheduleDecisionTask();
  }

  #begin(domain: Domain, start: ConstructorParameters<typeof Execution>[1]): Execution {
    const execution = new Execution(domain, start, this.context);
    domain.executions.set(execution.runId, execution);
    domain.openExecutions.set(execution.workflowId, execution);
    execution.begin();
    return execution;
  }

  DescribeWorkflowExecution(
    input: OperationInput<'DescribeWorkflowExecution'>,
  ): OperationOutput<'DescribeWorkflowExecution'> {
    const execution = this.execution(this.registry.domain(input.domain), input.execution);
    const config = execution.configuration;
    return {
      executionInfo: executionInfo(execution),
      executionConfiguration: {
        taskStartToCloseTimeout: formatDuration(config.taskStartToCloseTimeout),
        executionStartToCloseTimeout: formatDuration(config.executionStartToCloseTimeout),
        taskList: { name: config.taskList },
        taskPriority: config.taskPriority,
        childPolicy: config.childPolicy,
        lambdaRole: config.lambdaRole,
      },
      openCounts: {
        openActivityTasks: execution.activities.size,
        openDecisionTasks: execution.openDecisionTasks,
        openTimers: execution.openTimers,
        openChildWorkflowExecutions: execution.children.size,
        openLambdaFunctions: 0,
      },
      latestActivityTaskTimestamp:
        execution.latestActivityTaskTimestamp === undefined
          ? undefined
          : execution.latestActivityTaskTimestamp / 1000,
      latestExecutionContext: execution.latestExecutionContext,
    };
  }

  /**
   * Pages through a history by event id, so that pages stay consistent while the history grows.
   */
  GetWorkflowExecutionHistory(
    input: OperationInput<'GetWorkflowExecutionHistory'>,
  ): OperationOutput<'GetWorkflowExecutionHistory'> {
    const execution = this.execution(this.registry.domain(input.domain), input.execution);
    const reverse = input.reverseOrder === true;
    const scope = JSON.stringify(['history', input.domain, execution.runId, reverse]);
    const size = pageSize(input.maximumPageSize, this.context);
    const length = execution.eventCount;
    if (!reverse) {
      const firstId =
        input.nextPageToken === undefined ? 1 : readPageToken(input.nextPageToken, scope);
      const lastId = Math.min(length, firstId + size - 1);
      return {
        events: execution.eventRange(firstId, lastId, false),
        nextPageToken: lastId < length ? writePageToken(scope, lastId + 1) : undefined,
      };
    }
    const firstId =
      input.nextPageToken === undefined ? length : readPageToken(input.nextPageToken, scope);
    const lastId = Math.max(1, firstId - size + 1);
    return {
      events: execution.eventRange(lastId, Math.min(firstId, length), true),
      nextPageToken: lastId > 1 ? writePageToken(scope, lastId - 1) : undefined,
    };
  }

  SignalWorkflowExecution(
    input: OperationInput<'SignalWorkflowExecution'>,
  ): OperationOutput<'SignalWorkflowExecution'> {
    const execution = this.#open(this.registry.domain(input.domain), input.workflowId, input.runId);
    execution.signal({ signalName: input.signalName, input: input.input });
    return {};
  }

  RequestCancelWorkflowExecution(
    input: OperationInput<'RequestCancelWorkflowExecution'>,
  ): OperationOutput<'RequestCancelWorkflowExecution'> {
    const execution = this.#open(this.registry.domain(input.domain), input.workflowId, input.runId);
    execution.requestCancel({});
    return {};
  }

  TerminateWorkflowExecution(
    input: OperationInput<'TerminateWorkflowExecution'>,
  ): OperationOutput<'TerminateWorkflowExecution'> {
    const execution = this.#open(this.registry.domain(input.domain), input.workflowId, input.runId);
    execution.close('TERMINATED', 'WorkflowExecutionTerminated', {
      reason: input.reason,
      details: input.details,
      childPolicy: input.childPolicy ?? execution.configuration.childPolicy,
    });
    return {};
  }

  // ---- visibility ----------------------------------------------------------------------------

  ListOpenWorkflowExecutions(input: ListOpenInput): OperationOutput<'ListOpenWorkflowExecutions'> {
    const page = takePage(
      this.#matchOpen(input),
      visibilityScope('open', input),
      input,
      this.context,
    );
    return { executionInfos: page.items.map(executionInfo), nextPageToken: page.nextPageToken };
  }

  CountOpenWorkflowExecutions(
    input: OperationInput<'CountOpenWorkflowExecutions'>,
  ): OperationOutput<'CountOpenWorkflowExecutions'> {
    return { count: this.#matchOpen(input).length, truncated: false };
  }

  ListClosedWorkflowExecutions(
    input: ListClosedInput,
  ): OperationOutput<'ListClosedWorkflowExecutions'> {
    const page = takePage(
      this.#matchClosed(input),
      visibilityScope('closed', input),
      input,
      this.context,
    );
    return { executionInfos: page.items.map(executionInfo), nextPageToken: page.nextPageToken };
  }

  CountClosedWorkflowExecutions(
    input: OperationInput<'CountClosedWorkflowExecutions'>,
  ): OperationOutput<'CountClosedWorkflowExecutions'> {
    return { count: this.#matchClosed(input).length, truncated: false };
  }

  #matchOpen(input: Omit<ListOpenInput, 'nextPageToken' | 'maximumPageSize'>): Execution[] {
    const domain = this.registry.domain(input.domain);
    exclusiveFilters(input);
    const matching = [...domain.openExecutions.values()].filter(
      (execution) =>
        inRange(execution.startTimestamp, input.startTimeFilter) &&
        matchesFilters(execution, input),
    );
    return ordered(matching, (execution) => execution.startTimestamp, input.reverseOrder);
  }

  #matchClosed(input: Omit<ListClosedInput, 'nextPageToken' | 'maximumPageSize'>): Execution[] {
    const domain = this.registry.domain(input.domain);
    if ((input.startTimeFilter === undefined) === (input.closeTimeFilter === undefined)) {
      throw new SwfServiceError(
        'ValidationException',
        'Exactly one of startTimeFilter and closeTimeFilter must be specified',
      );
    }
    exclusiveFilters(input);
    const matching = [...domain.executions.values()].filter(
      (execution) =>
        !execution.isOpen &&
        inRange(execution.startTimestamp, input.startTimeFilter) &&
        inRange(execution.closeTimestamp ?? 0, input.closeTimeFilter) &&
        (input.closeStatusFilter === undefined ||
          execution.closeStatus === input.closeStatusFilter.status) &&
        matchesFilters(execution, input),
    );
    const byClose = input.closeTimeFilter !== undefined;
    return ordered(
      matching,
      (execution) => (byClose ? (execution.closeTimestamp ?? 0) : execution.startTimestamp),
      input.reverseOrder,
    );
  }
}

interface VisibilityFilters {
  readonly executionFilter?: { workflowId: string } | undefined;
  readonly typeFilter?: { name: string; version?: string | undefined } | undefined;
  readonly tagFilter?: { tag: string } | undefined;
  readonly closeStatusFilter?: { status: string } | undefined;
}

function exclusiveFilters(input: VisibilityFilters): void {
  const given = [
    input.executionFilter,
    input.typeFilter,
    input.tagFilter,
    input.closeStatusFilter,
  ].filter((filter) => filter !== undefined);
  if (given.length > 1) {
    throw new SwfServiceError(
      'ValidationException',
      'executionFilter, typeFilter, tagFilter and closeStatusFilter are mutually exclusive: specify at most one',
    );
  }
}

function matchesFilters(execution: Execution, input: VisibilityFilters): boolean {
  const { executionFilter, typeFilter, tagFilter } = input;
  return (
    (executionFilter === undefined || execution.workflowId === executionFilter.workflowId) &&
    (typeFilter === undefined ||
      (execution.workflowType.name === typeFilter.name &&
        (typeFilter.version === undefined ||
          execution.workflowType.version === typeFilter.version))) &&
    (tagFilter === undefined || execution.tagList.includes(tagFilter.tag))
  );
}

function inRange(
  timestampMs: number,
  filter: { oldestDate: number; latestDate?: number | undefined } | undefined,
): boolean {
  if (filter === undefined) return true;
  const seconds = timestampMs / 1000;
  return (
    seconds >= filter.oldestDate &&
    (filter.latestDate === undefined || seconds <= filter.latestDate)
  );
}

/** Newest first, as SWF lists executions; `reverseOrder` puts the oldest first. */
function ordered(
  executions: Execution[],
  time: (execution: Execution) => number,
  reverseOrder: boolean | undefined,
): Execution[] {
  const sign = reverseOrder ? 1 : -1;
  return executions.sort((a, b) => sign * (time(a) - time(b)) || a.runId.localeCompare(b.runId));
}

function visibilityScope(kind: string, input: object): string {
  const {
    nextPageToken: _token,
    maximumPageSize: _size,
    ...query
  } = input as {
    nextPageToken?: unknown;
    maximumPageSize?: unknown;
  };
  return JSON.stringify([kind, query]);
}

function executionInfo(execution: Execution): Wire<WorkflowExecutionInfo> {
  return {
    execution: execution.reference,
    workflowType: execution.workflowType,
    startTimestamp: execution.startTimestamp / 1000,
    closeTimestamp:
      execution.closeTimestamp === undefined ? undefined : execution.closeTimestamp / 1000,
    executionStatus: execution.status,
    closeStatus: execution.closeStatus,
    parent: execution.parent?.execution.reference,
    tagList: execution.tagList.length > 0 ? execution.tagList : undefined,
    cancelRequested: execution.cancelRequested,
  };
}

function newRunId(): string {
  return randomString(32, 'base64');
}
