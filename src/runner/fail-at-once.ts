import type { SWFClient } from '@aws-sdk/client-swf';
import type { ActivityEvent } from '../events/activity-events.js';
import type { ActivityTaskInfo } from './activity-task-info.js';
import { type ActivityTaskOutcome, failure } from './outcome.js';
import { respond } from './respond.js';
import { deliverTaskEvent } from './task-events.js';
import type { TaskRunSettings } from './task-run.js';

/**
 * Reports a task failed without running it (no handler for its type, or it came after
 * shutdown began), through the same outcome and events as a run: the refusal is logged, and
 * so is a response that could not be sent.
 */
export async function failTaskAtOnce(
  client: SWFClient,
  task: ActivityTaskInfo,
  error: Error,
  settings: TaskRunSettings,
): Promise<ActivityTaskOutcome> {
  const source = { logger: settings.logger };
  const { interceptors } = settings;
  const emit = (event: ActivityEvent): void => {
    deliverTaskEvent(event, settings.onEvent, source);
    if (interceptors.listens) interceptors.emit(event, settings.logger);
  };
  settings.logger.warn({ task, reason: error.message }, 'failing the task at once');
  const outcome = await respond(client, task, await failure(error), {
    clock: settings.clock,
    random: settings.random,
    emit,
    interceptors,
  });
  emit({ type: 'taskFinished', task, outcome });
  return outcome;
}
