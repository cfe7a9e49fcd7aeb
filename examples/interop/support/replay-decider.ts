/**
 * The skeleton of a decider written with the SDK client, as the frameworks' deciders work:
 * at each decision task it replays the execution's whole history and decides what to do next.
 * Each example gives the deciding part, written as that framework's decider decides.
 */
import {
  type Decision,
  type HistoryEvent,
  PollForDecisionTaskCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { EXAMPLE_WORKFLOW_TYPE, type ExampleSwf } from '../../support/example-swf.js';
import { readHistory } from '../../support/workflow.js';

/** The decisions for a history; `done` once the workflow is complete. */
export interface Decided {
  readonly decisions: Decision[];
  readonly done?: boolean;
}

/** Starts a workflow execution and runs its decider until `decide` says it is done. */
export async function runReplayDecider(
  swf: ExampleSwf,
  workflowId: string,
  decide: (history: readonly HistoryEvent[]) => Decided,
): Promise<void> {
  const taskList = swf.taskList('decisions');
  await swf.client.send(
    new StartWorkflowExecutionCommand({
      domain: swf.domain,
      workflowId,
      workflowType: EXAMPLE_WORKFLOW_TYPE,
      taskList: { name: taskList },
      executionStartToCloseTimeout: '600',
      taskStartToCloseTimeout: '30',
      childPolicy: 'TERMINATE',
    }),
  );
  for (;;) {
    const task = await swf.client.send(
      new PollForDecisionTaskCommand({
        domain: swf.domain,
        taskList: { name: taskList },
        identity: 'interop-decider',
        maximumPageSize: 1,
      }),
      { abortSignal: swf.signal },
    );
    if (!task.taskToken || !task.workflowExecution) continue;
    const history = await readHistory(swf.client, swf.domain, {
      workflowId: task.workflowExecution.workflowId ?? '',
      runId: task.workflowExecution.runId ?? '',
    });
    const { decisions, done } = decide(history);
    await swf.client.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }),
    );
    if (done) return;
  }
}

/** The scheduling attributes of the activity a close event (completed, failed, ...) belongs to. */
export function scheduledActivityOf(history: readonly HistoryEvent[], close: HistoryEvent) {
  const scheduledEventId = (
    close.activityTaskCompletedEventAttributes ??
    close.activityTaskFailedEventAttributes ??
    close.activityTaskCanceledEventAttributes ??
    close.activityTaskTimedOutEventAttributes
  )?.scheduledEventId;
  return history.find((event) => event.eventId === scheduledEventId)
    ?.activityTaskScheduledEventAttributes;
}
