/**
 * An abort with its reason, in the plain form (`aborted`, `reason`) that the AWS SDK accepts
 * besides the standard `AbortSignal`, with the standard signal made only when someone asks for
 * one. Most aborts are never read as a standard signal, and an `AbortController` is among the
 * dearest objects a call or a task makes.
 */
export class PlainAbortSignal {
  /** Why it was aborted. */
  reason: unknown = undefined;
  #aborted = false;
  /** The standard signal, made when first asked for. */
  #controller: AbortController | undefined;

  /** Whether it was aborted. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** A standard `AbortSignal` that aborts with this one, with the same reason. */
  get standard(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  /** Whether `signal` is the standard signal this one made (see {@link PlainAbortSignal.standard}). */
  madeStandard(signal: unknown): boolean {
    return signal !== undefined && signal === this.#controller?.signal;
  }

  /** Aborts with `reason`, the first time only; answers whether this call aborted it. */
  abort(reason: unknown): boolean {
    if (this.#aborted) return false;
    this.#aborted = true;
    this.reason = reason;
    this.#controller?.abort(reason);
    return true;
  }
}
