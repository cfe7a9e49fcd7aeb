import type { Clock, ClockTimer } from '../clock/clock.js';
import { WaitQueue } from '../wait/wait-queue.js';

/** Options of a {@link HeartbeatBudget}. */
export interface HeartbeatBudgetOptions {
  /**
   * Heartbeat calls per second at most; the default is what SWF refills an account's
   * RecordActivityTaskHeartbeat quota at. Raise it if your account's quota was raised;
   * `Infinity` turns the budget off.
   *
   * @defaultValue `160`
   */
  readonly ratePerSecond?: number;
  /**
   * Calls that may go at once after a quiet spell; the default is SWF's bucket size.
   *
   * @defaultValue `2000`
   */
  readonly burst?: number;
  /**
   * The rate, in calls per second, never drops below this, however much SWF throttles.
   *
   * @defaultValue `1`
   */
  readonly minRatePerSecond?: number;
}

/** The share of the full rate regained per second of successes after throttling. */
const RECOVERY_PER_SECOND = 0.05;

/**
 * A budget of heartbeat calls, shared by the tasks of a worker: a token bucket that starts at
 * SWF's quota, halves its rate on each ThrottlingException and climbs back on successes
 * (multiplicative decrease, linear increase over about 20 s). When calls must wait, the task
 * whose heartbeat deadline is nearest goes first.
 *
 * Each worker has one of its own by default, at SWF's full quota. Give the same one to every
 * worker of a process so that they share it, at the share of the account's quota that falls
 * to the process:
 *
 * @example
 * ```ts
 * // One of four worker processes on the account: a quarter of SWF's 160 calls/s, shared by
 * // the two workers of this process.
 * const heartbeatBudget = new HeartbeatBudget(systemClock, { ratePerSecond: 40, burst: 500 });
 * const images = new ActivityWorker({ ...options, taskList: 'images', heartbeatBudget });
 * const videos = new ActivityWorker({ ...options, taskList: 'videos', heartbeatBudget });
 * ```
 */
export class HeartbeatBudget {
  /** The rate it starts at, and climbs back to after throttling, in calls per second. */
  readonly maxRatePerSecond: number;
  readonly #burst: number;
  readonly #minRate: number;
  #rate: number;
  #tokens: number;
  #updatedAt: number;
  /** When the rate last changed: recovery after throttling runs from then. */
  #adjustedAt: number;
  readonly #waiting = new WaitQueue();
  #timer: ClockTimer | undefined;

  constructor(
    private readonly clock: Clock,
    options: HeartbeatBudgetOptions = {},
  ) {
    const rate = options.ratePerSecond ?? 160;
    const burst = options.burst ?? 2000;
    if (!(rate > 0)) throw new RangeError(`heartbeat ratePerSecond must be > 0, got ${rate}`);
    if (!(burst >= 1)) throw new RangeError(`heartbeat burst must be >= 1, got ${burst}`);
    this.maxRatePerSecond = rate;
    this.#burst = burst;
    this.#minRate = Math.min(rate, options.minRatePerSecond ?? 1);
    this.#rate = rate;
    this.#tokens = burst;
    this.#updatedAt = clock.now();
    this.#adjustedAt = this.#updatedAt;
  }

  /** The rate in force now, in calls per second. */
  get ratePerSecond(): number {
    return this.#rate;
  }

  /** Calls waiting for the budget. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /**
   * Resolves when the caller may send one heartbeat. `deadline` (on the clock) orders the
   * waiting calls: nearest first. Rejects with the signal's reason if it aborts first.
   *
   * @internal
   */
  acquire(deadline: number, signal?: AbortSignal): Promise<void> {
    if (!Number.isFinite(this.#rate)) return Promise.resolve();
    this.#refill();
    if (this.#waiting.size === 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      return Promise.resolve();
    }
    const granted = this.#waiting.wait(signal, deadline);
    this.#arm();
    return granted;
  }

  /**
   * SWF throttled a heartbeat: halve the rate.
   *
   * @internal
   */
  throttled(): void {
    if (!Number.isFinite(this.#rate)) return;
    this.#refill();
    this.#rate = Math.max(this.#minRate, this.#rate / 2);
    this.#tokens = Math.min(this.#tokens, 0);
    this.#adjustedAt = this.clock.now();
  }

  /**
   * A heartbeat went through: the rate climbs back towards the full rate, by a twentieth of it
   * per second since it last changed.
   *
   * @internal
   */
  succeeded(): void {
    if (this.#rate >= this.maxRatePerSecond) return;
    this.#refill();
    const now = this.clock.now();
    const recovered =
      ((now - this.#adjustedAt) / 1000) * this.maxRatePerSecond * RECOVERY_PER_SECOND;
    this.#rate = Math.min(this.maxRatePerSecond, this.#rate + recovered);
    this.#adjustedAt = now;
  }

  #refill(): void {
    const now = this.clock.now();
    this.#tokens = Math.min(
      this.#burst,
      this.#tokens + ((now - this.#updatedAt) / 1000) * this.#rate,
    );
    this.#updatedAt = now;
  }

  /** Grants waiting calls as tokens come in, one timer at a time. */
  #arm(): void {
    if (this.#timer !== undefined) return;
    this.#refill();
    const missing = Math.max(0, 1 - this.#tokens);
    const delayMs = Math.ceil((missing / this.#rate) * 1000);
    this.#timer = this.clock.setTimer(() => {
      this.#timer = undefined;
      this.#refill();
      while (this.#tokens >= 1 && this.#waiting.grant()) this.#tokens -= 1;
      if (this.#waiting.size > 0) this.#arm();
    }, delayMs);
  }
}
