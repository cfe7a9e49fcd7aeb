/**
 * What aborts one try of an SWF call. The AWS SDK accepts two kinds of abort signal: the
 * standard `AbortSignal`, and a plain object with `aborted` and `onabort` (the SDK's own
 * `AbortSignal` interface). This is the second kind, with the standard one made on demand.
 *
 * Why not the standard one alone: on a standard signal the SDK adds and removes an event
 * listener per call to race its retry token, and over HTTP one more on the request; with a new
 * `AbortController` per call, that measured 13 to 20 µs of CPU per call, against nothing
 * measurable for this object, on which the SDK sets `onabort` instead. An interceptor that
 * reads a call's `abortSignal` gets the standard one, which aborts with this, with the same
 * reason.
 */
export class TrySignal {
  /** Whether the try was aborted. */
  aborted = false;
  /** Why the try was aborted; read by the SDK for the error it rejects with. */
  reason: unknown = undefined;
  /**
   * Set by whoever runs the try (the SDK's retry loop, then its request handler, in turn):
   * called once when it aborts.
   */
  onabort: ((this: unknown) => unknown) | null = null;
  /** The standard signal, made when first asked for. */
  #controller: AbortController | undefined;

  /** A standard `AbortSignal` that aborts with this signal, with the same reason. */
  get standard(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
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

  /** Aborts the try with `reason`, once: `onabort` is called, and the standard signal aborts. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.#controller?.abort(reason);
    const onabort = this.onabort;
    this.onabort = null;
    onabort?.call(this);
  }
}

/** What the SDK's `client.send` is given as the abort signal of a call. */
export type SdkAbortSignal = TrySignal | AbortSignal;
