import {
  type ActivityTypeConfiguration,
  DescribeActivityTypeCommand,
  RegisterActivityTypeCommand,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { type ActivityDefinition, activityTypeLabel } from '../activity/define-activity.js';
import type { Clock } from '../clock/clock.js';
import { WorkerConfigurationError } from '../errors.js';
import { errorSummary } from '../logger.js';
import type { WorkerSettings } from '../options/worker-options.js';
import type { RandomSource } from '../retry/backoff.js';
import { callWithRetry } from '../retry/call-with-retry.js';
import type { TrySignal } from '../retry/try-signal.js';
import { configurationError } from '../worker/poll-errors.js';
import type { WorkerEvent } from '../worker/worker-events.js';

/** How long registering one type is retried (throttling, network) before the worker gives up. */
const REGISTER_RETRY_WINDOW_MS = 60_000;

/** What {@link registerActivityTypes} needs. */
export interface RegisterActivityTypesSettings {
  readonly domain: string;
  /** The worker's task list: every type's default task list. */
  readonly taskList: string;
  readonly clock: Clock;
  /** Stops the retries (the worker shut down before it polled). */
  readonly signal?: AbortSignal;
  /** The jitter of the retries' back-off. Default `Math.random`. */
  readonly random?: RandomSource;
  /** Told about a registered type whose defaults differ from its definition, or deprecated. */
  readonly warn: (code: RegistrationWarningCode, message: string) => void;
}

/** The warnings of {@link registerActivityTypes}. */
export type RegistrationWarningCode = 'activityTypeDefaultsDiffer' | 'activityTypeDeprecated';

/**
 * Registers the activity types of `activities` in SWF, with each definition's timeouts and
 * description and the worker's task list as defaults, as Java Flow and simpleflow workers do on
 * start. A type registered already is fine; when its registered defaults differ from the
 * definition (the worker's `'activity-type'` timeout strategy reads them), `warn` is told which.
 * Rejects with a {@link WorkerConfigurationError} naming the type for any other failure (an
 * unknown domain, no permission to register, too many types, ...).
 */
export async function registerActivityTypes(
  client: SWFClient,
  activities: readonly ActivityDefinition[],
  settings: RegisterActivityTypesSettings,
): Promise<void> {
  for (const definition of activities) {
    const expected = expectedDefaults(definition, settings.taskList);
    try {
      await call(settings, (abortSignal) =>
        client.send(
          new RegisterActivityTypeCommand({
            domain: settings.domain,
            name: definition.name,
            version: definition.version,
            description: definition.description,
            defaultTaskList: { name: settings.taskList },
            defaultTaskHeartbeatTimeout: expected.defaultTaskHeartbeatTimeout,
            defaultTaskStartToCloseTimeout: expected.defaultTaskStartToCloseTimeout,
            defaultTaskScheduleToStartTimeout: expected.defaultTaskScheduleToStartTimeout,
            defaultTaskScheduleToCloseTimeout: expected.defaultTaskScheduleToCloseTimeout,
          }),
          { abortSignal },
        ),
      );
      continue;
    } catch (error) {
      // By name: the client may come from another copy of @aws-sdk/client-swf.
      if (errorSummary(error).name !== 'TypeAlreadyExistsFault') {
        throw registrationError(definition, settings, error);
      }
    }
    let described: Awaited<ReturnType<typeof describe>>;
    try {
      described = await describe(client, definition, settings);
    } catch (error) {
      throw registrationError(definition, settings, error);
    }
    const differences = Object.entries(expected)
      .filter(
        ([member, value]) =>
          value !== undefined && described.registered[member as keyof Defaults] !== value,
      )
      .map(
        ([member, value]) =>
          `${member} is ${JSON.stringify(described.registered[member as keyof Defaults] ?? null)}, the definition's ${JSON.stringify(value)}`,
      );
    const label = activityTypeLabel(definition);
    if (described.status === 'DEPRECATED') {
      settings.warn(
        'activityTypeDeprecated',
        `Activity type ${label} is deprecated in domain ${settings.domain}: deciders cannot schedule it. Register a new version, or undeprecate it.`,
      );
    }
    if (differences.length > 0) {
      settings.warn(
        'activityTypeDefaultsDiffer',
        `Activity type ${label} is registered in domain ${settings.domain} with defaults that differ from its definition: ${differences.join('; ')}. SWF keeps a type's defaults: register a new version to change them (tasks scheduled without timeouts run under the registered ones).`,
      );
    }
  }
}

/** The defaults compared with the registered ones; `undefined` where the definition sets none. */
interface Defaults {
  readonly defaultTaskList: string;
  readonly defaultTaskHeartbeatTimeout: string | undefined;
  readonly defaultTaskStartToCloseTimeout: string | undefined;
  readonly defaultTaskScheduleToStartTimeout: string | undefined;
  readonly defaultTaskScheduleToCloseTimeout: string | undefined;
  readonly description: string | undefined;
}

function expectedDefaults(definition: ActivityDefinition, taskList: string): Defaults {
  return {
    defaultTaskList: taskList,
    defaultTaskHeartbeatTimeout: seconds(definition.heartbeatTimeoutMs),
    defaultTaskStartToCloseTimeout: seconds(definition.startToCloseTimeoutMs),
    defaultTaskScheduleToStartTimeout: seconds(definition.scheduleToStartTimeoutMs),
    defaultTaskScheduleToCloseTimeout: seconds(definition.scheduleToCloseTimeoutMs),
    description: definition.description,
  };
}

/** SWF's whole seconds (rounded up, so SWF never times a task out before the definition says), or `NONE`. */
function seconds(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  return Number.isFinite(ms) ? String(Math.ceil(ms / 1000)) : 'NONE';
}

async function describe(
  client: SWFClient,
  definition: ActivityDefinition,
  settings: RegisterActivityTypesSettings,
): Promise<{ registered: Defaults; status: string | undefined }> {
  const output = await call(settings, (abortSignal) =>
    client.send(
      new DescribeActivityTypeCommand({
        domain: settings.domain,
        activityType: { name: definition.name, version: definition.version },
      }),
      { abortSignal },
    ),
  );
  const configuration: ActivityTypeConfiguration = output.configuration ?? {};
  return {
    registered: {
      defaultTaskList: configuration.defaultTaskList?.name ?? '',
      defaultTaskHeartbeatTimeout: configuration.defaultTaskHeartbeatTimeout,
      defaultTaskStartToCloseTimeout: configuration.defaultTaskStartToCloseTimeout,
      defaultTaskScheduleToStartTimeout: configuration.defaultTaskScheduleToStartTimeout,
      defaultTaskScheduleToCloseTimeout: configuration.defaultTaskScheduleToCloseTimeout,
      description: output.typeInfo?.description,
    },
    status: output.typeInfo?.status,
  };
}

async function call<Output>(
  settings: RegisterActivityTypesSettings,
  send: (signal: TrySignal) => Promise<Output>,
): Promise<Output> {
  const { output } = await callWithRetry(send, {
    clock: settings.clock,
    deadline: settings.clock.now() + REGISTER_RETRY_WINDOW_MS,
    signal: settings.signal,
    random: settings.random ?? Math.random,
  });
  return output;
}

/** The error to reject with: the signal's reason once it aborted, else a configuration error. */
function registrationError(
  definition: ActivityDefinition,
  settings: RegisterActivityTypesSettings,
  error: unknown,
): unknown {
  if (settings.signal?.aborted) return settings.signal.reason;
  const known = configurationError(error, settings);
  const { name, message } = errorSummary(error);
  const fix =
    known === undefined
      ? 'Register it yourself, or start the worker without registerActivityTypes.'
      : known.problem === 'accessDenied'
        ? 'Allow swf:RegisterActivityType and swf:DescribeActivityType on the domain, or start the worker without registerActivityTypes.'
        : known.message;
  return new WorkerConfigurationError(
    known?.problem ?? 'typeRegistration',
    `Registering activity type ${activityTypeLabel(definition)} in domain ${JSON.stringify(settings.domain)} failed (${name}: ${message}). ${fix}`,
    { cause: error },
  );
}

/**
 * A worker's start with `registerActivityTypes`: registers its activities, with its task list,
 * and passes the warnings to its logger and `warning` events. Rejects with a
 * {@link WorkerConfigurationError}, or with the signal's reason when it aborts first.
 */
export function registerWorkerActivityTypes(
  worker: Pick<
    WorkerSettings,
    'client' | 'definitions' | 'domain' | 'taskList' | 'clock' | 'logger'
  >,
  signal: AbortSignal,
  emit: (event: WorkerEvent) => void,
): Promise<void> {
  return registerActivityTypes(worker.client, [...worker.definitions.values()], {
    domain: worker.domain,
    taskList: worker.taskList,
    clock: worker.clock,
    signal,
    warn: (code, message) => {
      worker.logger.warn({ code }, message);
      emit({ type: 'warning', code, message });
    },
  });
}
