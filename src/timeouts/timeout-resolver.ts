import type { ActivityTypeConfiguration, HistoryEvent, SWFClient } from '@aws-sdk/client-swf';
import type { Clock } from '../clock/clock.js';
import { InterceptorChain } from '../interceptors/interceptor-chain.js';
import type { RandomSource } from '../retry/backoff.js';
import { callWithRetry } from '../retry/call-with-retry.js';
import type { ActivityTaskInfo } from '../runner/activity-task-info.js';

/**
 * How the worker finds the timeouts of a task, which SWF does not send with it:
 * - `'activity-type'` (the default): the type's registered defaults, from one
 *   `DescribeActivityType` call per type and client, cached. If the type registers no default, the
 *   decider gave the timeout when scheduling, and the task's history is read instead.
 *   Wrong only when deciders override a registered default.
 * - `'history'`: the timeouts recorded when this very task was scheduled, from its
 *   execution's history (ActivityTaskStarted → ActivityTaskScheduled), read newest first and
 *   stopping once found. Always right, at the cost of at least one
 *   `GetWorkflowExecutionHistory` call per task: SWF refills that quota at 60 calls per second
 *   per account (bucket 2,000), shared with every decider.
 */
export type TimeoutStrategy = 'activity-type' | 'history';

/** The timeouts a task runs under, in milliseconds; `Infinity` means NONE. */
export interface EffectiveTimeouts {
  /** Heartbeats must reach SWF within this of each other (and of the start). */
  readonly heartbeatTimeoutMs: number;
  /** The task must be done within this of its start, however often it heartbeats. */
  readonly startToCloseTimeoutMs: number;
  /**
   * Where they came from: the activity definition, the type's defaults, the task's history, or
   * `'unknown'` when they could not be found (both are then `NaN`).
   */
  readonly source: 'definition' | 'activity-type' | 'history' | 'unknown';
}

/** What a definition says about its timeouts. */
export interface TimeoutOverrides {
  readonly heartbeatTimeoutMs?: number | undefined;
  readonly startToCloseTimeoutMs?: number | undefined;
  readonly timeoutStrategy?: TimeoutStrategy | undefined;
}

interface PartialTimeouts {
  heartbeatTimeoutMs?: number | undefined;
  startToCloseTimeoutMs?: number | undefined;
}

/** How long finding the timeouts of one task may take, retries included. */
const RESOLVE_BUDGET_MS = 10_000;

/** The type defaults asked for so far, per domain and activity type. */
interface TypeDefaults {
  readonly pending: Promise<PartialTimeouts>;
  /** Once SWF has answered: the defaults, parsed. */
  found?: PartialTimeouts;
}

/** Timeouts known without a call, and the strategy, type and domain they are known for. */
interface KnownTimeouts {
  readonly strategy: TimeoutStrategy;
  readonly domain: string;
  readonly name: string;
  readonly version: string;
  readonly timeouts: EffectiveTimeouts;
}

/** What the resolvers of one client know. */
interface ClientTimeouts {
  /** The type defaults asked for, per domain and activity type. */
  readonly typeDefaults: Map<string, TypeDefaults>;
  /**
   * The timeouts last known without a call for each definition: the tasks of a type all get
   * the same object, found without building a key.
   */
  readonly lastKnown: WeakMap<TimeoutOverrides, KnownTimeouts>;
}

/**
 * What is known through each client, for the life of the client: every resolver of a client
 * (a worker, each call of runActivityTask) shares it, since the defaults a type was registered
 * with never change while it exists.
 */
const timeoutsOfClient = new WeakMap<SWFClient, ClientTimeouts>();

/**
 * Finds the effective timeouts of tasks, by the definition's overrides first and then by the
 * strategy. Type defaults are cached per client and activity type: one `DescribeActivityType`
 * per type, whatever the number of workers and runs on the client.
 */
export class TimeoutResolver {
  readonly #known: ClientTimeouts;

  constructor(
    private readonly client: SWFClient,
    private readonly clock: Clock,
    private readonly strategy: TimeoutStrategy,
    private readonly random: RandomSource,
    private readonly interceptors: InterceptorChain = InterceptorChain.EMPTY,
  ) {
    let known = timeoutsOfClient.get(client);
    if (known === undefined) {
      known = { typeDefaults: new Map(), lastKnown: new WeakMap() };
      timeoutsOfClient.set(client, known);
    }
    this.#known = known;
  }

  /**
   * The timeouts of `task` when they are known without a call: given by the definition, or
   * its type's defaults already described. `undefined` otherwise: {@link resolve} finds them.
   */
  known(task: ActivityTaskInfo, overrides: TimeoutOverrides): EffectiveTimeouts | undefined {
    const { lastKnown } = this.#known;
    const last = lastKnown.get(overrides);
    const strategy = overrides.timeoutStrategy ?? this.strategy;
    const { domain, activityType } = task;
    if (
      last !== undefined &&
      last.strategy === strategy &&
      last.domain === domain &&
      last.name === activityType.name &&
      last.version === activityType.version
    ) {
      return last.timeouts;
    }
    const timeouts = this.#lookUp(task, overrides, strategy);
    if (timeouts !== undefined) {
      const { name, version } = activityType;
      lastKnown.set(overrides, { strategy, domain, name, version, timeouts });
    }
    return timeouts;
  }

