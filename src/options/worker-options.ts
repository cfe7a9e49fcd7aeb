import { hostname } from 'node:os';
import type { SWFClient } from '@aws-sdk/client-swf';
import { type ActivityDefinition, activityTypeLabel } from '../activity/define-activity.js';
import type { Clock } from '../clock/clock.js';
import { MAX_IDENTITY_LENGTH, MAX_NAME_LENGTH } from '../limits/swf-limits.js';
import type { Logger } from '../logger.js';
import type { TaskRunSettings } from '../runner/task-run.js';
import {
  anything,
  boolean,
  checkMembers,
  milliseconds,
  type OptionCheck,
  record,
  text,
  wholeNumber,
  withMethods,
} from './check-options.js';
import {
  resolveTaskRunSettings,
  TASK_RUN_OPTION_CHECKS,
  type TaskRunHooks,
  type TaskRunOptions,
} from './task-run-options.js';

/**
 * Options of an {@link ActivityWorker}. The defaults fit orchestrators: after SIGTERM, the
 * worker stops polling, gives tasks in flight `shutdownGraceMs`, aborts them, waits
 * `abortWaitMs` for their handlers and reports them, well inside Docker's 10 s before SIGKILL.
 */
export interface ActivityWorkerOptions extends TaskRunOptions {
  /**
   * Your SWF client: region, credentials, endpoint and the SDK's retries are yours. Polls wait
   * up to 60 s for a task: the worker gives each one a request timeout of 70 s of its own.
   */
  readonly client: SWFClient;
  /** The SWF domain to poll. */
  readonly domain: string;
  /** The activity task list to poll. */
  readonly taskList: string;
  /** The activities this worker runs, by activity type name and version. */
  readonly activities: readonly ActivityDefinition[];
  /**
   * Tasks that may run at once; polls start only when one of these slots is free.
   *
   * @defaultValue `10`
   */
  readonly maxConcurrentTasks?: number;
  /**
   * Polls that may wait at once.
   *
   * @defaultValue `2`, or `maxConcurrentTasks` if smaller
   */
  readonly pollers?: number;
  /**
   * Recorded in ActivityTaskStarted events (at most 256 characters).
   *
   * @defaultValue the host name and the process id, as in `ip-10-0-1-17:4242`
   */
  readonly identity?: string;
  /**
   * Back-off after a failed poll: from `minMs`, doubling, up to `maxMs`, with jitter.
   *
   * @defaultValue `{ minMs: 1000, maxMs: 60000 }`
   */
  readonly pollBackoff?: { readonly minMs?: number; readonly maxMs?: number };
  /**
   * Install SIGTERM and SIGINT handlers while `run()` runs: the first signal starts a
   * shutdown with the default grace, a second one ends the grace at once.
   *
   * @defaultValue `true`
   */
  readonly handleSignals?: boolean;
  /**
   * How long tasks in flight may go on after a shutdown starts (by a signal, or by
   * `shutdown()` without a grace of its own) before their signals abort.
   *
   * @defaultValue `5000`
   */
  readonly shutdownGraceMs?: number;
  /**
   * Keep polling (with back-off) after errors that only a change of configuration heals: an
   * unknown or deprecated domain, no region, no credentials, access denied, a poll SWF refuses
   * as invalid. Set it when the domain may be registered after the worker starts. Otherwise
   * `run()` rejects with a {@link WorkerConfigurationError} that names the problem.
   *
   * @defaultValue `false`
   */
  readonly retryConfigurationErrors?: boolean;
  /**
   * Before polling, register every activity type the worker serves, with its definition's
   * timeouts and description and this worker's task list as defaults, as Java Flow and
   * simpleflow workers do. A type registered already is fine; one whose registered defaults
   * differ from its definition gets a `warning` (code `activityTypeDefaultsDiffer`) naming the
   * differences. A registration SWF refuses makes `run()` reject with a
   * {@link WorkerConfigurationError}.
   *
   * @defaultValue `false`
   */
  readonly registerActivityTypes?: boolean;
}

/** The defaults of {@link ActivityWorkerOptions} that are plain values. */
export const WORKER_DEFAULTS = {
  maxConcurrentTasks: 10,
  pollers: 2,
  pollBackoff: { minMs: 1000, maxMs: 60_000 },
  handleSignals: true,
  shutdownGraceMs: 5000,
  retryConfigurationErrors: false,
  registerActivityTypes: false,
} as const;

