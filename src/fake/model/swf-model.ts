import type { Clock } from '../../clock/clock.js';
import type { OperationInput, OperationOutput, SwfOperationName } from '../operations.js';
import { ActivityTasksService } from './activity-tasks-service.js';
import type { ModelContext, TaskTokenEntry } from './context.js';
import { DecisionTasksService } from './decision-tasks-service.js';
import { ExecutionsService } from './executions-service.js';
import { RegistryService } from './registry-service.js';
import { TokenRegistry } from './tokens.js';

/** How the model is set up. */
export interface SwfModelOptions {
  readonly clock: Clock;
  readonly pollTimeoutMs: number;
  readonly maxPageSize: number;
  readonly region: string;
  readonly accountId: string;
  readonly maxPollersPerTaskList: number;
  readonly maxClosedExecutions: number;
  isPermitted(action: string, domain: string): boolean;
  takeDecisionQuota(decisionType: string): boolean;
}

type Implementation<Name extends SwfOperationName> = (
  input: OperationInput<Name>,
) => OperationOutput<Name> | Promise<OperationOutput<Name>>;

/**
 * The SWF state machine: every operation of the API over in-memory state, with no transport,
 * access control or fault injection of its own (those wrap it in {@link FakeSwf}).
 */
export class SwfModel {
  readonly tokens = new TokenRegistry<TaskTokenEntry>();
  readonly registry: RegistryService;
  readonly executions: ExecutionsService;
  readonly activityTasks: ActivityTasksService;
  readonly decisionTasks: DecisionTasksService;
  readonly #operations: { [Name in SwfOperationName]: Implementation<Name> };

  constructor(options: SwfModelOptions) {
    const context: ModelContext = {
      clock: options.clock,
      tokens: this.tokens,
      pollTimeoutMs: options.pollTimeoutMs,
      maxPageSize: options.maxPageSize,
      isPermitted: (action, domain) => options.isPermitted(action, domain),
      takeDecisionQuota: (decisionType) => options.takeDecisionQuota(decisionType),
    };
    const registry = new RegistryService(context, options);
    const executions = new ExecutionsService(context, registry);
    const activities = new ActivityTasksService(context, registry);
    const decisions = new DecisionTasksService(context, registry, executions);
    this.registry = registry;
    this.executions = executions;
    this.activityTasks = activities;
    this.decisionTasks = decisions;
    this.#operations = {
      CountClosedWorkflowExecutions: (input) => executions.CountClosedWorkflowExecutions(input),
      CountOpenWorkflowExecutions: (input) => executions.CountOpenWorkflowExecutions(input),
      CountPendingActivityTasks: (input) => activities.CountPendingActivityTasks(input),
      CountPendingDecisionTasks: (input) => decisions.CountPendingDecisionTasks(input),
      DeleteActivityType: (input) => registry.DeleteActivityType(input),
      DeleteWorkflowType: (input) => registry.DeleteWorkflowType(input),
      DeprecateActivityType: (input) => registry.DeprecateActivityType(input),
      DeprecateDomain: (input) => registry.DeprecateDomain(input),
      DeprecateWorkflowType: (input) => registry.DeprecateWorkflowType(input),
      DescribeActivityType: (input) => registry.DescribeActivityType(input),
      DescribeDomain: (input) => registry.DescribeDomain(input),
      DescribeWorkflowExecution: (input) => executions.DescribeWorkflowExecution(input),
      DescribeWorkflowType: (input) => registry.DescribeWorkflowType(input),
      GetWorkflowExecutionHistory: (input) => executions.GetWorkflowExecutionHistory(input),
      ListActivityTypes: (input) => registry.ListActivityTypes(input),
      ListClosedWorkflowExecutions: (input) => executions.ListClosedWorkflowExecutions(input),
      ListDomains: (input) => registry.ListDomains(input),
      ListOpenWorkflowExecutions: (input) => executions.ListOpenWorkflowExecutions(input),
      ListTagsForResource: (input) => registry.ListTagsForResource(input),
      ListWorkflowTypes: (input) => registry.ListWorkflowTypes(input),
      PollForActivityTask: (input) => activities.PollForActivityTask(input),
      PollForDecisionTask: (input) => decisions.PollForDecisionTask(input),
      RecordActivityTaskHeartbeat: (input) => activities.RecordActivityTaskHeartbeat(input),
      RegisterActivityType: (input) => registry.RegisterActivityType(input),
      RegisterDomain: (input) => registry.RegisterDomain(input),
      RegisterWorkflowType: (input) => registry.RegisterWorkflowType(input),
      RequestCancelWorkflowExecution: (input) => executions.RequestCancelWorkflowExecution(input),
      RespondActivityTaskCanceled: (input) => activities.RespondActivityTaskCanceled(input),
      RespondActivityTaskCompleted: (input) => activities.RespondActivityTaskCompleted(input),
      RespondActivityTaskFailed: (input) => activities.RespondActivityTaskFailed(input),
      RespondDecisionTaskCompleted: (input) => decisions.RespondDecisionTaskCompleted(input),
      SignalWorkflowExecution: (input) => executions.SignalWorkflowExecution(input),
      StartWorkflowExecution: (input) => executions.StartWorkflowExecution(input),
      TagResource: (input) => registry.TagResource(input),
      TerminateWorkflowExecution: (input) => executions.TerminateWorkflowExecution(input),
      UndeprecateActivityType: (input) => registry.UndeprecateActivityType(input),
      UndeprecateDomain: (input) => registry.UndeprecateDomain(input),
      UndeprecateWorkflowType: (input) => registry.UndeprecateWorkflowType(input),
      UntagResource: (input) => registry.UntagResource(input),
    };
  }

  /** Runs one operation against the state; one that waits (a long poll) answers with a promise. */
  dispatch<Name extends SwfOperationName>(
    operation: Name,
    input: OperationInput<Name>,
  ): OperationOutput<Name> | Promise<OperationOutput<Name>> {
    const implementation = this.#operations[operation] as Implementation<Name>;
    return implementation(input);
  }

  /**
   * The domain an operation acts in, for access control: its `domain` (or `name` for domain
   * operations) member, the domain of a resource ARN, or the domain of a task token.
   */
  domainOf(operation: SwfOperationName, input: object): string | undefined {
    const members = input as {
      domain?: unknown;
      name?: unknown;
      taskToken?: unknown;
      resourceArn?: unknown;
    };
    if (typeof members.domain === 'string') return members.domain;
    if (operation.endsWith('Domain') && typeof members.name === 'string') return members.name;
    if (typeof members.resourceArn === 'string') {
      const match = /:\/domain\/(.+)$/.exec(members.resourceArn);
      return match?.[1];
    }
    if (typeof members.taskToken === 'string') {
      const entry = this.tokens.find(members.taskToken);
      if (entry?.kind === 'activity') return entry.task.execution.domain.name;
      if (entry?.kind === 'decision') return entry.execution.domain.name;
    }
    return undefined;
  }

  /** Answers every waiting poll with no task. */
  releasePollers(): void {
    for (const domain of this.registry.domains.values()) domain.releasePollers();
  }
}
