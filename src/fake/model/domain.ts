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

const DAY_MS = 24 * 3600 * 1000;

/** The bounds of a domain's pollers and memory. */
export interface DomainLimits {
  /** Pollers that may wait on one task list at once. */
  readonly maxPollersPerTaskList: number;
  /** Closed executions kept at most, the oldest purged first. */
  readonly maxClosedExecutions: number;
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
  /** Closed executions, oldest close first: the next to be purged. */
  readonly #closed: (Execution | undefined)[] = [];
  /** Where {@link Domain.#closed} starts (purged entries are skipped, then compacted). */
  #closedHead = 0;
  readonly #retentionMs: number;
  readonly #activityQueues = new Map<string, TaskQueue<ActivityTask>>();
  readonly #decisionQueues = new Map<string, TaskQueue<Execution>>();

  constructor(
    input: OperationInput<'RegisterDomain'>,
    arn: string,
    private readonly clock: Clock,
    private readonly limits: DomainLimits,
  ) {
    this.name = input.name;
    this.description = input.description;
    this.retentionPeriodInDays = input.workflowExecutionRetentionPeriodInDays;
    this.arn = arn;
    const days = this.retentionPeriodInDays === 'NONE' ? 0 : Number(this.retentionPeriodInDays);
    this.#retentionMs = days * DAY_MS;
  }

  /**
   * A run of this domain closed: it stays visible (history, describe, list) for the domain's
   * retention period on the fake's clock, then it is purged, as SWF does. At most
   * `maxClosedExecutions` are kept: past that the oldest go first, so that memory stays bounded
   * however long the fake runs.
   */
  executionClosed(execution: Execution): void {
    this.#closed.push(execution);
    this.purgeExpired();
  }

  /** Forgets the closed runs whose retention period is over (or that exceed the bound). */
  purgeExpired(): void {
    const closed = this.#closed;
    const expiredBefore = this.clock.now() - this.#retentionMs;
    while (this.#closedHead < closed.length) {
      const oldest = closed[this.#closedHead];
      const kept = closed.length - this.#closedHead;
      if (
        oldest !== undefined &&
        (oldest.closeTimestamp ?? 0) > expiredBefore &&
        kept <= this.limits.maxClosedExecutions
      ) {
        break;
      }
      if (oldest !== undefined) this.executions.delete(oldest.runId);
      closed[this.#closedHead] = undefined;
      this.#closedHead += 1;
    }
    if (this.#closedHead > 1024 && this.#closedHead * 2 > closed.length) {
      closed.splice(0, this.#closedHead);
      this.#closedHead = 0;
    }
  }

  /** The activity task list `name`, created on first use as SWF does. */
  activityQueue(name: string): TaskQueue<ActivityTask> {
    return queueOf(this.#activityQueues, name, this.clock, this.limits.maxPollersPerTaskList);
  }

  /** The decision task list `name`, created on first use as SWF does. */
  decisionQueue(name: string): TaskQueue<Execution> {
    return queueOf(this.#decisionQueues, name, this.clock, this.limits.maxPollersPerTaskList);
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
