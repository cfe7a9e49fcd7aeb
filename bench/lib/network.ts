/**
 * A network between the worker and the fake, for the adverse-network benchmark: latency on the
 * way in and on the way out, and a record of how much time each accepted heartbeat had left.
 *
 * @module
 */
import type {
  FakeSwf,
  OperationContext,
  OperationInput,
  OperationOutput,
  SwfOperationHandler,
  SwfOperationName,
} from 'swf-activity-worker/fake';
import { seededRandom } from '../../src/fake/faults.js';
import { delay } from './bench.js';

/** Uniform latency between `minMs` and `maxMs` for a whole call, half each way. */
export interface Latency {
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * Serves calls from `fake` through a network whose latency can be turned on and off, and
 * measures, for every heartbeat the fake accepts, the slack it had: the heartbeat timeout minus
 * the time since the task's last accepted heartbeat (or its start).
 */
export class SlowNetwork implements SwfOperationHandler {
  /** Latency of every call while set; none when undefined. */
  latency: Latency | undefined;
  /** Slack of each accepted heartbeat, in ms, since {@link SlowNetwork.resetSlack}. */
  slacks: number[] = [];
  readonly #lastAccepted = new Map<string, number>();
  #random: () => number;

  constructor(
    private readonly fake: FakeSwf,
    private readonly heartbeatTimeoutMs: number,
    seed = 42,
  ) {
    this.#random = seededRandom(seed);
  }

  /** Starts a new series of slack samples. */
  resetSlack(): void {
    this.slacks = [];
  }

  async handle<Name extends SwfOperationName>(
    operation: Name,
    input: OperationInput<Name>,
    context?: OperationContext,
  ): Promise<OperationOutput<Name>> {
    const latency = this.latency;
    const total =
      latency === undefined ? 0 : latency.minMs + this.#random() * (latency.maxMs - latency.minMs);
    if (total > 0) await delay(total / 2);
    try {
      const output = await this.fake.handle(operation, input, context);
      this.#observe(operation, input, output);
      return output;
    } finally {
      if (total > 0) await delay(total / 2);
    }
  }

  #observe(operation: SwfOperationName, input: unknown, output: unknown): void {
    const now = Date.now();
    if (operation === 'PollForActivityTask') {
      const token = (output as { taskToken?: string }).taskToken;
      if (token) this.#lastAccepted.set(token, now);
    } else if (operation === 'RecordActivityTaskHeartbeat') {
      const token = (input as { taskToken: string }).taskToken;
      const last = this.#lastAccepted.get(token);
      if (last !== undefined) this.slacks.push(this.heartbeatTimeoutMs - (now - last));
      this.#lastAccepted.set(token, now);
    } else if (operation.startsWith('RespondActivityTask')) {
      this.#lastAccepted.delete((input as { taskToken: string }).taskToken);
    }
  }
}