  /** {@link known} from the definition and the type defaults described so far. */
  #lookUp(
    task: ActivityTaskInfo,
    overrides: TimeoutOverrides,
    strategy: TimeoutStrategy,
  ): EffectiveTimeouts | undefined {
    const found = givenBy(overrides);
    if (complete(found)) return Object.freeze({ ...found, source: 'definition' });
    if (strategy !== 'activity-type') return undefined;
    const defaults = this.#known.typeDefaults.get(typeKey(task))?.found;
    if (defaults === undefined) return undefined;
    fill(found, defaults);
    return complete(found) ? Object.freeze({ ...found, source: 'activity-type' }) : undefined;
  }

  /**
   * The timeouts of `task`. Never rejects: when nothing can be found it answers `'unknown'`
   * and the caller beats cautiously.
   */
  async resolve(task: ActivityTaskInfo, overrides: TimeoutOverrides): Promise<EffectiveTimeouts> {
    const known = this.known(task, overrides);
    if (known !== undefined) return known;
    const found = givenBy(overrides);
    const strategy = overrides.timeoutStrategy ?? this.strategy;
    const deadline = this.clock.now() + RESOLVE_BUDGET_MS;
    try {
      if (strategy === 'activity-type') {
        fill(found, await this.#describe(task, deadline));
        // Described now: the answer every later task of the type gets, the same object.
        const described = this.known(task, overrides);
        if (described !== undefined) return described;
      }
      fill(found, await this.#fromHistory(task, deadline));
      if (complete(found)) return { ...found, source: 'history' };
    } catch {
      // fall through: unknown
    }
    return { heartbeatTimeoutMs: Number.NaN, startToCloseTimeoutMs: Number.NaN, source: 'unknown' };
  }

  #describe(task: ActivityTaskInfo, deadline: number): Promise<PartialTimeouts> {
    const key = typeKey(task);
    const cached = this.#known.typeDefaults.get(key);
    if (cached !== undefined) return cached.pending;
    const typeDefaults: TypeDefaults = {
      pending: callWithRetry(
        (signal) =>
          this.interceptors.send(this.client, 'DescribeActivityType', {
            request: { domain: task.domain, activityType: task.activityType },
            task,
            signal,
          }),
        { clock: this.clock, random: this.random, deadline },
      ).then((result) => {
        typeDefaults.found = parseDefaults(result.output.configuration);
        return typeDefaults.found;
      }),
    };
    this.#known.typeDefaults.set(key, typeDefaults);
    typeDefaults.pending.catch(() => this.#known.typeDefaults.delete(key));
    return typeDefaults.pending;
  }

  /** Reads the history newest first: the started event names the scheduled one. */
  async #fromHistory(task: ActivityTaskInfo, deadline: number): Promise<PartialTimeouts> {
    let scheduledEventId: number | undefined;
    let nextPageToken: string | undefined;
    do {
      const page = await callWithRetry(
        (signal) =>
          this.interceptors.send(this.client, 'GetWorkflowExecutionHistory', {
            request: {
              domain: task.domain,
              execution: task.workflowExecution,
              reverseOrder: true,
              maximumPageSize: 1000,
              nextPageToken,
            },
            task,
            signal,
          }),
        { clock: this.clock, random: this.random, deadline },
      );
      for (const event of page.output.events ?? []) {
        scheduledEventId ??= scheduledIdOf(event, task.startedEventId);
        if (scheduledEventId !== undefined && event.eventId === scheduledEventId) {
          const attributes = event.activityTaskScheduledEventAttributes;
          return {
            heartbeatTimeoutMs: parseTimeout(attributes?.heartbeatTimeout ?? 'NONE'),
            startToCloseTimeoutMs: parseTimeout(attributes?.startToCloseTimeout ?? 'NONE'),
          };
        }
      }
      nextPageToken = page.output.nextPageToken;
    } while (nextPageToken);
    return {};
  }
}

function scheduledIdOf(event: HistoryEvent, startedEventId: number): number | undefined {
  return event.eventId === startedEventId
    ? event.activityTaskStartedEventAttributes?.scheduledEventId
    : undefined;
}

/** The timeouts a definition gives, each possibly absent. */
function givenBy(overrides: TimeoutOverrides): PartialTimeouts {
  return {
    heartbeatTimeoutMs: overrides.heartbeatTimeoutMs,
    startToCloseTimeoutMs: overrides.startToCloseTimeoutMs,
  };
}

/** The cache key of a task's type: its domain, name and version. */
function typeKey(task: ActivityTaskInfo): string {
  return `${task.domain}\u0000${task.activityType.name}\u0000${task.activityType.version}`;
}

function parseDefaults(defaults: ActivityTypeConfiguration | undefined): PartialTimeouts {
  return {
    heartbeatTimeoutMs: parseTimeout(defaults?.defaultTaskHeartbeatTimeout),
    startToCloseTimeoutMs: parseTimeout(defaults?.defaultTaskStartToCloseTimeout),
  };
}

/** `"30"` → 30 000, `"NONE"` → Infinity, absent → undefined. */
export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === 'NONE') return Number.POSITIVE_INFINITY;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function fill(found: PartialTimeouts, more: PartialTimeouts): void {
  found.heartbeatTimeoutMs ??= more.heartbeatTimeoutMs;
  found.startToCloseTimeoutMs ??= more.startToCloseTimeoutMs;
}

function complete(
  found: PartialTimeouts,
): found is { heartbeatTimeoutMs: number; startToCloseTimeoutMs: number } {
  return found.heartbeatTimeoutMs !== undefined && found.startToCloseTimeoutMs !== undefined;
}
