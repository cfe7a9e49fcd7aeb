/**
 * The 39 operations of the SWF API (version 2012-01-25) and the shapes they take and return,
 * as the official model names them (DeleteActivityType and DeleteWorkflowType came after the
 * published model; the SDK has them). Input and output types come from `@aws-sdk/client-swf`,
 * turned into their wire form by {@link Wire} (timestamps travel as epoch seconds).
 */
import type {
  ActivityTask,
  ActivityTaskStatus,
  ActivityTypeDetail,
  ActivityTypeInfos,
  CountClosedWorkflowExecutionsInput,
  CountOpenWorkflowExecutionsInput,
  CountPendingActivityTasksInput,
  CountPendingDecisionTasksInput,
  DecisionTask,
  DeprecateActivityTypeInput,
  DeprecateDomainInput,
  DeprecateWorkflowTypeInput,
  DescribeActivityTypeInput,
  DescribeDomainInput,
  DescribeWorkflowExecutionInput,
  DescribeWorkflowTypeInput,
  DomainDetail,
  DomainInfos,
  GetWorkflowExecutionHistoryInput,
  History,
  ListActivityTypesInput,
  ListClosedWorkflowExecutionsInput,
  ListDomainsInput,
  ListOpenWorkflowExecutionsInput,
  ListTagsForResourceInput,
  ListTagsForResourceOutput,
  ListWorkflowTypesInput,
  PendingTaskCount,
  PollForActivityTaskInput,
  PollForDecisionTaskInput,
  RecordActivityTaskHeartbeatInput,
  RegisterActivityTypeInput,
  RegisterDomainInput,
  RegisterWorkflowTypeInput,
  RequestCancelWorkflowExecutionInput,
  RespondActivityTaskCanceledInput,
  RespondActivityTaskCompletedInput,
  RespondActivityTaskFailedInput,
  RespondDecisionTaskCompletedInput,
  Run,
  SignalWorkflowExecutionInput,
  StartWorkflowExecutionInput,
  TagResourceInput,
  TerminateWorkflowExecutionInput,
  UndeprecateActivityTypeInput,
  UndeprecateDomainInput,
  UndeprecateWorkflowTypeInput,
  UntagResourceInput,
  WorkflowExecutionCount,
  WorkflowExecutionDetail,
  WorkflowExecutionInfos,
  WorkflowTypeDetail,
  WorkflowTypeInfos,
} from '@aws-sdk/client-swf';

type RequiredKeys<T> = {
  [K in keyof T]-?: Record<string, never> extends Pick<T, K> ? never : K;
}[keyof T];
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * A shape as it travels in a JSON 1.0 body: every `Date` becomes epoch seconds, and members the
 * model requires are required (the SDK types them as possibly `undefined`).
 */
export type Wire<T> = T extends Date
  ? number
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? Simplify<
          { [K in RequiredKeys<T>]-?: Wire<Exclude<T[K], undefined>> } & {
            [K in OptionalKeys<T>]?: Wire<Exclude<T[K], undefined>>;
          }
        >
      : T;

/** The output of an operation that returns nothing. */
export type EmptyOutput = Record<string, never>;

