import { inspect } from 'node:util';
import type { ActivityTask } from '@aws-sdk/client-swf';

/** How a task token appears in JSON, `toString` and logs: its first characters only. */
export function redactTaskToken(taskToken: string): string {
  return `${taskToken.slice(0, 6)}…(redacted)`;
}

/**
 * The task an activity is running: the fields of SWF's ActivityTask. The task token is
 * reachable as `taskToken` (for users who report progress themselves) but never printed:
 * `toString()`, `JSON.stringify` and `console.log` show it redacted.
 */
export class ActivityTaskInfo {
  readonly activityId: string;
  readonly activityType: { readonly name: string; readonly version: string };
  readonly workflowExecution: { readonly workflowId: string; readonly runId: string };
  /** The id of the ActivityTaskStarted event in the execution's history. */
  readonly startedEventId: number;
  /** The raw input string, as the decider sent it. */
  readonly input: string | undefined;
  /** The domain the task was polled from. */
  readonly domain: string;
  readonly #taskToken: string;

  /**
   * The info of a polled task (it must have a task token).
   *
   * @internal
   */
  constructor(task: ActivityTask, domain: string) {
    if (!task.taskToken) throw new TypeError('ActivityTaskInfo: the task has no taskToken');
    this.#taskToken = task.taskToken;
    this.activityId = task.activityId ?? '';
    this.activityType = {
      name: task.activityType?.name ?? '',
      version: task.activityType?.version ?? '',
    };
    this.workflowExecution = {
      workflowId: task.workflowExecution?.workflowId ?? '',
      runId: task.workflowExecution?.runId ?? '',
    };
    this.startedEventId = task.startedEventId ?? 0;
    this.input = task.input;
    this.domain = domain;
  }

  /** The task token: the handle on this task for every call to SWF. Keep it out of logs. */
  get taskToken(): string {
    return this.#taskToken;
  }

  /** The fields worth logging, with the token redacted. */
  toJSON(): Record<string, unknown> {
    return {
      activityId: this.activityId,
      activityType: this.activityType,
      workflowExecution: this.workflowExecution,
      startedEventId: this.startedEventId,
      domain: this.domain,
      taskToken: redactTaskToken(this.#taskToken),
    };
  }

  /** `ActivityTask(name@version activityId=... workflowId=...)`, without the token. */
  toString(): string {
    return `ActivityTask(${this.activityType.name}@${this.activityType.version} activityId=${this.activityId} workflowId=${this.workflowExecution.workflowId})`;
  }

  /** What `console.log` and `util.inspect` show: {@link ActivityTaskInfo.toJSON}. */
  [inspect.custom](): Record<string, unknown> {
    return this.toJSON();
  }
}
