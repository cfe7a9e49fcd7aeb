/**
 * Completion by task token: an activity that waits for a person's approval without holding a
 * slot or heartbeating from its handler for hours.
 *
 * - The `requestApproval` handler files the request with the approval desk (handing on its task
 *   token), then ends with `ctx.completeLater()`: its slot is free at once, so one worker with a
 *   single slot has three approvals waiting together.
 * - The approval desk, another part of the program, keeps each task alive with
 *   `ActivityTaskClient.keepAlive()` and listens on 127.0.0.1 for decisions over HTTP:
 *   `POST /requests/<id>/approve?by=<name>` completes the task, `.../reject` fails it. A task
 *   the decider asks to cancel meanwhile is reported canceled.
 * - The approvers are played here by `fetch` calls to the desk.
 *
 *   npm run example examples/approval.ts
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { SWFClient } from '@aws-sdk/client-swf';
import {
  ActivityCancelledError,
  ActivityTaskClient,
  type ActivityTaskKeepAlive,
  ActivityWorker,
  defineActivity,
  TaskGoneError,
} from 'swf-activity-worker';
import { connectExampleSwf } from './support/example-swf.js';
import { startWorkflow } from './support/workflow.js';

interface ApprovalRequest {
  readonly id: string;
  readonly amount: number;
}

interface Approval {
  readonly approved: true;
  readonly by: string;
}

/** Approval requests waiting for a person, each with the task that waits for it. */
class ApprovalDesk {
  readonly #waiting = new Map<
    string,
    { task: ActivityTaskClient<Approval>; alive: ActivityTaskKeepAlive }
  >();

  constructor(
    private readonly client: SWFClient,
    /** Told when the workflow withdrew a request. */
    private readonly onWithdrawn: (id: string) => void,
  ) {}

  // #region desk
  /** Files a request: from now on the desk keeps its task alive and reports its outcome. */
  file(request: ApprovalRequest, taskToken: string, heartbeatTimeoutMs: number): void {
    const task = new ActivityTaskClient<Approval>(this.client, taskToken, { heartbeatTimeoutMs });
    const alive = task.keepAlive();
    this.#waiting.set(request.id, { task, alive });
    alive.heartbeat({ waitingFor: 'approval', amount: request.amount });
    alive.signal.addEventListener('abort', () => {
      if (!(alive.signal.reason instanceof ActivityCancelledError)) return;
      // The decider withdrew the request: say so, and forget it.
      this.#waiting.delete(request.id);
      void task.cancel('withdrawn by the workflow before anyone decided').then(() => {
        console.log(`${request.id}: withdrawn by the workflow, reported canceled`);
        this.onWithdrawn(request.id);
      });
    });
  }

  /** A person's decision; answers the HTTP status for it. */
  async decide(id: string, decision: 'approve' | 'reject', by: string): Promise<number> {
    const waiting = this.#waiting.get(id);
    if (waiting === undefined) return 404;
    this.#waiting.delete(id);
    try {
      if (decision === 'approve') await waiting.task.complete({ approved: true, by });
      else await waiting.task.fail(new Error(`rejected by ${by}`));
      return 200;
    } catch (error) {
      if (error instanceof TaskGoneError) return 410; // timed out or closed meanwhile
      throw error;
    }
  }
  // #endregion

  /** Stops keeping the tasks still waiting alive (the example is over). */
  close(): void {
    for (const { alive } of this.#waiting.values()) alive.stop();
    this.#waiting.clear();
  }
}

const swf = await connectExampleSwf([
  { name: 'requestApproval', version: '1', heartbeatTimeout: 2, startToCloseTimeout: 120 },
]);
let withdrawn: (id: string) => void = () => {};
const refund3Withdrawn = new Promise<string>((resolve) => {
  withdrawn = resolve;
});
const desk = new ApprovalDesk(swf.newClient(), (id) => withdrawn(id));

// #region hand-off
const requestApproval = defineActivity({
  name: 'requestApproval',
  version: '1',
  async handler(request: ApprovalRequest, ctx) {
    desk.file(request, ctx.task.taskToken, ctx.timeouts.heartbeatTimeoutMs);
    console.log(`${request.id}: filed with the desk, the handler hands the task off`);
    return ctx.completeLater();
  },
});
// #endregion

// The desk's HTTP endpoint, on this machine only.
const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const match = /^\/requests\/([\w-]+)\/(approve|reject)$/.exec(url.pathname);
  if (request.method !== 'POST' || match === null) {
    response.writeHead(404).end();
    return;
  }
  const [, id = '', decision] = match;
  desk
    .decide(id, decision === 'approve' ? 'approve' : 'reject', url.searchParams.get('by') ?? '?')
    .then(
      (status) => response.writeHead(status).end(),
      () => response.writeHead(500).end(),
    );
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const deskUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const taskList = swf.taskList('approvals');
const worker = new ActivityWorker({
  client: swf.client,
  domain: swf.domain,
  taskList,
  activities: [requestApproval],
  maxConcurrentTasks: 1,
});
let handedOff = 0;
worker.on('taskHandedOff', () => {
  handedOff += 1;
});
const running = worker.run();

const workflow = await startWorkflow(swf, [
  {
    activityId: 'refund-1',
    activityType: requestApproval,
    input: { id: 'refund-1', amount: 120 },
    taskList,
  },
  {
    activityId: 'refund-2',
    activityType: requestApproval,
    input: { id: 'refund-2', amount: 9800 },
    taskList,
  },
  {
    activityId: 'refund-3',
    activityType: requestApproval,
    input: { id: 'refund-3', amount: 40 },
    taskList,
    cancelAfterSeconds: 3,
  },
]);

// The people take their time: longer than the tasks' 2 s heartbeat timeout.
await delay(5_000);
console.log(`handed off by the worker (one slot): ${handedOff}`);
const decide = async (id: string, decision: 'approve' | 'reject', by: string) => {
  const answer = await fetch(`${deskUrl}/requests/${id}/${decision}?by=${by}`, { method: 'POST' });
  console.log(`${id}: ${by} decides to ${decision}: HTTP ${answer.status}`);
};
await decide('refund-1', 'approve', 'ada');
await decide('refund-2', 'reject', 'grace');
// Too late: the workflow withdrew this one (a cancel request, 3 s in).
await refund3Withdrawn;
await decide('refund-3', 'approve', 'linus');

for (const { activityId, outcome, result, reason, details } of await workflow.finished) {
  console.log(
    `${activityId}: ${outcome}: ${outcome === 'completed' ? JSON.stringify(result) : outcome === 'canceled' ? details : reason}`,
  );
}

desk.close();
await swf.finish(worker);
await running;
server.closeAllConnections();
server.close();
