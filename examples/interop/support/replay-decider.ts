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
import { type ActivityDefinition, ActivityWorker } from 'swf-activity-worker';
import {
  connectExampleSwf,
  EXAMPLE_WORKFLOW_TYPE,
  type ExampleSwf,
} from '../../support/example-swf.js';
import { readHistory } from '../../support/workflow.js';

/** The decisions for a history, and how many activities are still to wait for. */
export interface Decided {
  readonly decisions: Decision[];
  /** Activities running or to be retried: the workflow completes when none is left. */
  readonly open: number;
}

/** What {@link runInteropExample} runs. */
export interface InteropExample {
  /** The activities the TypeScript worker serves; it registers their types as it starts. */
  readonly activities: readonly ActivityDefinition[];
  /** The name of the task list the activities are scheduled on. */
  readonly taskList: string;
  readonly workflowId: string;
  /** The framework's decider: from the whole history, what to do next. */
  decide(history: readonly HistoryEvent[], taskList: string): Decided;
}

/**
 * Runs an example: SWF (the fake unless `SWF_EXAMPLES_REAL=1`), a TypeScript worker serving the
 * activities, and the framework's decider until its workflow completes.
 */
export async function runInteropExample(example: InteropExample): Promise<void> {
  const swf = await connectExampleSwf([]);
  const taskList = swf.taskList(example.taskList);
  const worker = new ActivityWorker({
    client: swf.client,
    domain: swf.domain,
    taskList,
    activities: example.activities,
    // As Java Flow and simpleflow workers do: the types, with their definitions' timeouts.
    registerActivityTypes: true,
  });
  worker.on('warning', ({ message }) => console.log(`worker warning: ${message}`));
  const running = worker.run();
  await runReplayDecider(swf, example.workflowId, (history) => example.decide(history, taskList));
  console.log('decider: workflow completed');
  await swf.finish(worker);
  await running;
}

/** Starts a workflow execution and runs its decider until no activity is left open. */
async function runReplayDecider(
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
    const refused = history.find((event) =>
      /^(ScheduleActivityTask|StartTimer)Failed$/.test(event.eventType ?? ''),
    );
    if (refused !== undefined)
      throw new Error(`SWF refused a decision: ${JSON.stringify(refused)}`);
    const { decisions, open } = decide(history);
    if (open === 0) {
      decisions.push({
        decisionType: 'CompleteWorkflowExecution',
        completeWorkflowExecutionDecisionAttributes: {},
      });
    }
    await swf.client.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions }),
    );
    if (open === 0) return;
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
