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
  return tries.try(send, POLL_REQUEST_TIMEOUT_MS, pollTimedOut);
}

const pollTimedOut = (): PollTimeoutError => new PollTimeoutError();

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
