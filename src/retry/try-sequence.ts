import type { Clock, ClockTimer } from '../clock/clock.js';
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
  /** The try or the wait in progress, which a stop ends with its reason. */
  #interrupt: Interruptible | undefined;

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
   * `timeoutMs` pass first (the signal aborts with `timeoutError(timeoutMs)`, and the try
   * rejects with it at once, whatever the SDK makes of the abort) or the sequence stops first.
   */
  try<Output>(
    send: (signal: TrySignal) => Promise<Output>,
    timeoutMs: number,
    timeoutError: (timeoutMs: number) => Error,
  ): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      this.startTry(send, timeoutMs, timeoutError, { onAnswer: resolve, onError: reject });
    });
  }

  /**
   * {@link TrySequence.try} for a caller that is its own listener: `listener` hears the
   * answer or the error (at once if the sequence has stopped), with no promise in between.
   */
  startTry<Output>(
    send: (signal: TrySignal) => Promise<Output>,
    timeoutMs: number,
    timeoutError: (timeoutMs: number) => Error,
    listener: TryListener<Output>,
  ): void {
    if (this.#stop.aborted) {
      listener.onError(this.#stop.reason);
      return;
    }
    const pending = new PendingTry(this, this.#noNewAttempts, timeoutError, listener);
    this.#interrupt = pending;
    pending.start(send, this.#clock, timeoutMs);
  }

  /** `pending` ended: a stop no longer concerns it. */
  tryEnded(pending: Interruptible): void {
    if (this.#interrupt === pending) this.#interrupt = undefined;
  }

  /** Waits `ms` on the clock (a back-off); rejects with the stop's reason if it stops first. */
  pause(ms: number): Promise<void> {
    if (this.#stop.aborted) return Promise.reject(this.#stop.reason);
    return new Promise<void>((resolve, reject) => {
      const timer = this.#clock.setTimer(() => {
        this.#interrupt = undefined;
        resolve();
      }, ms);
      this.#interrupt = {
        interrupt: (reason) => {
          timer.cancel();
          this.#interrupt = undefined;
          reject(reason);
        },
      };
    });
  }

  /**
   * Ends the sequence: the try in flight is aborted with `reason` and rejects with it, as does
   * a wait; later tries and waits reject with it at once. The first reason stays.
   */
  stop(reason: unknown): void {
    if (this.#stop.abort(reason)) this.#interrupt?.interrupt(reason);
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

/** What a stop of the sequence ends: the try or the wait in progress. */
interface Interruptible {
  interrupt(reason: unknown): void;
}

/** Who hears how a try ended: called once, with its answer or its error. */
export interface TryListener<Output> {
  onAnswer(output: Output): void;
  onError(error: unknown): void;
}

/**
 * One try in flight, which is also its signal: the SDK is given this object, and the try's
 * timer, its answer and a stop of the sequence end it, the first of them only. A try costs
 * this object and the three callbacks made with it: a poll or a response is in flight for as
 * long as the network takes, and what it holds that long is what the garbage collector copies.
 */
class PendingTry<Output> extends TrySignal implements Interruptible {
  readonly #sequence: TrySequence;
  readonly #timeoutError: (timeoutMs: number) => Error;
  /** Until the try ends; then `undefined`. */
  #listener: TryListener<Output> | undefined;
  #timer: ClockTimer | undefined;
  #timeoutMs = 0;

  constructor(
    sequence: TrySequence,
    noNewAttempts: AbortSignal | undefined,
    timeoutError: (timeoutMs: number) => Error,
    listener: TryListener<Output>,
  ) {
    super(noNewAttempts);
    this.#sequence = sequence;
    this.#timeoutError = timeoutError;
    this.#listener = listener;
  }

  /** Sends the try with `send`, given this signal, and gives it `timeoutMs` on `clock`. */
  start(send: (signal: TrySignal) => Promise<Output>, clock: Clock, timeoutMs: number): void {
    this.#timeoutMs = timeoutMs;
    this.#timer = clock.setTimer(this.#onTimeout, timeoutMs);
    let sent: Promise<Output>;
    try {
      sent = send(this);
    } catch (error) {
      this.#end()?.onError(error);
      return;
    }
    sent.then(this.#onAnswer, this.#onError);
  }

  /**
   * Ends the try with `reason` (a stop of the sequence, or its time ran out), unless it has
   * ended: its request is aborted.
   */
  interrupt(reason: unknown): void {
    const listener = this.#end();
    if (listener === undefined) return;
    this.abort(reason);
    listener.onError(reason);
  }

  readonly #onTimeout = (): void => {
    this.interrupt(this.#timeoutError(this.#timeoutMs));
  };

  readonly #onAnswer = (output: Output): void => {
    this.answered();
    this.#end()?.onAnswer(output);
  };

  readonly #onError = (error: unknown): void => {
    this.answered();
    this.#end()?.onError(error);
  };

  /**
   * Ends the try, the first time only: its timer and its place in the sequence go. Returns
   * whom to tell, or `undefined` if it had ended.
   */
  #end(): TryListener<Output> | undefined {
    const listener = this.#listener;
    if (listener === undefined) return undefined;
    this.#listener = undefined;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#sequence.tryEnded(this);
    return listener;
  }
}