/** What a worker runs with: its options checked, every default applied. */
export interface WorkerSettings {
  readonly client: SWFClient;
  readonly domain: string;
  readonly taskList: string;
  /** The activities by `name@version`. */
  readonly definitions: ReadonlyMap<string, ActivityDefinition>;
  readonly maxConcurrentTasks: number;
  readonly pollers: number;
  readonly identity: string;
  readonly pollBackoff: { readonly minMs: number; readonly maxMs: number };
  readonly handleSignals: boolean;
  readonly shutdownGraceMs: number;
  readonly abortWaitMs: number;
  readonly retryConfigurationErrors: boolean;
  readonly registerActivityTypes: boolean;
  readonly clock: Clock;
  readonly logger: Logger;
  /** What every task of the worker runs with. */
  readonly task: TaskRunSettings;
}

const WORKER_OPTION_CHECKS = {
  ...TASK_RUN_OPTION_CHECKS,
  client: withMethods('an SWFClient', 'send'),
  domain: text(1, MAX_NAME_LENGTH),
  taskList: text(1, MAX_NAME_LENGTH),
  activities: anything, // checked with the definitions
  maxConcurrentTasks: wholeNumber(1),
  pollers: wholeNumber(1),
  identity: text(1, MAX_IDENTITY_LENGTH),
  pollBackoff: record({ minMs: milliseconds(0), maxMs: milliseconds(0) }),
  handleSignals: boolean,
  shutdownGraceMs: milliseconds(0),
  retryConfigurationErrors: boolean,
  registerActivityTypes: boolean,
} as const satisfies Record<keyof ActivityWorkerOptions, OptionCheck>;

/**
 * Checks the options of a worker (unknown names, wrong types and values out of range throw a
 * TypeError or RangeError naming the option) and resolves them, every default applied.
 */
export function resolveWorkerSettings(
  options: ActivityWorkerOptions,
  hooks: TaskRunHooks,
): WorkerSettings {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('ActivityWorker: options must be an object');
  }
  checkMembers(
    options as unknown as Record<string, unknown>,
    WORKER_OPTION_CHECKS,
    'ActivityWorker: ',
  );
  for (const member of ['client', 'domain', 'taskList', 'activities'] as const) {
    if (options[member] === undefined) {
      throw new TypeError(`ActivityWorker: the option ${member} is required`);
    }
  }
  const maxConcurrentTasks = options.maxConcurrentTasks ?? WORKER_DEFAULTS.maxConcurrentTasks;
  const minMs = options.pollBackoff?.minMs ?? WORKER_DEFAULTS.pollBackoff.minMs;
  const maxMs = options.pollBackoff?.maxMs ?? Math.max(minMs, WORKER_DEFAULTS.pollBackoff.maxMs);
  if (minMs > maxMs) {
    throw new RangeError(
      `ActivityWorker: pollBackoff.minMs (${minMs}) must not be above pollBackoff.maxMs (${maxMs})`,
    );
  }
  const task = resolveTaskRunSettings(options.client, options, hooks);
  return {
    client: options.client,
    domain: options.domain,
    taskList: options.taskList,
    definitions: definitionsByType(options.activities),
    maxConcurrentTasks,
    pollers: options.pollers ?? Math.min(WORKER_DEFAULTS.pollers, maxConcurrentTasks),
    identity: options.identity ?? `${hostname()}:${process.pid}`.slice(0, MAX_IDENTITY_LENGTH),
    pollBackoff: { minMs, maxMs },
    handleSignals: options.handleSignals ?? WORKER_DEFAULTS.handleSignals,
    shutdownGraceMs: options.shutdownGraceMs ?? WORKER_DEFAULTS.shutdownGraceMs,
    abortWaitMs: task.abortWaitMs,
    retryConfigurationErrors:
      options.retryConfigurationErrors ?? WORKER_DEFAULTS.retryConfigurationErrors,
    registerActivityTypes: options.registerActivityTypes ?? WORKER_DEFAULTS.registerActivityTypes,
    clock: task.clock,
    logger: task.logger,
    task,
  };
}

function definitionsByType(activities: unknown): Map<string, ActivityDefinition> {
  if (!Array.isArray(activities) || activities.length === 0) {
    throw new TypeError(
      'ActivityWorker: activities must list at least one defineActivity(...) result',
    );
  }
  const definitions = new Map<string, ActivityDefinition>();
  for (const definition of activities as unknown[]) {
    if (!isDefinition(definition)) {
      throw new TypeError(
        'ActivityWorker: every member of activities must be a defineActivity(...) result',
      );
    }
    const key = activityTypeLabel(definition);
    if (definitions.has(key)) {
      throw new TypeError(`ActivityWorker: two activities are defined for ${key}`);
    }
    definitions.set(key, definition);
  }
  return definitions;
}

function isDefinition(value: unknown): value is ActivityDefinition {
  const candidate = value as Partial<ActivityDefinition> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.name === 'string' &&
    typeof candidate.version === 'string' &&
    typeof candidate.handler === 'function' &&
    typeof candidate.codec === 'object'
  );
}
