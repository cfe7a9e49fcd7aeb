import type { ActivityTask, SWFClient } from '@aws-sdk/client-swf';
import type { ActivityDefinition } from '../activity/define-activity.js';
import { checkClient } from '../client/check-client.js';
import type { ActivityEventListener } from '../events/activity-events.js';
import { MAX_NAME_LENGTH } from '../limits/swf-limits.js';
import { anything, checkMembers, milliseconds, text } from '../options/check-options.js';
import {
  resolveTaskRunSettings,
  TASK_RUN_OPTION_CHECKS,
  type TaskRunOptions,
} from '../options/task-run-options.js';
import { ActivityTaskInfo } from './activity-task-info.js';
import type { ActivityTaskOutcome } from './outcome.js';
import { TaskRun } from './task-run.js';

/** Options of {@link runActivityTask}: how the task runs, and where it came from. */
export interface RunActivityTaskOptions extends TaskRunOptions {
  /** The domain the task was polled from. */
  readonly domain: string;
  /** Receives the task's events. */
  readonly onEvent?: ActivityEventListener;
  /**
   * Aborts the task from outside: its signal aborts with this signal's reason (a
   * {@link WorkerShutdownError} by default).
   */
  readonly signal?: AbortSignal;
  /**
   * When the task was received, on the clock.
   *
   * @defaultValue now
   */
  readonly receivedAt?: number;
}

const RUN_OPTION_CHECKS = {
  ...TASK_RUN_OPTION_CHECKS,
  domain: text(1, MAX_NAME_LENGTH),
  onEvent: anything,
  signal: anything,
  receivedAt: milliseconds(0),
} as const;

/**
 * Runs one polled activity task to its end, for users with their own poll loop: finds its
 * timeouts, keeps it alive with heartbeats, turns cancellation, a vanished task, the local
 * deadline and shutdown into its signal's abort reason, and reports the outcome to SWF.
 * Rejects only on wrong arguments: a `task` without a task token (an empty poll), options
 * that are not valid (a TypeError or RangeError naming the option), or a `client` that cannot
 * send the package's commands ({@link UnsupportedClientError}).
 *
 * Each call has a heartbeat budget of its own: when you run many tasks, pass one
 * {@link HeartbeatBudget} to all of them. The timeouts of activity types are cached per client:
 * one `DescribeActivityType` call per type, whatever the number of tasks.
 *
 * @example
 * ```ts
 * const task = await client.send(new PollForActivityTaskCommand({ domain, taskList: { name: 'images' } }));
 * if (task.taskToken) {
 *   const outcome = await runActivityTask(client, task, resizeImage, { domain });
 *   console.log(outcome.status);
 * }
 * ```
 */
export function runActivityTask(
  client: SWFClient,
  task: ActivityTask,
  definition: ActivityDefinition,
  options: RunActivityTaskOptions,
): Promise<ActivityTaskOutcome> {
  let info: ActivityTaskInfo;
  try {
    checkMembers(
      options as unknown as Record<string, unknown>,
      RUN_OPTION_CHECKS,
      'runActivityTask: ',
    );
    if (options.domain === undefined)
      throw new TypeError('runActivityTask: the option domain is required');
    checkClient(client, options.clock, 'runActivityTask');
    info = new ActivityTaskInfo(task, options.domain);
  } catch (error) {
    return Promise.reject(error);
  }
  // The task runs on its info alone: the SDK's output object is not kept while it runs.
  const settings = resolveTaskRunSettings(client, options, {
    onEvent: options.onEvent,
    signal: options.signal,
  });
  return new TaskRun(
    client,
    info,
    definition,
    settings,
    options.receivedAt ?? settings.clock.now(),
  ).run();
}
