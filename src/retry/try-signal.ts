import { PlainAbortSignal } from '../wait/plain-abort-signal.js';

/**
 * What aborts one try of an SWF call: the plain form of abort signal that the AWS SDK accepts
 * (`aborted`, `reason`, `onabort`), with the standard one made on demand.
 *
 * Why not the standard one alone: on a standard signal the SDK adds and removes an event
 * listener per call to race its retry token, and over HTTP one more on the request; with a new
 * `AbortController` per call, that measured 13 to 20 µs of CPU per call, against nothing
 * measurable for this object, on which the SDK sets `onabort` instead. An interceptor that
 * reads a call's `abortSignal` gets the standard one, which aborts with this, with the same
 * reason.
 */
export class TrySignal extends PlainAbortSignal {
  /**
   * Set by whoever runs the try (the SDK's retry loop, then its request handler, in turn):
   * called once when it aborts.
   */
  onabort: ((this: unknown) => unknown) | null = null;
  readonly #noNewAttempts: { readonly aborted: boolean } | undefined;

  /**
   * @param noNewAttempts - once it has aborted, this signal reads as aborted too, without
   * aborting the attempt in flight: the SDK reads `aborted` before each attempt (its request
   * handler refuses to send) and after one fails (its retry loop gives up), and only calls
   * `onabort` to end the attempt it is making. A poll sent before shutdown is kept that way,
   * while the SDK sends no poll of its own, a retry, after shutdown began.
   */
  constructor(noNewAttempts?: { readonly aborted: boolean }) {
    super();
    this.#noNewAttempts = noNewAttempts;
  }

  /** Whether it was aborted, or no attempt may start any more. */
  override get aborted(): boolean {
    return super.aborted || this.#noNewAttempts?.aborted === true;
  }

  /**
   * The try was answered: nothing will abort it, and what the SDK set to abort its request is
   * let go at once. Held on to, it would keep the whole request alive for as long as this
   * signal is: long enough, over HTTP, for the garbage collector to move it to the old
   * generation (measured: twice the bytes promoted per collection).
   */
  answered(): void {
    this.onabort = null;
  }

  /** Aborts the try with `reason`, once: the standard signal aborts, and `onabort` is called. */
  override abort(reason: unknown): boolean {
    if (!super.abort(reason)) return false;
    const onabort = this.onabort;
    this.onabort = null;
    onabort?.call(this);
    return true;
  }
}

/** What the SDK's `client.send` is given as the abort signal of a call. */
export type SdkAbortSignal = TrySignal | AbortSignal;
