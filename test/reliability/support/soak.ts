/**
 * The chaos soak: several {@link ActivityWorker}s run many activities against the fake SWF
 * over its HTTP server on 127.0.0.1, while faults hit every operation (errors, throttling,
 * delays, dropped connections), deciders ask to cancel at random, and handlers fail, run
 * slow, or ignore cancellation. Afterwards the histories and the service's own records are
 * checked: every activity closed exactly once, no task lost, no response accepted twice, no
 * heartbeat timeout that a fault does not explain, no unhandled rejection, no task token in
 * any output.
 *
 * Shared by `npm run soak` (large) and the reliability tests (small).
 */
import {
  type ActivityType,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import {
  type ActivityContext,
  ActivityWorker,
  type ActivityWorkerOptions,
  defineActivity,
  systemClock,
  WORKER_EVENT_TYPES,
  type WorkerEvent,
  type WorkerEventType,
} from 'swf-activity-worker';
import {
  type ActivityTaskReference,
  createInProcessClient,
  FakeSwf,
  type FaultRule,
  type SwfHttpServer,
  seededRandom,
  startHttpServer,
} from 'swf-activity-worker/fake';
import { sleep } from '../../../src/clock/clock.js';
import { activityEvents } from '../../support/activity-history.js';
import {
  captureProcessOutput,
  capturingLogger,
  OutputSink,
  render,
  TokenScanner,
} from './output-capture.js';
import { type CallRecord, RecordingService } from './recording-service.js';

/** How big and how hostile a soak is. */
export interface SoakOptions {
  /** Activities to schedule. */
  readonly activities: number;
  /** Workers, each with its own SWF client, polling the same task list. */
  readonly workers: number;
  /** Tasks each worker runs at once. */
  readonly maxConcurrentTasks: number;
  /** The heartbeat timeout of every task, in whole seconds (SWF's unit). */
  readonly heartbeatTimeoutSeconds: number;
  /** The start-to-close timeout of every task, in whole seconds. */
  readonly startToCloseTimeoutSeconds: number;
  /** Scheduling is spread over this long. */
  readonly scheduleOverMs: number;
  /** How long a poll waits before it answers empty. */
  readonly pollTimeoutMs: number;
  /** Multiplies the probability of every fault (1: about one call in seven is hit). */
  readonly faultScale: number;
  /** The seed of every random choice: the same seed plans the same run. */
  readonly seed: number;
  /** How long the activities may take to close, at most, before the run is called stuck. */
  readonly maxRunMs: number;
  /** Receives progress lines. */
  readonly progress?: (line: string) => void;
  /** Keep what the run writes to the console out of the terminal (it is still scanned). */
  readonly quiet?: boolean;
}

/** A run small enough for every `npm test`. */
export const CI_SOAK: SoakOptions = {
  activities: 80,
  workers: 4,
  maxConcurrentTasks: 8,
  heartbeatTimeoutSeconds: 2,
  startToCloseTimeoutSeconds: 30,
  scheduleOverMs: 1_000,
  pollTimeoutMs: 1_000,
  faultScale: 1,
  seed: 1,
  maxRunMs: 60_000,
};

/** The full soak of `npm run soak`. */
export const FULL_SOAK: SoakOptions = {
  activities: 1_000,
  workers: 4,
  maxConcurrentTasks: 25,
  heartbeatTimeoutSeconds: 3,
  startToCloseTimeoutSeconds: 60,
  scheduleOverMs: 30_000,
  pollTimeoutMs: 2_000,
  faultScale: 1,
  seed: 1,
  maxRunMs: 600_000,
};

/** The faults injected on every operation, at `faultScale` 1: about 14 % of all calls. */
const FAULTS: readonly FaultRule[] = [
  { error: 'InternalFailure', probability: 0.03 },
  { error: 'ServiceUnavailable', probability: 0.01 },
  { error: 'ThrottlingException', probability: 0.02 },
  { drop: 'request', probability: 0.02 },
  { drop: 'response', probability: 0.02 },
  { delayMs: 150, probability: 0.04 },
  { delayMs: 600, probability: 0.01 },
];

/** A call that took at least this long was held up by an injected delay. */
const DELAYED_CALL_MS = 140;

/** What a soak found. */
export interface SoakReport {
  readonly options: SoakOptions;
  readonly elapsedMs: number;
  readonly counts: SoakCounts;
  /** Broken invariants, one line each; empty when the run was clean. */
  readonly violations: readonly string[];
  /** What explains each timeout of a task a worker was running. */
  readonly notes: readonly string[];
  /** The one-line summary. */
  readonly summary: string;
}

/** The tallies of a soak. */
export interface SoakCounts {
  scheduled: number;
  closedOnce: number;
  closedTwiceOrMore: number;
  neverClosed: number;
  completed: number;
  failed: number;
  canceled: number;
  timedOut: number;
  /** Tasks a poll handed out (the answer reached the worker's socket). */
  handed: number;
  /** Tasks whose handler ran. */
  delivered: number;
  /** Tasks started but never closed, or delivered with no outcome at the worker. */
  lost: number;
  /** Tokens on which the model accepted more than one response. */
  acceptedTwice: number;
  /** Responses the model accepted. */
  acceptedResponses: number;
  cancelRequests: number;
  /** Timeouts of tasks whose poll answer was dropped: no worker ever had them. */
  timeoutsOfUndeliveredTasks: number;
  /** Heartbeat timeouts of running tasks whose calls were hit by injected faults. */
  timeoutsExplainedByFaults: number;
  /** Timeouts of running tasks with nothing to explain them: a worker bug. */
  timeoutsWhileHealthy: number;
  unhandledRejections: number;
  /** Lines of output (logs, events, console) that hold a whole task token. */
  tokenLeaks: number;
  outputChars: number;
  calls: number;
  faultedCalls: number;
  pollErrors: number;
  respondFailed: number;
  heartbeatFailed: number;
}

interface Plan {
  readonly kind: 'quick' | 'slow' | 'fail' | 'oversize' | 'ignoreCancel';
  readonly ms: number;
  readonly progress?: boolean;
}

const DOMAIN = 'soak';
const TASK_LIST = 'soak';
/** Its timeouts come from DescribeActivityType (registered defaults). */
const REGISTERED_TYPE: ActivityType = { name: 'soak-registered', version: '1' };
/** Registered without defaults: its timeouts come from the task's history. */
const HISTORY_TYPE: ActivityType = { name: 'soak-history', version: '1' };

/** Runs one soak and checks it. Never throws for a broken invariant: see `violations`. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const progress = options.progress ?? (() => {});
  const random = seededRandom(options.seed);
  const sink = new OutputSink();
  const stopCapture = captureProcessOutput(sink, options.quiet ?? false);
  let unhandledRejections = 0;
  const onUnhandled = (reason: unknown): void => {
    unhandledRejections += 1;
    sink.write(`unhandledRejection ${render(reason)}`);
  };
  process.on('unhandledRejection', onUnhandled);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const startedAt = Date.now();

  const fake = new FakeSwf({ pollTimeoutMs: options.pollTimeoutMs, throttling: true });
  const service = new RecordingService(fake);
  let server: SwfHttpServer | undefined;
  const clients: SWFClient[] = [];
  const workers: { worker: ActivityWorker; running: Promise<void> }[] = [];
  const taskEvents = new Map<string, WorkerEvent[]>();
  const eventCounts = new Map<WorkerEventType, number>();
  const references: ActivityTaskReference[] = [];
  let cancelRequests = 0;

  try {
    server = await startHttpServer(service);
    const { url } = server;
    await register(fake, options);
    for (const [index, rule] of FAULTS.entries()) {
      fake.faults.inject({
        ...rule,
        probability: Math.min(1, (rule.probability ?? 0) * options.faultScale),
        seed: options.seed * 100 + index,
      });
    }

    const activity = (type: ActivityType) =>
      defineActivity<Plan, unknown>({
        name: type.name ?? '',
        version: type.version ?? '',
        handler: (plan, ctx) => runPlan(plan, ctx),
      });
    for (let index = 0; index < options.workers; index++) {
      const client = new SWFClient({
        region: 'us-east-1',
        endpoint: url,
        credentials: { accessKeyId: 'AKIDSOAK', secretAccessKey: 'soak-secret' },
      });
      clients.push(client);
      const workerOptions: ActivityWorkerOptions = {
        client,
        domain: DOMAIN,
        taskList: TASK_LIST,
        activities: [activity(REGISTERED_TYPE), activity(HISTORY_TYPE)],
        maxConcurrentTasks: options.maxConcurrentTasks,
        identity: `soak-worker-${index + 1}`,
        logger: capturingLogger(sink),
        // Each worker stands for a process of its own, with its own budget of heartbeats.
        heartbeatBudget: {},
        pollBackoff: { minMs: 100, maxMs: 2_000 },
        // Heartbeat timeouts of seconds: beat that often too while a task's timeouts are being
        // found (the default, 5 s, suits SWF's usual timeouts of minutes).
        heartbeat: { intervalWhenUnknownMs: (options.heartbeatTimeoutSeconds * 1000) / 3 },
      };
      const worker = new ActivityWorker(workerOptions);
      for (const type of WORKER_EVENT_TYPES) {
        worker.on(type, (event) => {
          sink.write(`event ${render(event)}`);
          eventCounts.set(type, (eventCounts.get(type) ?? 0) + 1);
          if ('task' in event && event.task !== undefined) {
            const key = taskKey(event.task.workflowExecution.workflowId, event.task.activityId);
            let list = taskEvents.get(key);
            if (list === undefined) {
              list = [];
              taskEvents.set(key, list);
            }
            list.push(event);
          }
        });
      }
      workers.push({ worker, running: worker.run() });
    }

    // Schedule in ticks spread over scheduleOverMs; some get a cancel request later on.
    const heartbeatMs = options.heartbeatTimeoutSeconds * 1000;
    const ticks = Math.max(1, Math.round(options.scheduleOverMs / 50));
    for (let tick = 0; tick < ticks; tick++) {
      const until = Math.round(((tick + 1) * options.activities) / ticks);
      while (references.length < until) {
        const number = references.length + 1;
        const type = random() < 0.5 ? REGISTERED_TYPE : HISTORY_TYPE;
        const planned = plan(random, heartbeatMs);
        const reference = fake.scheduleActivityTask({
          domain: DOMAIN,
          taskList: TASK_LIST,
          activityType: { name: type.name ?? '', version: type.version ?? '' },
          activityId: `soak-${number}`,
          input: JSON.stringify(planned),
          heartbeatTimeout: options.heartbeatTimeoutSeconds,
          startToCloseTimeout: options.startToCloseTimeoutSeconds,
          scheduleToStartTimeout: 'NONE',
          scheduleToCloseTimeout: 'NONE',
        });
        references.push(reference);
        // Slow tasks hear of a cancellation from a heartbeat; quick ones mostly finish first.
        if (random() < (planned.kind === 'slow' ? 0.4 : 0.1)) {
          const timer = setTimeout(
            () => {
              timers.delete(timer);
              if (fake.closed || fake.activityTask(reference).status === 'CLOSED') return;
              cancelRequests += 1;
              fake.requestActivityTaskCancel(reference);
            },
            // Mostly while the task waits or runs; now and then after it closed.
            Math.round(random() * (planned.ms + 500)),
          );
          timers.add(timer);
        }
      }
      await sleep(systemClock, 50);
    }
    progress(`scheduled ${references.length} activities in ${Date.now() - startedAt} ms`);

    const waitUntil = Date.now() + options.maxRunMs;
    let open = references.length;
    let reportedAt = Date.now();
    while (open > 0 && Date.now() < waitUntil) {
      await sleep(systemClock, 200);
      open = references.filter((ref) => fake.activityTask(ref).status !== 'CLOSED').length;
      if (Date.now() - reportedAt >= 10_000) {
        reportedAt = Date.now();
        progress(`${references.length - open} of ${references.length} activities closed`);
      }
    }
    progress(`all closed after ${Date.now() - startedAt} ms; shutting the workers down`);
    await Promise.all(workers.map(({ worker }) => worker.shutdown({ graceMs: 5_000 })));
    await Promise.all(workers.map(({ running }) => running));
  } finally {
    for (const timer of timers) clearTimeout(timer);
    for (const { worker } of workers) void worker.shutdown({ graceMs: 0 });
    await Promise.allSettled(workers.map(({ running }) => running));
    for (const client of clients) client.destroy();
    await server?.close();
    fake.close();
    // Let rejections of the last turns be reported before counting them.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);
    stopCapture();
  }

  const elapsedMs = Date.now() - startedAt;
  const { counts, violations, notes } = check({
    fake,
    service,
    references,
    taskEvents,
    eventCounts,
    options,
    sink,
  });
  counts.cancelRequests = cancelRequests;
  counts.unhandledRejections = unhandledRejections;
  if (unhandledRejections > 0) violations.push(`${unhandledRejections} unhandled rejection(s)`);
  return {
    options,
    elapsedMs,
    counts,
    violations,
    notes,
    summary: summarize(options, counts, elapsedMs, violations.length),
  };
}

async function register(fake: FakeSwf, options: SoakOptions): Promise<void> {
  const admin = createInProcessClient(fake);
  try {
    await admin.send(
      new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' }),
    );
    await admin.send(
      new RegisterActivityTypeCommand({
        domain: DOMAIN,
        name: REGISTERED_TYPE.name,
        version: REGISTERED_TYPE.version,
        defaultTaskList: { name: TASK_LIST },
        defaultTaskHeartbeatTimeout: String(options.heartbeatTimeoutSeconds),
        defaultTaskStartToCloseTimeout: String(options.startToCloseTimeoutSeconds),
        defaultTaskScheduleToStartTimeout: 'NONE',
        defaultTaskScheduleToCloseTimeout: 'NONE',
      }),
    );
    await admin.send(
      new RegisterActivityTypeCommand({
        domain: DOMAIN,
        name: HISTORY_TYPE.name,
        version: HISTORY_TYPE.version,
      }),
    );
  } finally {
    admin.destroy();
  }
}

/** What one activity's handler will do. */
function plan(random: () => number, heartbeatMs: number): Plan {
  const roll = random();
  if (roll < 0.55) return { kind: 'quick', ms: Math.round(10 + random() * 400) };
  if (roll < 0.75) {
    // Outlives the heartbeat timeout: only heartbeats keep it alive.
    return {
      kind: 'slow',
      ms: Math.round(heartbeatMs * (1.3 + random() * 1.2)),
      progress: random() < 0.5,
    };
  }
  if (roll < 0.87) return { kind: 'fail', ms: Math.round(random() * 200) };
  if (roll < 0.9) return { kind: 'oversize', ms: 0 };
  return { kind: 'ignoreCancel', ms: Math.round(200 + random() * heartbeatMs) };
}

async function runPlan(plan: Plan, ctx: ActivityContext): Promise<unknown> {
  switch (plan.kind) {
    case 'quick':
      await ctx.sleep(plan.ms);
      return { ok: true };
    case 'slow': {
      const step = 250;
      for (let elapsed = 0; elapsed < plan.ms; elapsed += step) {
        await ctx.sleep(Math.min(step, plan.ms - elapsed));
        if (plan.progress) ctx.heartbeat({ elapsed });
      }
      return { ok: true, ms: plan.ms };
    }
    case 'fail':
      await ctx.sleep(plan.ms);
      throw new Error('planned failure');
    case 'oversize':
      // Over SWF's 32,768 characters: the worker fails the task with ResultTooLargeError.
      return 'x'.repeat(40_000);
    case 'ignoreCancel':
      // Finishes its work whatever the signal says, as SWF allows.
      await sleep(systemClock, plan.ms);
      return { cancelRequested: ctx.signal.aborted };
  }
}

interface CheckInput {
  readonly fake: FakeSwf;
  readonly service: RecordingService;
  readonly references: readonly ActivityTaskReference[];
  readonly taskEvents: ReadonlyMap<string, readonly WorkerEvent[]>;
  readonly eventCounts: ReadonlyMap<WorkerEventType, number>;
  readonly options: SoakOptions;
  readonly sink: OutputSink;
}

function check(input: CheckInput): {
  counts: SoakCounts;
  violations: string[];
  notes: string[];
} {
  const { fake, service, references, taskEvents, eventCounts, options, sink } = input;
  const violations: string[] = [];
  const notes: string[] = [];
  const counts: SoakCounts = {
    scheduled: references.length,
    closedOnce: 0,
    closedTwiceOrMore: 0,
    neverClosed: 0,
    completed: 0,
    failed: 0,
    canceled: 0,
    timedOut: 0,
    handed: service.handed.length,
    delivered: 0,
    lost: 0,
    acceptedTwice: 0,
    acceptedResponses: 0,
    cancelRequests: 0,
    timeoutsOfUndeliveredTasks: 0,
    timeoutsExplainedByFaults: 0,
    timeoutsWhileHealthy: 0,
    unhandledRejections: 0,
    tokenLeaks: 0,
    outputChars: sink.length,
    calls: 0,
    faultedCalls: 0,
    pollErrors: eventCounts.get('pollError') ?? 0,
    respondFailed: eventCounts.get('respondFailed') ?? 0,
    heartbeatFailed: eventCounts.get('heartbeatFailed') ?? 0,
  };
  const complain = (message: string): void => {
    if (violations.length < 50) violations.push(message);
  };

  const handedByKey = new Map<string, string>();
  for (const task of service.handed) {
    const key = taskKey(task.workflowId, task.activityId);
    if (handedByKey.has(key)) complain(`${key} was handed out by two polls`);
    handedByKey.set(key, task.taskToken);
  }
  const callsByToken = new Map<string, CallRecord[]>();
  const callsByExecution = new Map<string, CallRecord[]>();
  for (const call of service.tokenCalls) {
    for (const [index, key] of [
      [callsByToken, call.taskToken],
      [callsByExecution, call.workflowId],
    ] as const) {
      if (key === undefined) continue;
      let list = index.get(key);
      if (list === undefined) {
        list = [];
        index.set(key, list);
      }
      list.push(call);
    }
  }
  const handedAt = new Map(
    service.handed.map((task) => [taskKey(task.workflowId, task.activityId), task.at]),
  );
  for (const outcomes of service.calls.values()) {
    for (const [outcome, count] of outcomes) {
      counts.calls += count;
      if (outcome !== 'ok') counts.faultedCalls += count;
    }
  }

  const executionCalls = (reference: ActivityTaskReference, token: string): CallRecord[] =>
    [
      ...(callsByExecution.get(reference.workflowExecution.workflowId) ?? []),
      ...(callsByToken.get(token) ?? []),
    ].sort((a, b) => a.arrivedAt - b.arrivedAt);
  const heartbeatMs = options.heartbeatTimeoutSeconds * 1000;
  for (const reference of references) {
    const key = taskKey(reference.workflowExecution.workflowId, reference.activityId);
    const history = fake.history(reference.domain, reference.workflowExecution);
    const { scheduled, started, closes } = activityEvents(history, reference.activityId);
    if (scheduled.length !== 1) complain(`${key} was scheduled ${scheduled.length} times`);
    if (closes.length === 1) counts.closedOnce += 1;
    else if (closes.length === 0) {
      counts.neverClosed += 1;
      complain(`${key} never closed`);
    } else {
      counts.closedTwiceOrMore += 1;
      complain(`${key} closed ${closes.length} times: ${closes.map((e) => e.eventType)}`);
    }
    if (started.length > 1) complain(`${key} started ${started.length} times`);
    if (started.length === 1 && closes.length === 0) counts.lost += 1;

    const close = closes[0];
    switch (close?.eventType) {
      case 'ActivityTaskCompleted':
        counts.completed += 1;
        break;
      case 'ActivityTaskFailed':
        counts.failed += 1;
        break;
      case 'ActivityTaskCanceled':
        counts.canceled += 1;
        break;
      case 'ActivityTaskTimedOut':
        counts.timedOut += 1;
        break;
    }

    // The worker's side: a task whose handler ran ends with exactly one outcome.
    const events = taskEvents.get(key) ?? [];
    const delivered = events.some((event) => event.type === 'taskStarted');
    if (delivered) counts.delivered += 1;
    const ends = events.filter(
      (event) =>
        event.type === 'taskResponded' ||
        event.type === 'taskGone' ||
        event.type === 'respondFailed',
    );
    if (delivered && ends.length !== 1) {
      counts.lost += ends.length === 0 ? 1 : 0;
      complain(`${key}: the worker ended it ${ends.length} times (${ends.map((e) => e.type)})`);
    }
    const token = handedByKey.get(key);
    if (token !== undefined) {
      const accepted = (callsByToken.get(token) ?? []).filter((call) => call.accepted).length;
      counts.acceptedResponses += accepted;
      if (accepted > 1) {
        counts.acceptedTwice += 1;
        complain(`${key}: ${accepted} responses were accepted`);
      }
    }
    if (close?.eventType === 'ActivityTaskTimedOut') {
      const timeoutType = close.activityTaskTimedOutEventAttributes?.timeoutType;
      if (token === undefined) {
        // Started by a poll whose answer was dropped: SWF times such a task out, as it should.
        counts.timeoutsOfUndeliveredTasks += 1;
      } else if (
        timeoutType === 'HEARTBEAT' &&
        faultBurstBefore(callsByToken.get(token) ?? [], close.eventTimestamp * 1000, heartbeatMs)
      ) {
        counts.timeoutsExplainedByFaults += 1;
        notes.push(
          `${key} timed out (HEARTBEAT) in a fault burst: ${describeTask(events, executionCalls(reference, token), close.eventTimestamp * 1000)}`,
        );
      } else {
        counts.timeoutsWhileHealthy += 1;
        const at = close.eventTimestamp * 1000;
        const calls = executionCalls(reference, token);
        complain(
          `${key} timed out (${timeoutType}) ${Math.round(at - (handedAt.get(key) ?? at))} ms after a poll handed it out, while its worker was healthy: ${describeTask(events, calls, at)}`,
        );
      }
    }
  }

  const scanner = new TokenScanner();
  scanner.add(service.issuedTokens);
  const leaks = sink.findTokens(scanner);
  counts.tokenLeaks = leaks.length;
  for (const leak of leaks.slice(0, 3)) {
    complain(`a full task token appears in the output: ${leak.slice(0, 300)}`);
  }
  return { counts, violations, notes };
}

/**
 * Whether a fault burst explains a heartbeat timeout at `at`: the worker did call on the task
 * (heartbeats, responses) in the heartbeat window before it, and injected faults (errors,
 * drops, delays) hit every one of those calls.
 */
function faultBurstBefore(calls: readonly CallRecord[], at: number, windowMs: number): boolean {
  const inWindow = calls.filter((call) => call.arrivedAt > at - windowMs && call.arrivedAt <= at);
  return (
    inWindow.length > 0 &&
    inWindow.every(
      (call) => call.outcome !== 'ok' || call.answeredAt - call.arrivedAt >= DELAYED_CALL_MS,
    )
  );
}

function describeTask(
  events: readonly WorkerEvent[],
  calls: readonly { operation: string; arrivedAt: number; answeredAt: number; outcome: string }[],
  at: number,
): string {
  const relative = (time: number) => `${time - at >= 0 ? '+' : ''}${time - at}ms`;
  const shown = calls.map(
    (call) =>
      `${call.operation.replace('ActivityTask', '')}@${relative(call.arrivedAt)}..${relative(call.answeredAt)}:${call.outcome}`,
  );
  return `events [${events.map((event) => event.type).join(', ')}]; calls [${shown.join(', ')}]`;
}

function summarize(
  options: SoakOptions,
  counts: SoakCounts,
  elapsedMs: number,
  violations: number,
): string {
  return [
    `soak ${violations === 0 ? 'passed' : 'FAILED'}:`,
    `${counts.scheduled} activities, ${options.workers} workers, ${(elapsedMs / 1000).toFixed(1)} s;`,
    `closed exactly once ${counts.closedOnce}/${counts.scheduled}`,
    `(completed ${counts.completed}, failed ${counts.failed}, canceled ${counts.canceled}, timed out ${counts.timedOut});`,
    `lost ${counts.lost}; closed twice ${counts.closedTwiceOrMore}; responses accepted twice ${counts.acceptedTwice} (accepted ${counts.acceptedResponses});`,
    `heartbeat timeouts while healthy ${counts.timeoutsWhileHealthy}`,
    `(explained: ${counts.timeoutsOfUndeliveredTasks} poll answers dropped, ${counts.timeoutsExplainedByFaults} fault bursts);`,
    `unhandled rejections ${counts.unhandledRejections}; token leaks ${counts.tokenLeaks};`,
    `calls ${counts.calls} (${counts.faultedCalls} faulted), cancel requests ${counts.cancelRequests}, seed ${options.seed}`,
  ].join(' ');
}

function taskKey(workflowId: string, activityId: string): string {
  return `${workflowId}/${activityId}`;
}
