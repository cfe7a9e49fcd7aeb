import type {
  ActivityType,
  ActivityTypeConfiguration,
  RegistrationStatus,
  WorkflowType,
  WorkflowTypeConfiguration,
} from '@aws-sdk/client-swf';
import type { Clock } from '../../clock/clock.js';
import type { OperationInput, Wire } from '../operations.js';
import type { ActivityTask } from './activity-task.js';
import type { Execution } from './execution.js';
import { TaskQueue } from './task-queue.js';

/** The registration of a type: its status, dates, and the defaults it gives. */
interface TypeRegistration<Configuration> {
  status: RegistrationStatus;
  readonly description?: string | undefined;
  readonly creationDate: number;
  deprecationDate?: number | undefined;
  readonly configuration: Configuration;
}

/** A registered activity type and the defaults its tasks inherit. */
export interface ActivityTypeRecord extends TypeRegistration<Wire<ActivityTypeConfiguration>> {
  readonly activityType: Wire<ActivityType>;
}

/** A registered workflow type and the defaults its executions inherit. */
export interface WorkflowTypeRecord extends TypeRegistration<Wire<WorkflowTypeConfiguration>> {
  readonly workflowType: Wire<WorkflowType>;
}

/** The key of a type within its domain: name and version. */
export function typeKey(type: { name: string; version: string }): string {
  return `${type.name}\u0000${type.version}`;
}

/**
 * One SWF domain: its registration, its types, its executions and its task lists.
 */
export class Domain {
  readonly name: string;
  readonly description: string | undefined;
  readonly retentionPeriodInDays: string;
  readonly arn: string;
  status: RegistrationStatus = 'REGISTERED';
  readonly tags = new Map<string, string>();
  readonly activityTypes = new Map<string, ActivityTypeRecord>();
  readonly workflowTypes = new Map<string, WorkflowTypeRecord>();
  /** Every execution, open and closed, by run id. */
  readonly executions = new Map<string, Execution>();
  /** The open execution of each workflow id (at most one). */
  readonly openExecutions = new Map<string, Execution>();
  readonly #activityQueues = new Map<string, TaskQueue<ActivityTask>>();
  readonly #decisionQueues = new Map<string, TaskQueue<Execution>>();

  constructor(
    input: OperationInput<'RegisterDomain'>,
    arn: string,
    private readonly clock: Clock,
    private readonly maxPollersPerTaskList: number,
  ) {
    this.name = input.name;
    this.description = input.description;
    this.retentionPeriodInDays = input.workflowExecutionRetentionPeriodInDays;
    this.arn = arn;
  }

  /** The activity task list `name`, created on first use as SWF does. */
  activityQueue(name: string): TaskQueue<ActivityTask> {
    return queueOf(this.#activityQueues, name, this.clock, this.maxPollersPerTaskList);
  }

  /** The decision task list `name`, created on first use as SWF does. */
  decisionQueue(name: string): TaskQueue<Execution> {
    return queueOf(this.#decisionQueues, name, this.clock, this.maxPollersPerTaskList);
  }

  /** Answers every waiting poll of this domain with no task. */
  releasePollers(): void {
    for (const queue of this.#activityQueues.values()) queue.releasePollers();
    for (const queue of this.#decisionQueues.values()) queue.releasePollers();
  }
}

function queueOf<Task extends { readonly priority: number }>(
  queues: Map<string, TaskQueue<Task>>,
  name: string,
  clock: Clock,
  maxPollers: number,
): TaskQueue<Task> {
  let queue = queues.get(name);
  if (queue === undefined) {
    queue = new TaskQueue<Task>(clock, name, maxPollers);
    queues.set(name, queue);
  }
  return queue;
}
