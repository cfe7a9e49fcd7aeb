import {
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  MAX_VERSION_LENGTH,
} from '../limits/swf-limits.js';
import type { ActivityContext } from '../runner/activity-context.js';
import type { TimeoutStrategy } from '../timeouts/timeout-resolver.js';
import type { AsyncActivityCodec } from './async-codec.js';
import { type ActivityCodec, jsonCodec } from './codec.js';

/** The function that does an activity's work. */
export type ActivityHandler<Input, Result, Details> = (
  input: Input,
  ctx: ActivityContext<Details>,
) => Promise<Result>;

/** What {@link defineActivity} takes. */
export interface ActivityOptions<Input, Result, Details> {
  /** The activity type's name, as registered in SWF. */
  readonly name: string;
  /** The activity type's version, as registered in SWF. */
  readonly version: string;
  /** The type's description, registered with it by `registerActivityTypes` (1,024 characters at most). */
  readonly description?: string;
  /** Does the work; see {@link ActivityContext} for heartbeats and cancellation. */
  handler(input: Input, ctx: ActivityContext<Details>): Promise<Result>;
  /**
   * How input, result, details and failures are encoded; the handler's input and result are
   * checked against the codec's types. An {@link ActivityCodec}, or an async one such as a
   * {@link claimCheck}.
   *
   * @defaultValue {@link jsonCodec}
   */
  readonly codec?: AsyncActivityCodec<Input, Result>;
  /**
   * The heartbeat timeout of this activity's tasks, in milliseconds
   * (`Number.POSITIVE_INFINITY` for none), when you know it and want to skip looking it up.
   *
   * @defaultValue found by the timeout strategy
   */
  readonly heartbeatTimeoutMs?: number;
  /**
   * The start-to-close timeout of this activity's tasks, in milliseconds
   * (`Number.POSITIVE_INFINITY` for none).
   *
   * @defaultValue found by the timeout strategy
   */
  readonly startToCloseTimeoutMs?: number;
  /**
   * How long a task may wait on its task list before a worker picks it up, in milliseconds
   * (`Number.POSITIVE_INFINITY` for no limit). The worker does not use it: the worker option
   * `registerActivityTypes` registers it as the type's default, for deciders that schedule
   * without timeouts (as Java Flow deciders do).
   *
   * @defaultValue none registered
   */
  readonly scheduleToStartTimeoutMs?: number;
  /**
   * How long a task may take from scheduling to its end, in milliseconds
   * (`Number.POSITIVE_INFINITY` for no limit); registered like `scheduleToStartTimeoutMs`.
   *
   * @defaultValue none registered
   */
  readonly scheduleToCloseTimeoutMs?: number;
  /**
   * How to find the timeouts not given above.
   *
   * @defaultValue the worker's `timeoutStrategy`
   */
  readonly timeoutStrategy?: TimeoutStrategy;
}

/** An activity ready to be run by an {@link ActivityWorker} or {@link runActivityTask}. */
export interface ActivityDefinition<Input = unknown, Result = unknown, Details = unknown>
  extends ActivityOptions<Input, Result, Details> {
  readonly codec: AsyncActivityCodec<Input, Result>;
}

/**
 * Defines an activity: its SWF type (name and version) and the handler that runs its tasks.
 *
 * @example
 * ```ts
 * const resizeImage = defineActivity({
 *   name: 'resizeImage',
 *   version: '1',
 *   async handler(input: { key: string }, ctx) {
 *     for (let step = 1; step <= 10; step++) {
 *       await ctx.sleep(1000); // stands for real work; rejects if the task is aborted
 *       ctx.heartbeat({ step });
 *     }
 *     return { resized: input.key };
 *   },
 * });
 * ```
 */
export function defineActivity<Input = unknown, Result = unknown, Details = unknown>(
  options: ActivityOptions<Input, Result, Details>,
): ActivityDefinition<Input, Result, Details> {
  checkName(options.name, 'name', MAX_NAME_LENGTH);
  checkName(options.version, 'version', MAX_VERSION_LENGTH);
  if (typeof options.handler !== 'function') {
    throw new TypeError(`defineActivity(${options.name}): handler must be a function`);
  }
  if (
    options.description !== undefined &&
    (typeof options.description !== 'string' || options.description.length > MAX_DESCRIPTION_LENGTH)
  ) {
    throw new TypeError(
      `defineActivity(${options.name}): description must be a string of at most ${MAX_DESCRIPTION_LENGTH} characters`,
    );
  }
  checkTimeout(options.heartbeatTimeoutMs, 'heartbeatTimeoutMs', options.name);
  checkTimeout(options.startToCloseTimeoutMs, 'startToCloseTimeoutMs', options.name);
  checkTimeout(options.scheduleToStartTimeoutMs, 'scheduleToStartTimeoutMs', options.name);
  checkTimeout(options.scheduleToCloseTimeoutMs, 'scheduleToCloseTimeoutMs', options.name);
  if (
    options.timeoutStrategy !== undefined &&
    options.timeoutStrategy !== 'activity-type' &&
    options.timeoutStrategy !== 'history'
  ) {
    throw new TypeError(
      `defineActivity(${options.name}): timeoutStrategy must be 'activity-type' or 'history', got ${String(options.timeoutStrategy)}`,
    );
  }
  return Object.freeze({
    ...options,
    codec: options.codec ?? (jsonCodec as ActivityCodec<Input, Result>),
  });
}

/** `name@version`, how the worker names an activity type in messages. */
export function activityTypeLabel(type: { readonly name: string; readonly version: string }) {
  return `${type.name}@${type.version}`;
}

function checkName(value: unknown, member: string, max: number): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new TypeError(
      `defineActivity: ${member} must be a string of 1 to ${max} characters, got ${JSON.stringify(value)}`,
    );
  }
}

function checkTimeout(value: number | undefined, member: string, activity: string): void {
  if (value !== undefined && !(typeof value === 'number' && value > 0)) {
    throw new RangeError(
      `defineActivity(${activity}): ${member} must be a number of milliseconds > 0 (or Infinity), got ${String(value)}`,
    );
  }
}