/** Every operation with its input and output shape. */
export interface SwfOperationShapes {
  CountClosedWorkflowExecutions: {
    input: CountClosedWorkflowExecutionsInput;
    output: WorkflowExecutionCount;
  };
  CountOpenWorkflowExecutions: {
    input: CountOpenWorkflowExecutionsInput;
    output: WorkflowExecutionCount;
  };
  CountPendingActivityTasks: { input: CountPendingActivityTasksInput; output: PendingTaskCount };
  CountPendingDecisionTasks: { input: CountPendingDecisionTasksInput; output: PendingTaskCount };
  // The SDK's DeleteActivityTypeInput and DeleteWorkflowTypeInput have the same members as the
  // Deprecate inputs; they are named here by those, which every supported SDK version has.
  DeleteActivityType: { input: DeprecateActivityTypeInput; output: EmptyOutput };
  DeleteWorkflowType: { input: DeprecateWorkflowTypeInput; output: EmptyOutput };
  DeprecateActivityType: { input: DeprecateActivityTypeInput; output: EmptyOutput };
  DeprecateDomain: { input: DeprecateDomainInput; output: EmptyOutput };
  DeprecateWorkflowType: { input: DeprecateWorkflowTypeInput; output: EmptyOutput };
  DescribeActivityType: { input: DescribeActivityTypeInput; output: ActivityTypeDetail };
  DescribeDomain: { input: DescribeDomainInput; output: DomainDetail };
  DescribeWorkflowExecution: {
    input: DescribeWorkflowExecutionInput;
    output: WorkflowExecutionDetail;
  };
  DescribeWorkflowType: { input: DescribeWorkflowTypeInput; output: WorkflowTypeDetail };
  GetWorkflowExecutionHistory: { input: GetWorkflowExecutionHistoryInput; output: History };
  ListActivityTypes: { input: ListActivityTypesInput; output: ActivityTypeInfos };
  ListClosedWorkflowExecutions: {
    input: ListClosedWorkflowExecutionsInput;
    output: WorkflowExecutionInfos;
  };
  ListDomains: { input: ListDomainsInput; output: DomainInfos };
  ListOpenWorkflowExecutions: {
    input: ListOpenWorkflowExecutionsInput;
    output: WorkflowExecutionInfos;
  };
  ListTagsForResource: { input: ListTagsForResourceInput; output: ListTagsForResourceOutput };
  ListWorkflowTypes: { input: ListWorkflowTypesInput; output: WorkflowTypeInfos };
  PollForActivityTask: { input: PollForActivityTaskInput; output: ActivityTask };
  PollForDecisionTask: { input: PollForDecisionTaskInput; output: DecisionTask };
  RecordActivityTaskHeartbeat: {
    input: RecordActivityTaskHeartbeatInput;
    output: ActivityTaskStatus;
  };
  RegisterActivityType: { input: RegisterActivityTypeInput; output: EmptyOutput };
  RegisterDomain: { input: RegisterDomainInput; output: EmptyOutput };
  RegisterWorkflowType: { input: RegisterWorkflowTypeInput; output: EmptyOutput };
  RequestCancelWorkflowExecution: {
    input: RequestCancelWorkflowExecutionInput;
    output: EmptyOutput;
  };
  RespondActivityTaskCanceled: { input: RespondActivityTaskCanceledInput; output: EmptyOutput };
  RespondActivityTaskCompleted: { input: RespondActivityTaskCompletedInput; output: EmptyOutput };
  RespondActivityTaskFailed: { input: RespondActivityTaskFailedInput; output: EmptyOutput };
  RespondDecisionTaskCompleted: { input: RespondDecisionTaskCompletedInput; output: EmptyOutput };
  SignalWorkflowExecution: { input: SignalWorkflowExecutionInput; output: EmptyOutput };
  StartWorkflowExecution: { input: StartWorkflowExecutionInput; output: Run };
  TagResource: { input: TagResourceInput; output: EmptyOutput };
  TerminateWorkflowExecution: { input: TerminateWorkflowExecutionInput; output: EmptyOutput };
  UndeprecateActivityType: { input: UndeprecateActivityTypeInput; output: EmptyOutput };
  UndeprecateDomain: { input: UndeprecateDomainInput; output: EmptyOutput };
  UndeprecateWorkflowType: { input: UndeprecateWorkflowTypeInput; output: EmptyOutput };
  UntagResource: { input: UntagResourceInput; output: EmptyOutput };
}

/** The name of an SWF operation, e.g. `PollForActivityTask`. */
export type SwfOperationName = keyof SwfOperationShapes;

/** The wire form of an operation's input. */
export type OperationInput<Name extends SwfOperationName> = Wire<SwfOperationShapes[Name]['input']>;

/** The wire form of an operation's output. */
export type OperationOutput<Name extends SwfOperationName> = Wire<
  SwfOperationShapes[Name]['output']
>;

/** Every operation name, in the order of the official model. */
export const SWF_OPERATION_NAMES: readonly SwfOperationName[] = [
  'CountClosedWorkflowExecutions',
  'CountOpenWorkflowExecutions',
  'CountPendingActivityTasks',
  'CountPendingDecisionTasks',
  'DeleteActivityType',
  'DeleteWorkflowType',
  'DeprecateActivityType',
  'DeprecateDomain',
  'DeprecateWorkflowType',
  'DescribeActivityType',
  'DescribeDomain',
  'DescribeWorkflowExecution',
  'DescribeWorkflowType',
  'GetWorkflowExecutionHistory',
  'ListActivityTypes',
  'ListClosedWorkflowExecutions',
  'ListDomains',
  'ListOpenWorkflowExecutions',
  'ListTagsForResource',
  'ListWorkflowTypes',
  'PollForActivityTask',
  'PollForDecisionTask',
  'RecordActivityTaskHeartbeat',
  'RegisterActivityType',
  'RegisterDomain',
  'RegisterWorkflowType',
  'RequestCancelWorkflowExecution',
  'RespondActivityTaskCanceled',
  'RespondActivityTaskCompleted',
  'RespondActivityTaskFailed',
  'RespondDecisionTaskCompleted',
  'SignalWorkflowExecution',
  'StartWorkflowExecution',
  'TagResource',
  'TerminateWorkflowExecution',
  'UndeprecateActivityType',
  'UndeprecateDomain',
  'UndeprecateWorkflowType',
  'UntagResource',
];

const OPERATION_SET: ReadonlySet<string> = new Set(SWF_OPERATION_NAMES);

/** Whether `name` is an SWF operation. */
export function isSwfOperationName(name: string): name is SwfOperationName {
  return OPERATION_SET.has(name);
}
