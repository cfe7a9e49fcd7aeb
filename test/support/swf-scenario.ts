/**
 * Small building blocks for scenarios against the fake, all written with the real
 * `@aws-sdk/client-swf` as a user's decider and worker would be.
 */
import {
  type ActivityType,
  type Decision,
  type DecisionTask,
  DescribeWorkflowExecutionCommand,
  type DescribeWorkflowExecutionCommandOutput,
  GetWorkflowExecutionHistoryCommand,
  type HistoryEvent,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  type RegisterActivityTypeCommandInput,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  type RegisterWorkflowTypeCommandInput,
  RespondDecisionTaskCompletedCommand,
  type ScheduleActivityTaskDecisionAttributes,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  type StartWorkflowExecutionCommandInput,
  type SWFClient,
  type WorkflowExecution,
} from '@aws-sdk/client-swf';

export const DOMAIN = 'orders';
export const DECISION_TASK_LIST = 'deciders';
export const ACTIVITY_TASK_LIST = 'workers';
export const WORKFLOW_TYPE = { name: 'process-order', version: '1' } as const;
export const ACTIVITY_TYPE = { name: 'charge-card', version: '1' } as const;

/** The defaults the scenario's activity type registers (seconds, as SWF states them). */
export const ACTIVITY_DEFAULTS = {
  defaultTaskList: { name: ACTIVITY_TASK_LIST },
  defaultTaskScheduleToStartTimeout: '60',
  defaultTaskScheduleToCloseTimeout: '600',
  defaultTaskStartToCloseTimeout: '300',
  defaultTaskHeartbeatTimeout: '30',
  defaultTaskPriority: '0',
} as const;

/** The defaults the scenario's workflow type registers. */
export const WORKFLOW_DEFAULTS = {
  defaultTaskList: { name: DECISION_TASK_LIST },
  defaultExecutionStartToCloseTimeout: '3600',
  defaultTaskStartToCloseTimeout: '30',
  defaultChildPolicy: 'TERMINATE',
} as const;

/** A workflow execution whose both ids are known. */
export interface Run {
  readonly workflowId: string;
  readonly runId: string;
}

export async function registerDomain(client: SWFClient, name: string = DOMAIN): Promise<void> {
  await client.send(
    new RegisterDomainCommand({ name, workflowExecutionRetentionPeriodInDays: '1' }),
  );
}

export async function registerWorkflowType(
  client: SWFClient,
  input: Partial<RegisterWorkflowTypeCommandInput> = {},
): Promise<void> {
  await client.send(
    new RegisterWorkflowTypeCommand({
      domain: DOMAIN,
      ...WORKFLOW_TYPE,
      ...WORKFLOW_DEFAULTS,
      ...input,
    }),
  );
}

export async function registerActivityType(
  client: SWFClient,
  input: Partial<RegisterActivityTypeCommandInput> = {},
): Promise<void> {
  await client.send(
    new RegisterActivityTypeCommand({
      domain: DOMAIN,
      ...ACTIVITY_TYPE,
      ...ACTIVITY_DEFAULTS,
      ...input,
    }),
  );
}

/** Registers the scenario's domain, workflow type and activity type, with every default. */
export async function registerAll(client: SWFClient): Promise<void> {
  await registerDomain(client);
  await registerWorkflowType(client);
  await registerActivityType(client);
}

export async function startRun(
  client: SWFClient,
  workflowId: string,
  input: Partial<StartWorkflowExecutionCommandInput> = {},
): Promise<Run> {
  const { runId } = await client.send(
    new StartWorkflowExecutionCommand({
      domain: DOMAIN,
      workflowId,
      workflowType: WORKFLOW_TYPE,
      ...input,
    }),
  );
  if (runId === undefined) throw new Error('StartWorkflowExecution answered no runId');
  return { workflowId, runId };
}

/** DescribeWorkflowExecution of a run in the scenario's domain. */
export function describeRun(
  client: SWFClient,
  run: WorkflowExecution,
): Promise<DescribeWorkflowExecutionCommandOutput> {
  return client.send(new DescribeWorkflowExecutionCommand({ domain: DOMAIN, execution: run }));
}

/** Signals the open run of `run.workflowId` in the scenario's domain. */
export async function signal(
  client: SWFClient,
  run: Run,
  signalName: string = 'wake up',
): Promise<void> {
  await client.send(
    new SignalWorkflowExecutionCommand({ domain: DOMAIN, workflowId: run.workflowId, signalName }),
  );
}

/** A decision task with its whole history, every page read. */
export interface FullDecisionTask extends DecisionTask {
  readonly taskToken: string;
  readonly events: HistoryEvent[];
  readonly pages: number;
}

