import type { ChildPolicy, WorkflowTypeConfiguration } from '@aws-sdk/client-swf';
import type { Wire } from '../operations.js';
import { parseDuration, parseExecutionTimeout } from './durations.js';
import type { ExecutionConfiguration } from './execution.js';

/** What a start (StartWorkflowExecution, ContinueAsNew, StartChildWorkflowExecution) may give. */
export interface GivenExecutionSettings {
  readonly taskList?: { readonly name: string } | undefined;
  readonly taskPriority?: string | undefined;
  readonly executionStartToCloseTimeout?: string | undefined;
  readonly taskStartToCloseTimeout?: string | undefined;
  readonly childPolicy?: ChildPolicy | undefined;
  readonly lambdaRole?: string | undefined;
}

/** The cause SWF records when neither the start nor the workflow type gives a setting. */
export type MissingDefaultCause =
  | 'DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED'
  | 'DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED'
  | 'DEFAULT_TASK_LIST_UNDEFINED'
  | 'DEFAULT_CHILD_POLICY_UNDEFINED';

/** The settings, or which one neither the start nor the type gives. */
export type ResolvedExecutionSettings =
  | { readonly configuration: ExecutionConfiguration }
  | { readonly missing: MissingDefaultCause; readonly member: string };

/**
 * Fills what a start leaves out from the workflow type's defaults. Durations were checked
 * when they were given or registered.
 */
export function resolveExecutionSettings(
  given: GivenExecutionSettings,
  defaults: Wire<WorkflowTypeConfiguration>,
): ResolvedExecutionSettings {
  const executionTimeout =
    given.executionStartToCloseTimeout ?? defaults.defaultExecutionStartToCloseTimeout;
  if (executionTimeout === undefined) {
    return {
      missing: 'DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED',
      member: 'executionStartToCloseTimeout',
    };
  }
  const taskTimeout = parseDuration(
    given.taskStartToCloseTimeout ?? defaults.defaultTaskStartToCloseTimeout,
    'taskStartToCloseTimeout',
  );
  if (taskTimeout === undefined) {
    return {
      missing: 'DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED',
      member: 'taskStartToCloseTimeout',
    };
  }
  const taskList = given.taskList?.name ?? defaults.defaultTaskList?.name;
  if (taskList === undefined) return { missing: 'DEFAULT_TASK_LIST_UNDEFINED', member: 'taskList' };
  const childPolicy = given.childPolicy ?? defaults.defaultChildPolicy;
  if (childPolicy === undefined) {
    return { missing: 'DEFAULT_CHILD_POLICY_UNDEFINED', member: 'childPolicy' };
  }
  return {
    configuration: {
      taskList,
      taskPriority: given.taskPriority ?? defaults.defaultTaskPriority,
      executionStartToCloseTimeout: parseExecutionTimeout(
        executionTimeout,
        'executionStartToCloseTimeout',
      ),
      taskStartToCloseTimeout: taskTimeout,
      childPolicy,
      lambdaRole: given.lambdaRole ?? defaults.defaultLambdaRole,
    },
  };
}
