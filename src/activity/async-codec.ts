import type { PointerFormat } from '../claim-check/payload-pointer.js';
import type { Clock } from '../clock/clock.js';

/**
 * What the worker gives a codec member that may call out (a claim check reading or writing a
 * payload store): when its answer stops being wanted, and until when it may retry.
 */
export interface CodecCall {
  /**
   * Aborts when the answer is no longer wanted: while the input is decoded, when the task's
   * own signal aborts (cancellation, task gone, deadline, shutdown); while the outcome is
   * encoded, when the task is gone (SWF said so, or no heartbeat got through for a whole
   * heartbeat timeout, or the start-to-close timeout passed). Pass it on to every call made.
   */
  readonly signal: AbortSignal;
  /**
   * The time on `clock` by which the member must be done: the task's start-to-close timeout,
   * or a minute from the call when it has none. Retries stop there.
   */
  readonly deadline: number;
  /** The worker's clock, for back-off waits. */
  readonly clock: Clock;
}

/**
 * What an activity takes as its codec: an {@link ActivityCodec}, or one whose members may
 * return promises and use the {@link CodecCall} they are given, such as a
 * {@link swf-activity-worker!claimCheck}. The worker awaits every member but `encodeDetails`
 * (heartbeat details are encoded at once, when the handler gives them).
 */
export interface AsyncActivityCodec<Input = unknown, Result = unknown> {
  /** Turns the task's `input` into the handler's input, before the handler runs. */
  decodeInput(input: string | undefined, call?: CodecCall): Input | Promise<Input>;
  /** Turns the handler's result into the `result` string (`undefined` sends none). */
  encodeResult(result: Result, call?: CodecCall): string | undefined | Promise<string | undefined>;
  /** Turns heartbeat details into the `details` string (`undefined` sends none). */
  encodeDetails(details: unknown): string | undefined;
  /** The `reason` and `details` of a failure; see {@link ActivityCodec.encodeFailure}. */
  encodeFailure?(error: unknown, call?: CodecCall): FailureEncoding | Promise<FailureEncoding>;
  /** The `details` of a cancellation; see {@link ActivityCodec.encodeCanceled}. */
  encodeCanceled?(
    error: unknown,
    call?: CodecCall,
  ): string | undefined | Promise<string | undefined>;
  /** The pointer a claim check around this codec writes; see {@link ActivityCodec.pointerFormat}. */
  readonly pointerFormat?: PointerFormat;
}

/** The `reason` and `details` of `RespondActivityTaskFailed`, as a codec encodes them. */
export interface FailureEncoding {
  readonly reason?: string;
  readonly details?: string;
}