/** Polls for a decision task and reads every page of its history. */
export async function pollDecisionTask(
  client: SWFClient,
  options: { taskList?: string; maximumPageSize?: number; identity?: string } = {},
): Promise<FullDecisionTask> {
  const request = {
    domain: DOMAIN,
    taskList: { name: options.taskList ?? DECISION_TASK_LIST },
    identity: options.identity ?? 'decider-1',
    maximumPageSize: options.maximumPageSize,
  };
  const first = await client.send(new PollForDecisionTaskCommand(request));
  if (!first.taskToken) throw new Error('The poll for a decision task came back empty');
  const events = [...(first.events ?? [])];
  let pages = 1;
  for (let token = first.nextPageToken; token !== undefined; ) {
    const page = await client.send(
      new PollForDecisionTaskCommand({ ...request, nextPageToken: token }),
    );
    expectSameTask(page, first);
    events.push(...(page.events ?? []));
    token = page.nextPageToken;
    pages++;
  }
  return { ...first, taskToken: first.taskToken, events, pages };
}

function expectSameTask(page: DecisionTask, first: DecisionTask): void {
  if (page.taskToken !== first.taskToken || page.startedEventId !== first.startedEventId) {
    throw new Error('A further page of the history belongs to another decision task');
  }
}

/** Polls for the next decision task and answers it with `decisions`. */
export async function decide(
  client: SWFClient,
  decisions: Decision[],
  options: { taskList?: string; executionContext?: string } = {},
): Promise<FullDecisionTask> {
  const task = await pollDecisionTask(client, options);
  await client.send(
    new RespondDecisionTaskCompletedCommand({
      taskToken: task.taskToken,
      decisions,
      executionContext: options.executionContext,
    }),
  );
  return task;
}

/** A ScheduleActivityTask decision for the scenario's activity type. */
export function scheduleActivity(
  activityId: string,
  attributes: Partial<ScheduleActivityTaskDecisionAttributes> & {
    activityType?: ActivityType;
  } = {},
): Decision {
  return {
    decisionType: 'ScheduleActivityTask',
    scheduleActivityTaskDecisionAttributes: {
      activityType: ACTIVITY_TYPE,
      activityId,
      ...attributes,
    },
  };
}

/** A RequestCancelActivityTask decision. */
export function requestCancelActivity(activityId: string): Decision {
  return {
    decisionType: 'RequestCancelActivityTask',
    requestCancelActivityTaskDecisionAttributes: { activityId },
  };
}

/** A StartTimer decision. */
export function startTimer(timerId: string, seconds: number, control?: string): Decision {
  return {
    decisionType: 'StartTimer',
    startTimerDecisionAttributes: { timerId, startToFireTimeout: String(seconds), control },
  };
}

/** A CompleteWorkflowExecution decision. */
export function completeWorkflow(result?: string): Decision {
  return {
    decisionType: 'CompleteWorkflowExecution',
    completeWorkflowExecutionDecisionAttributes: { result },
  };
}

/** Polls the scenario's activity task list once and insists on a task. */
export async function pollActivityTask(
  client: SWFClient,
  taskList: string = ACTIVITY_TASK_LIST,
  domain: string = DOMAIN,
): Promise<{ taskToken: string; activityId: string; startedEventId: number; input?: string }> {
  const task = await client.send(
    new PollForActivityTaskCommand({ domain, taskList: { name: taskList }, identity: 'worker-1' }),
  );
  if (!task.taskToken || task.activityId === undefined || task.startedEventId === undefined) {
    throw new Error('The poll for an activity task came back empty');
  }
  return {
    taskToken: task.taskToken,
    activityId: task.activityId,
    startedEventId: task.startedEventId,
    ...(task.input === undefined ? {} : { input: task.input }),
  };
}

/** The whole history of a run through GetWorkflowExecutionHistory, every page read. */
export async function historyOf(
  client: SWFClient,
  execution: WorkflowExecution,
  domain: string = DOMAIN,
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await client.send(
      new GetWorkflowExecutionHistoryCommand({ domain, execution, nextPageToken }),
    );
    events.push(...(page.events ?? []));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken !== undefined);
  return events;
}

/** The event types of a history, in order. */
export function typesOf(events: readonly HistoryEvent[]): string[] {
  return events.map((event) => event.eventType ?? '?');
}

/** The last event of a type, or a failure naming the types there are. */
export function lastEvent(events: readonly HistoryEvent[], eventType: string): HistoryEvent {
  const event = events.findLast((candidate) => candidate.eventType === eventType);
  if (event === undefined) {
    throw new Error(`No ${eventType} event in [${typesOf(events).join(', ')}]`);
  }
  return event;
}

/** What a failed call rejected with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('The call succeeded where it should have failed');
    },
    (error: unknown) => error,
  );
}
