import { PollForActivityTaskCommand, type PollForActivityTaskInput } from '@aws-sdk/client-swf';
import type { TrySequence } from '../retry/try-sequence.js';
import type { TrySignal } from '../retry/try-signal.js';

/**
 * How long a poll may wait for SWF's answer. SWF holds a poll up to 60 s; AWS advises a
 * client timeout of at least 70 s, so that a connection gone silent never stops polling.
 */
export const POLL_REQUEST_TIMEOUT_MS = 70_000;

/**
 * Sends one poll (`send` passes the signal to the SDK) in the poll loop's `tries`, bounded: it
 * rejects with a {@link PollTimeoutError} after {@link POLL_REQUEST_TIMEOUT_MS} on the
 * sequence's clock (a silent connection), and with the sequence's stop reason as soon as it
 * stops (a {@link PollAbandonedError} when the shutdown grace ends), whatever the SDK does with
 * the abort.
 */
export function boundedPoll<Output>(
  send: (signal: TrySignal) => Promise<Output>,
  tries: TrySequence,
): Promise<Output> {
  return tries.try(send, POLL_REQUEST_TIMEOUT_MS, () => new PollTimeoutError());
}

/**
 * A poll whose retries by the SDK stop once `stop` aborted (shutdown started): a poll already
 * sent is kept through the grace (SWF may hand it a task), but none is sent after shutdown
 * began; such a retry rejects with {@link NoPollAfterShutdown}.
 */
export function pollCommand(
  request: PollForActivityTaskInput,
  stop: AbortSignal,
): PollForActivityTaskCommand {
  const command = new PollForActivityTaskCommand(request);
  let attempts = 0;
  // The deserialize step runs once per attempt, inside the SDK's retry loop.
  command.middlewareStack.add(
    (next) => (args) => {
      attempts += 1;
      if (attempts > 1 && stop.aborted) throw new NoPollAfterShutdown();
      return next(args);
    },
    { step: 'deserialize', name: 'noPollAfterShutdown' },
  );
  return command;
}

/** Ends a poll the SDK would retry after shutdown started. Not retryable by the SDK. */
export class NoPollAfterShutdown extends Error {
  override readonly name = 'NoPollAfterShutdown';

  constructor() {
    super('No poll is sent after shutdown started');
  }
}

/** A poll still open when the shutdown grace ended. */
export class PollAbandonedError extends Error {
  override readonly name = 'PollAbandonedError';

  constructor() {
    super('The poll was abandoned when the shutdown grace ended');
  }
}

/** A poll that got no answer within {@link POLL_REQUEST_TIMEOUT_MS}: polled again. */
export class PollTimeoutError extends Error {
  override readonly name = 'PollTimeoutError';

  constructor() {
    super(
      `PollForActivityTask got no answer within ${POLL_REQUEST_TIMEOUT_MS} ms (SWF answers within 60 s): the connection went silent`,
    );
  }
}
