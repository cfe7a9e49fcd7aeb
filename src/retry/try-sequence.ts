import type { Clock } from '../clock/clock.js';
import { onAbort } from '../wait/abort-fanout.js';
import { PlainAbortSignal } from '../wait/plain-abort-signal.js';
import { TrySignal } from './try-signal.js';

/**
 * The tries of an SWF call, sent one after another, and the waits between them. Each try gets
 * a {@link TrySignal} of its own to pass to the SDK, aborted when the try's time is up;
 * {@link TrySequence.stop} ends it all: the try in flight is aborted and rejects with the
 * stop's reason, so does a wait, and nothing starts after. A poll loop sends all its polls
 * through one sequence.
 */
export class TrySequence {
  readonly #clock: Clock;
  readonly #noNewAttempts: AbortSignal | undefined;
  /** Aborted by {@link TrySequence.stop}, with its reason. */
  readonly #stop = new PlainAbortSignal();
  /** Ends the try or the wait in progress with the stop's reason. */
  #interrupt: ((reason: unknown) => void) | undefined;

  /**
   * @param noNewAttempts - once it aborts, the SDK starts no attempt of a try (a retry of its
   * own, or the first one if not yet sent), while the attempt in flight goes on: see
   * {@link TrySignal}. The sequence itself goes on too: {@link TrySequence.stop} ends it.
   */
  constructor(clock: Clock, noNewAttempts?: AbortSignal) {
    this.#clock = clock;
    this.#noNewAttempts = noNewAttempts;
  }

  /** Whether {@link TrySequence.stop} was called. */
  get stopped(): boolean {
    return this.#stop.aborted;
  }

  /** The reason given to {@link TrySequence.stop}. */
  get reason(): unknown {
    return this.#stop.reason;
  }

  /**
   * A signal that aborts when the sequence stops, for work done alongside the tries (a claim
   * check storing the result before the response). Made on first use.
   */
  get signal(): AbortSignal {
    return this.#stop.standard;
  }

  /**
   * Sends one try: `send` is given the try's signal. Resolves or rejects as `send` does, unless
   * `timeoutMs` pass first (the signal aborts with `timeoutError()`, and the try rejects with
   * it at once, whatever the SDK makes of the abort) or the sequence stops first.
   */
  try<Output>(
    send: (signal: TrySignal) => Promise<Output>,
    timeoutMs: number,
    timeoutError: () => Error,
  ): Promise<Output> {
    if (this.#stop.aborted) return Promise.reject(this.#stop.reason);
    const signal = new TrySignal(this.#noNewAttempts);
    return new Promise<Output>((resolve, reject) => {
      let settled = false;
      const timer = this.#clock.setTimer(() => {
        if (!settle()) return;
        const error = timeoutError();
        signal.abort(error);
        reject(error);
      }, timeoutMs);
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        timer.cancel();
        this.#interrupt = undefined;
        return true;
      };
      // The stop: the try in flight is abandoned, its request aborted.
      this.#interrupt = (reason) => {
        if (!settle()) return;
        signal.abort(reason);
        reject(reason);
      };
      let sent: Promise<Output>;
      try {
        sent = send(signal);
      } catch (error) {
        if (settle()) reject(error);
        return;
      }
      sent.then(
        (output) => {
          signal.answered();
          if (settle()) resolve(output);
        },
        (error: unknown) => {
          signal.answered();
          if (settle()) reject(error);
        },
      );
    });
  }

  /** Waits `ms` on the clock (a back-off); rejects with the stop's reason if it stops first. */
  pause(ms: number): Promise<void> {
    if (this.#stop.aborted) return Promise.reject(this.#stop.reason);
    return new Promise<void>((resolve, reject) => {
      const timer = this.#clock.setTimer(() => {
        this.#interrupt = undefined;
        resolve();
      }, ms);
      this.#interrupt = (reason) => {
        timer.cancel();
        this.#interrupt = undefined;
        reject(reason);
      };
    });
  }

  /**
   * Ends the sequence: the try in flight is aborted with `reason` and rejects with it, as does
   * a wait; later tries and waits reject with it at once. The first reason stays.
   */
  stop(reason: unknown): void {
    if (this.#stop.abort(reason)) this.#interrupt?.(reason);
  }

  /**
   * Stops the sequence when `signal` aborts (at once if it has), with `reason` if given, else
   * the signal's. Returns the function that stops watching: call it when the sequence is done.
   */
  stopOn(signal: AbortSignal, reason?: unknown): () => void {
    const stop = (): void => this.stop(reason ?? signal.reason);
    if (!signal.aborted) return onAbort(signal, stop);
    stop();
    return () => {};
  }
}
