import type { ActivityEvent, ActivityEventListener } from '../events/activity-events.js';
import type { Logger } from '../logger.js';

/**
 * Delivers an event of a task to its listener, and logs the ones that need a person's eye
 * (failed heartbeats, a vanished task, an unreported outcome, warnings). A listener or a logger
 * that throws (a hostile error can make a logger throw) is never let loose on the task.
 */
export function deliverTaskEvent(
  event: ActivityEvent,
  listener: ActivityEventListener | undefined,
  source: { readonly logger: Logger },
): void {
  try {
    log(event, source);
  } catch {
    // Nothing left to tell: the logger itself failed.
  }
  if (listener === undefined) return;
  try {
    listener(event);
  } catch (error) {
    guard(() => source.logger.error({ err: error }, `an event listener threw on ${event.type}`));
  }
}

/** Logs what needs a person's eye; the task's logger is made only then. */
function log(event: ActivityEvent, source: { readonly logger: Logger }): void {
  switch (event.type) {
    case 'heartbeatFailed':
      source.logger.warn({ err: event.error }, 'heartbeat failed');
      break;
    case 'taskGone':
      source.logger.warn(
        { during: event.during },
        'SWF no longer knows this task (timed out or closed)',
      );
      break;
    case 'respondFailed':
      source.logger.error({ err: event.error }, 'the outcome could not be reported to SWF');
      break;
    case 'warning':
      source.logger.warn({ code: event.code }, event.message);
      break;
    default:
      break;
  }
}

function guard(action: () => void): void {
  try {
    action();
  } catch {
    // Nothing left to tell: the logger itself failed.
  }
}
