/**
 * A small stand-in for the SWF model, for tests of the wire layer and the transports: it records
 * every call and answers by token, so one stub covers success, faults, drops, bugs and long polls.
 */
import { unknownResource } from '../../../src/fake/errors.js';
import {
  ConnectionDroppedError,
  type OperationContext,
  type SwfOperationHandler,
} from '../../../src/fake/operation-handler.js';
import type {
  OperationInput,
  OperationOutput,
  SwfOperationName,
} from '../../../src/fake/operations.js';

/** One call the stub received. */
export interface StubCall {
  readonly operation: SwfOperationName;
  readonly input: unknown;
  readonly signal: AbortSignal | undefined;
}

/** Task tokens with a special meaning to the stub's `RecordActivityTaskHeartbeat`. */
export const TOKENS = {
  /** Answers `UnknownResourceFault`. */
  gone: 'token-gone',
  /** Drops the connection. */
  drop: 'token-drop',
  /** Throws a plain `Error`: a bug in the service. */
  bug: 'token-bug',
  /** Answers `cancelRequested: true`. */
  cancel: 'token-cancel',
} as const;

/** A released long poll: the task (or empty task) it answers. */
type PollAnswer = OperationOutput<'PollForActivityTask'>;

/** The stub service; `pendingPolls` lets a test release `PollForActivityTask` calls. */
export class StubService implements SwfOperationHandler {
  readonly calls: StubCall[] = [];
  readonly #pollWaiters: ((answer: PollAnswer) => void)[] = [];
  readonly #pollArrivals: (() => void)[] = [];

  async handle<Name extends SwfOperationName>(
    operation: Name,
    input: OperationInput<Name>,
    context: OperationContext = {},
  ): Promise<OperationOutput<Name>> {
    this.calls.push({ operation, input, signal: context.signal });
    return (await this.#answer(operation, input)) as OperationOutput<Name>;
  }

  /** Resolves once `count` polls are waiting. */
  async pollsWaiting(count = 1): Promise<void> {
    while (this.#pollWaiters.length < count) {
      await new Promise<void>((resolve) => this.#pollArrivals.push(resolve));
    }
  }

  /** Answers the oldest waiting poll. */
  releasePoll(answer: PollAnswer): void {
    const waiter = this.#pollWaiters.shift();
    if (waiter === undefined) throw new Error('No poll is waiting');
    waiter(answer);
  }

  /** Answers every waiting poll with an empty task, as SWF does after 60 s. */
  releaseAllPolls(): void {
    while (this.#pollWaiters.length > 0) this.releasePoll({ taskToken: '' } as PollAnswer);
  }

  async #answer(operation: SwfOperationName, input: unknown): Promise<unknown> {
    const fields = input as Record<string, unknown>;
    switch (operation) {
      case 'RecordActivityTaskHeartbeat':
        switch (fields.taskToken) {
          case TOKENS.gone:
            throw unknownResource('Unknown activity task');
          case TOKENS.drop:
            throw new ConnectionDroppedError(operation);
          case TOKENS.bug:
            throw new Error('a bug in the service');
          default:
            return { cancelRequested: fields.taskToken === TOKENS.cancel };
        }
      case 'PollForActivityTask':
        return new Promise<PollAnswer>((resolve) => {
          this.#pollWaiters.push(resolve);
          for (const arrived of this.#pollArrivals.splice(0)) arrived();
        });
      case 'GetWorkflowExecutionHistory':
        return {
          events: [
            {
              eventId: 1,
              eventType: 'WorkflowExecutionStarted',
              eventTimestamp: 1_700_000_000.5,
            },
          ],
        };
      default:
        return {};
    }
  }
}
