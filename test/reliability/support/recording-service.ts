/**
 * A service that sits between a transport and a {@link FakeSwf} and writes down every call on
 * a task token, so that a reliability run can be checked from the service's side: which tasks
 * each poll handed out, which heartbeats reached the model, which responses it accepted.
 */
import {
  ConnectionDroppedError,
  type FakeSwf,
  type OperationContext,
  type OperationInput,
  type OperationOutput,
  type SwfOperationHandler,
  type SwfOperationName,
} from 'swf-activity-worker/fake';

/** One call the service answered (or dropped). */
export interface CallRecord {
  readonly operation: SwfOperationName;
  /** The task token the call carried, if any. */
  readonly taskToken: string | undefined;
  /** The workflow execution the call named, if any (GetWorkflowExecutionHistory, say). */
  readonly workflowId: string | undefined;
  /** When the call reached the service and when it left it (epoch ms). */
  readonly arrivedAt: number;
  readonly answeredAt: number;
  /** `ok`, the error's name, or `dropped` for a dropped connection. */
  readonly outcome: string;
  /**
   * For responses: whether the model took it (its answer may still have been dropped on the
   * way back).
   */
  readonly accepted: boolean;
}

/** What a poll handed out: a task token and the activity it stands for. */
export interface HandedTask {
  readonly taskToken: string;
  readonly activityId: string;
  readonly workflowId: string;
  readonly at: number;
}

const RESPONSES: ReadonlySet<SwfOperationName> = new Set([
  'RespondActivityTaskCompleted',
  'RespondActivityTaskFailed',
  'RespondActivityTaskCanceled',
]);

/** Records the calls that go through it to `fake`. */
export class RecordingService implements SwfOperationHandler {
  /** Calls that carried a task token or named an execution, in the order they were answered. */
  readonly tokenCalls: CallRecord[] = [];
  /** Tasks that polls answered with (not those whose answer was dropped). */
  readonly handed: HandedTask[] = [];
  /** Every task token a poll answered with. */
  readonly issuedTokens = new Set<string>();
  readonly #calls = new Map<SwfOperationName, Map<string, number>>();

  constructor(readonly fake: FakeSwf) {}

  async handle<Name extends SwfOperationName>(
    operation: Name,
    input: OperationInput<Name>,
    context?: OperationContext,
  ): Promise<OperationOutput<Name>> {
    const arrivedAt = Date.now();
    const taskToken = tokenOf(input);
    const liveBefore = taskToken !== undefined && this.#isLive(taskToken);
    let outcome = 'ok';
    try {
      const output = await this.fake.handle(operation, input, context);
      if (operation === 'PollForActivityTask') {
        const task = output as OperationOutput<'PollForActivityTask'>;
        if (task.taskToken) {
          this.issuedTokens.add(task.taskToken);
          this.handed.push({
            taskToken: task.taskToken,
            activityId: task.activityId,
            workflowId: task.workflowExecution.workflowId,
            at: Date.now(),
          });
        }
      }
      return output;
    } catch (error) {
      outcome = error instanceof ConnectionDroppedError ? 'dropped' : errorName(error);
      throw error;
    } finally {
      this.#count(operation, outcome);
      const workflowId = workflowIdOf(input);
      if (taskToken !== undefined || workflowId !== undefined) {
        this.tokenCalls.push({
          operation,
          taskToken,
          workflowId,
          arrivedAt,
          answeredAt: Date.now(),
          outcome,
          accepted:
            RESPONSES.has(operation) &&
            (outcome === 'ok' || (outcome === 'dropped' && liveBefore && !this.#isLive(taskToken))),
        });
      }
    }
  }

  /** Every call, by operation and outcome. */
  get calls(): ReadonlyMap<SwfOperationName, ReadonlyMap<string, number>> {
    return this.#calls;
  }

  #count(operation: SwfOperationName, outcome: string): void {
    let outcomes = this.#calls.get(operation);
    if (outcomes === undefined) {
      outcomes = new Map();
      this.#calls.set(operation, outcomes);
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }

  #isLive(taskToken: string): boolean {
    return this.fake.isLiveTaskToken(taskToken);
  }
}

function tokenOf(input: object): string | undefined {
  const { taskToken } = input as { taskToken?: unknown };
  return typeof taskToken === 'string' ? taskToken : undefined;
}

function workflowIdOf(input: object): string | undefined {
  const { execution } = input as { execution?: { workflowId?: unknown } };
  return typeof execution?.workflowId === 'string' ? execution.workflowId : undefined;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
