import type { OperationInput, OperationOutput, SwfOperationName } from './operations.js';

/** What a transport knows about the request it hands to the service. */
export interface OperationContext {
  /**
   * Aborts when the client's connection goes away. SWF does not notice a vanished long poll, so
   * the service keeps such a poll waiting and may still hand it a task, which then times out.
   */
  readonly signal?: AbortSignal;
}

/**
 * The service behind the wire layer: takes one parsed, validated operation and answers its
 * output, or throws a {@link SwfServiceError} (or a {@link ConnectionDroppedError}).
 */
export interface SwfOperationHandler {
  /**
   * Runs `operation` with its parsed `input`: resolves with its output, or rejects with the
   * error to answer.
   */
  handle<Name extends SwfOperationName>(
    operation: Name,
    input: OperationInput<Name>,
    context?: OperationContext,
  ): Promise<OperationOutput<Name>>;
}

/**
 * Thrown by the service when an injected fault says the connection drops: the transport then
 * closes the connection without an answer (HTTP), answers a network error (msw), or rejects
 * like a reset socket (in-process).
 */
export class ConnectionDroppedError extends Error {
  override readonly name = 'ConnectionDroppedError';
  readonly code = 'ECONNRESET';

  constructor(operation: string) {
    super(`Injected fault: connection dropped during ${operation}`);
  }
}
