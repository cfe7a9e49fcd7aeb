import { type Clock, sleep } from '../clock/clock.js';
import { type SwfErrorName, SwfServiceError } from './errors.js';
import { ConnectionDroppedError } from './operation-handler.js';
import type { SwfOperationName } from './operations.js';

/**
 * A fault to inject into calls of the fake: an error answer, a delay, or a dropped connection,
 * for the next `times` matching calls, or for each matching call with a `probability`.
 */
export interface FaultRule {
  /** The operations it applies to. Default: every operation. */
  readonly operations?: readonly SwfOperationName[];
  /** Answer this error instead of running the call (e.g. `ThrottlingException`, `InternalFailure`). */
  readonly error?: SwfErrorName;
  /** The error's message. Default: a message naming the injected fault. */
  readonly message?: string;
  /** Wait this long on the fake's clock before the call goes on. */
  readonly delayMs?: number;
  /**
   * Drop the connection: `'request'` before the call takes effect, `'response'` after it took
   * effect (the client sees a network error for a call that happened).
   */
  readonly drop?: 'request' | 'response';
  /** How many matching calls it hits. Default: 1, or unlimited when `probability` is set. */
  readonly times?: number;
  /** The chance (0 to 1) that it hits a matching call. Default: 1. */
  readonly probability?: number;
  /** The seed of the random choices for `probability`, for repeatable runs. */
  readonly seed?: number;
}

/** An injected fault: how often it hit, and a way to take it back. */
export interface InjectedFault {
  readonly rule: FaultRule;
  /** How many calls it has hit so far. */
  readonly hits: number;
  /** Stops it from hitting further calls. */
  remove(): void;
}

interface ActiveFault extends InjectedFault {
  hits: number;
  remaining: number;
  readonly random: () => number;
}

/** What must happen to a call after it ran, as the fault that hit it says. */
export interface FaultOutcome {
  /** The call took effect; its answer is lost (the connection drops). */
  readonly dropResponse: boolean;
}

const NO_FAULT: FaultOutcome = { dropResponse: false };

/**
 * The faults injected into a fake, applied to each call in the order they were injected
 * (the first that hits a call wins).
 */
export class FaultInjector {
  readonly #faults: ActiveFault[] = [];

  constructor(private readonly clock: Clock) {}

  /**
   * Injects a fault; see {@link FaultRule}.
   *
   * @example
   * ```ts
   * // The next two heartbeats are throttled, then one answers after 5 s.
   * const operations = ['RecordActivityTaskHeartbeat'] as const;
   * fake.faults.inject({ operations, error: 'ThrottlingException', times: 2 });
   * fake.faults.inject({ operations, delayMs: 5_000 });
   * // One call in ten loses its answer after it took effect.
   * const flaky = fake.faults.inject({ drop: 'response', probability: 0.1, seed: 42 });
   * // ...
   * flaky.remove();
   * ```
   */
  inject(rule: FaultRule): InjectedFault {
    const probability = rule.probability ?? 1;
    if (!(probability >= 0 && probability <= 1)) {
      throw new RangeError(`FaultRule.probability must be between 0 and 1, got ${probability}`);
    }
    if (rule.error === undefined && rule.delayMs === undefined && rule.drop === undefined) {
      throw new TypeError('A FaultRule needs an error, a delayMs or a drop');
    }
    const fault: ActiveFault = {
      rule,
      hits: 0,
      remaining: rule.times ?? (rule.probability === undefined ? 1 : Number.POSITIVE_INFINITY),
      random: seededRandom(rule.seed ?? 1),
      remove: () => {
        const index = this.#faults.indexOf(fault);
        if (index >= 0) this.#faults.splice(index, 1);
      },
    };
    this.#faults.push(fault);
    return fault;
  }

  /** Removes every injected fault. */
  clear(): void {
    this.#faults.length = 0;
  }

  /**
   * Applies the fault that hits this call, if any, before the call runs: waits, throws the
   * error or drops the connection. Returns what must happen after the call: at once when no
   * fault hits it (most calls), as a promise otherwise.
   *
   * @internal `FakeSwf.handle` calls it for every call.
   */
  beforeCall(operation: SwfOperationName): FaultOutcome | Promise<FaultOutcome> {
    // Each matching fault draws in turn: one that misses leaves the call to the next.
    const fault = this.#faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.rule.operations === undefined ||
          candidate.rule.operations.includes(operation)) &&
        candidate.random() < (candidate.rule.probability ?? 1),
    );
    if (fault === undefined) return NO_FAULT;
    fault.remaining -= 1;
    fault.hits += 1;
    return this.#apply(fault.rule, operation);
  }

  async #apply(rule: FaultRule, operation: SwfOperationName): Promise<FaultOutcome> {
    if (rule.delayMs !== undefined) await sleep(this.clock, rule.delayMs);
    if (rule.error !== undefined) {
      throw new SwfServiceError(
        rule.error,
        rule.message ?? `Injected fault: ${rule.error} on ${operation}`,
      );
    }
    if (rule.drop === 'request') throw new ConnectionDroppedError(operation);
    return { dropResponse: rule.drop === 'response' };
  }
}

/**
 * A small seeded generator (mulberry32): the same seed gives the same sequence.
 *
 * @internal The fake draws its faults' chances with it; the repository's soak and benchmarks
 * use it for repeatable runs.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
