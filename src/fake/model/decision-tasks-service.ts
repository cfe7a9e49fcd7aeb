import { unknownResource } from '../errors.js';
import type { OperationInput, OperationOutput } from '../operations.js';
import type { ModelContext } from './context.js';
import { completeDecisionTask } from './decisions.js';
import { decisionPageScope } from './execution.js';
import type { ExecutionsService } from './executions-service.js';
import { pageTokenScope, readPageToken } from './page-token.js';
import type { RegistryService } from './registry-service.js';

/** What a poll answers when no decision task came within the poll timeout. */
const NO_DECISION_TASK = {
  taskToken: '',
  startedEventId: 0,
  previousStartedEventId: 0,
} as OperationOutput<'PollForDecisionTask'>;

/**
 * The decider's side: polling for decision tasks (with history paging) and applying their
 * decisions.
 */
export class DecisionTasksService {
  constructor(
    private readonly context: ModelContext,
    private readonly registry: RegistryService,
    private readonly executions: ExecutionsService,
  ) {}

  async PollForDecisionTask(
    input: OperationInput<'PollForDecisionTask'>,
  ): Promise<OperationOutput<'PollForDecisionTask'>> {
    const domain = this.registry.domain(input.domain);
    if (input.nextPageToken !== undefined) return this.#nextPage(input, input.nextPageToken);
    const task = await domain
      .decisionQueue(input.taskList.name)
      .poll(this.context.pollTimeoutMs, (execution) =>
        execution.startDecisionTask(input.identity, input),
      );
    return task ?? NO_DECISION_TASK;
  }

  /** A further page of the history of a started decision task. */
  #nextPage(
    input: OperationInput<'PollForDecisionTask'>,
    nextPageToken: string,
  ): OperationOutput<'PollForDecisionTask'> {
    const scope: unknown = JSON.parse(pageTokenScope(nextPageToken));
    const [kind, domainName, runId, startedEventId] = Array.isArray(scope) ? scope : [];
    const execution =
      kind === 'decision' && domainName === input.domain && typeof runId === 'string'
        ? this.registry.domain(input.domain).executions.get(runId)
        : undefined;
    if (
      execution === undefined ||
      typeof startedEventId !== 'number' ||
      !execution.isStartedDecisionTask(startedEventId)
    ) {
      throw unknownResource('Unknown decision task: it was completed, timed out or closed');
    }
    const reverse = input.reverseOrder === true;
    const offset = readPageToken(
      nextPageToken,
      decisionPageScope(execution, startedEventId, reverse),
    );
    return execution.decisionTaskPage(startedEventId, offset, input);
  }

  RespondDecisionTaskCompleted(
    input: OperationInput<'RespondDecisionTaskCompleted'>,
  ): OperationOutput<'RespondDecisionTaskCompleted'> {
    const entry = this.context.tokens.find(input.taskToken);
    if (
      entry?.kind !== 'decision' ||
      !entry.execution.isStartedDecisionTask(entry.startedEventId)
    ) {
      throw unknownResource('Unknown decision task token');
    }
    completeDecisionTask(entry.execution, input.decisions ?? [], input.executionContext, {
      context: this.context,
      executions: this.executions,
    });
    return {};
  }

  CountPendingDecisionTasks(
    input: OperationInput<'CountPendingDecisionTasks'>,
  ): OperationOutput<'CountPendingDecisionTasks'> {
    const queue = this.registry.domain(input.domain).decisionQueue(input.taskList.name);
    return { count: queue.pendingCount, truncated: false };
  }
}
