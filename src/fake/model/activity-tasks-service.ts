import { unknownResource } from '../errors.js';
import type { OperationInput, OperationOutput } from '../operations.js';
import type { ActivityTask } from './activity-task.js';
import type { ModelContext } from './context.js';
import type { RegistryService } from './registry-service.js';

/**
 * What a poll answers when no task came within the poll timeout: an ActivityTask whose
 * `taskToken` is the empty string, as SWF documents it.
 */
const NO_ACTIVITY_TASK = {
  taskToken: '',
  startedEventId: 0,
} as OperationOutput<'PollForActivityTask'>;

/**
 * The worker's side of activity tasks: polling, heartbeats, and the three responses.
 */
export class ActivityTasksService {
  constructor(
    private readonly context: ModelContext,
    private readonly registry: RegistryService,
  ) {}

  /** The started activity task a token stands for, or UnknownResourceFault. */
  task(taskToken: string): ActivityTask {
    const entry = this.context.tokens.find(taskToken);
    if (entry?.kind !== 'activity') throw unknownResource('Unknown activity task token');
    return entry.task;
  }

  async PollForActivityTask(
    input: OperationInput<'PollForActivityTask'>,
  ): Promise<OperationOutput<'PollForActivityTask'>> {
    const queue = this.registry.domain(input.domain).activityQueue(input.taskList.name);
    const task = await queue.poll(this.context.pollTimeoutMs, (scheduled) =>
      scheduled.start(input.identity),
    );
    return task ?? NO_ACTIVITY_TASK;
  }

  RecordActivityTaskHeartbeat(
    input: OperationInput<'RecordActivityTaskHeartbeat'>,
  ): OperationOutput<'RecordActivityTaskHeartbeat'> {
    return { cancelRequested: this.task(input.taskToken).heartbeat(input.details) };
  }

  RespondActivityTaskCompleted(
    input: OperationInput<'RespondActivityTaskCompleted'>,
  ): OperationOutput<'RespondActivityTaskCompleted'> {
    this.task(input.taskToken).complete(input.result);
    return {};
  }

  RespondActivityTaskFailed(
    input: OperationInput<'RespondActivityTaskFailed'>,
  ): OperationOutput<'RespondActivityTaskFailed'> {
    this.task(input.taskToken).fail(input.reason, input.details);
    return {};
  }

  RespondActivityTaskCanceled(
    input: OperationInput<'RespondActivityTaskCanceled'>,
  ): OperationOutput<'RespondActivityTaskCanceled'> {
    this.task(input.taskToken).cancel(input.details);
    return {};
  }

  CountPendingActivityTasks(
    input: OperationInput<'CountPendingActivityTasks'>,
  ): OperationOutput<'CountPendingActivityTasks'> {
    const queue = this.registry.domain(input.domain).activityQueue(input.taskList.name);
    return { count: queue.pendingCount, truncated: false };
  }
}
