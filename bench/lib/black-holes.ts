/**
 * The black-hole case of the adverse-network benchmark: tasks run over real sockets, through a
 * fault proxy that black-holes calls (no answer, no error) in blips shorter than the heartbeat
 * timeout, then in a partition longer than it.
 *
 * - Blips: handlers finish at random times while blips come and go; every result must reach
 *   SWF (ActivityTaskCompleted). A finished result that does not is a result lost.
 * - Partition: tasks in flight, which SWF times out, must stop locally (their signal aborts with
 *   TaskGoneError) within the heartbeat timeout of their last acknowledged heartbeat, plus the
 *   second the worker awaits the answer to a call still in flight then, plus 100 ms for timers
 *   and the event loop; and nothing more may be sent for them. After it, polling resumes.
 *
 * @module
 */
import { SWFClient } from '@aws-sdk/client-swf';
import { ActivityWorker, defineActivity, silentLogger, TaskGoneError } from 'swf-activity-worker';
import { type ActivityTaskReference, startHttpServer } from 'swf-activity-worker/fake';
import { seededRandom } from '../../src/fake/faults.js';
import { FaultProxy, type FaultSpec } from '../../test/resilience/support/fault-proxy.js';
import {
  type BenchCase,
  delay,
  formatNumber,
  goal,
  percentile,
  progress,
  round,
  until,
  verdict,
} from './bench.js';
import { ACTIVITY_TYPE, createBenchFake, DOMAIN, TASK_LIST } from './swf.js';

const BENCH = 'adverse-network';
const RESPONSES = [
  'RespondActivityTaskCompleted',
  'RespondActivityTaskFailed',
  'RespondActivityTaskCanceled',
];
/**
 * How much later than the heartbeat timeout a task SWF dropped may still run: the safety
 * margin the worker awaits the answer to a heartbeat in flight at the deadline (a second for
 * timeouts of 10 s and more), and 100 ms for timers and the event loop.
 */
const ABORT_MARGIN_MS = 1_100;

/** Sizes of the black-hole case. */
export interface BlackHoleSize {
  /** Tasks that finish while blips come and go. */
  readonly tasks: number;
  readonly heartbeatTimeoutSeconds: number;
  /** How long the blips go on; the tasks finish within it. */
  readonly blipPhaseMs: number;
  /** Tasks in flight when the partition begins. */
  readonly partitionTasks: number;
  /** How long the partition lasts: longer than the heartbeat timeout. */
  readonly partitionMs: number;
}

/** What a blip black-holes, in turn, and for how long. */
const BLIPS: readonly {
  readonly of: string;
  readonly operations?: readonly string[];
  readonly ms: number;
}[] = [
  { of: 'everything', ms: 2_000 },
  { of: 'the responses', operations: RESPONSES, ms: 3_000 },
  { of: 'the heartbeats', operations: ['RecordActivityTaskHeartbeat'], ms: 3_000 },
  { of: 'everything', ms: 4_000 },
];

interface Held {
  abortedAt?: number;
  reason?: unknown;
}

/**
 * Black-holes `operations` (everything when absent) for `forMs` after `afterMs`. Polls caught
 * are reset when it ends, as peers that lost a connection's state do once the network is back
 * (a poll left silent would wait out the worker's 70 s poll timeout, which the resilience tests
 * cover); every other call caught stays silent for good, so the worker must give up on it.
 */
function blackHole(
  proxy: FaultProxy,
  span: Pick<FaultSpec, 'afterMs' | 'forMs' | 'operations'>,
): void {
  if (span.operations === undefined || span.operations.includes('PollForActivityTask')) {
    proxy.inject({
      ...span,
      kind: 'blackHole',
      operations: ['PollForActivityTask'],
      onEnd: 'reset',
    });
  }
  proxy.inject({ ...span, kind: 'blackHole' });
}

/** Runs the black-hole case. */
export async function measureBlackHoles(size: BlackHoleSize): Promise<BenchCase> {
  const heartbeatTimeoutMs = size.heartbeatTimeoutSeconds * 1000;
  const fake = createBenchFake({
    heartbeatTimeout: size.heartbeatTimeoutSeconds,
    startToCloseTimeout: 3_600,
  });
  const server = await startHttpServer(fake, { closeGraceMs: 100 });
  const proxy = await FaultProxy.start(server.url);
  // The SDK's defaults: 3 attempts, no request timeout of its own.
  const client = new SWFClient({
    region: 'us-east-1',
    endpoint: proxy.url,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
  });

  const finished = new Map<string, number>();
  const held = new Map<string, Held>();
  const activity = defineActivity<{ ms?: number; hold?: boolean }, string>({
    ...ACTIVITY_TYPE,
    async handler(input, ctx) {
      const id = ctx.task.activityId;
      if (input.hold) {
        const state: Held = {};
        held.set(id, state);
        return new Promise<never>((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            state.abortedAt = Date.now();
            state.reason = ctx.signal.reason;
            reject(ctx.signal.reason);
          });
        });
      }
      await ctx.sleep(input.ms ?? 0);
      finished.set(id, Date.now());
      return id;
    },
  });
  const tokens = new Map<string, string>();
  const worker = new ActivityWorker({
    client,
    domain: DOMAIN,
    taskList: TASK_LIST,
    activities: [activity],
    maxConcurrentTasks: size.tasks + size.partitionTasks,
    pollers: 10,
    handleSignals: false,
    logger: silentLogger,
  });
  worker.on('taskStarted', ({ task }) => tokens.set(task.activityId, task.taskToken));
  const running = worker.run();
  const random = seededRandom(11);
  const schedule = (prefix: string, count: number, input: () => object) =>
    Array.from({ length: count }, (_, index) =>
      fake.scheduleActivityTask({
        domain: DOMAIN,
        taskList: TASK_LIST,
        activityType: ACTIVITY_TYPE,
        activityId: `${prefix}-${index}`,
        input: JSON.stringify(input()),
      }),
    );
  const closeOf = (task: ActivityTaskReference) => fake.activityTask(task).closeEvent?.eventType;

  try {
    // ---- blips --------------------------------------------------------------------------
    const blipTasks = schedule('blip', size.tasks, () => ({
      ms: Math.round(1_000 + random() * (size.blipPhaseMs - 2_000)),
    }));
    await until(() => tokens.size === size.tasks, 20, 60_000);
    progress(
      BENCH,
      `black holes: ${size.tasks} tasks finish over ${size.blipPhaseMs / 1000} s while blips of ${BLIPS.map((blip) => `${blip.ms / 1000} s of ${blip.of}`).join(', ')} come one per heartbeat timeout`,
    );
    let blips = 0;
    // One blip per heartbeat timeout: each is a blip of its own, with time to recover before the
    // next (back-to-back blips add up to an outage longer than the timeout).
    for (let at = 1_500; ; at += heartbeatTimeoutMs) {
      const blip = BLIPS[blips % BLIPS.length];
      if (blip === undefined || at + blip.ms > size.blipPhaseMs) break;
      blackHole(proxy, { afterMs: at, forMs: blip.ms, operations: blip.operations });
      blips += 1;
    }
    await until(
      () => blipTasks.every((task) => closeOf(task) !== undefined),
      50,
      size.blipPhaseMs + 3 * heartbeatTimeoutMs,
    ).catch(() => {});
    const lost = blipTasks.filter(
      (task) => finished.has(task.activityId) && closeOf(task) !== 'ActivityTaskCompleted',
    ).length;
    const completed = blipTasks.filter((task) => closeOf(task) === 'ActivityTaskCompleted').length;
    const unfinished = blipTasks.filter((task) => !finished.has(task.activityId)).length;
    const blackHoled = proxy.calls.filter((call) => call.fault !== undefined).length;

    // ---- partition ----------------------------------------------------------------------
    const heldTasks = schedule('held', size.partitionTasks, () => ({ hold: true }));
    const acknowledged = (activityId: string) => {
      const token = tokens.get(activityId);
      return proxy.calls.some(
        (call) =>
          call.taskToken === token &&
          call.operation === 'RecordActivityTaskHeartbeat' &&
          call.outcome === 'answered',
      );
    };
    await until(() => heldTasks.every((task) => acknowledged(task.activityId)), 20, 60_000);
    progress(
      BENCH,
      `black holes: a partition of ${size.partitionMs / 1000} s with ${size.partitionTasks} tasks in flight`,
    );
    const partitionStartedAt = Date.now();
    blackHole(proxy, { forMs: size.partitionMs });
    await delay(size.partitionMs + 2_000);
    const abortAfterLastAck: number[] = [];
    let sentAfterAbort = 0;
    let notGone = 0;
    for (const task of heldTasks) {
      const token = tokens.get(task.activityId);
      const state = held.get(task.activityId);
      const lastAck = Math.max(
        ...proxy.calls
          .filter(
            (call) =>
              call.taskToken === token &&
              call.operation === 'RecordActivityTaskHeartbeat' &&
              call.outcome === 'answered' &&
              (call.settledAt ?? 0) <= partitionStartedAt,
          )
          .map((call) => call.settledAt ?? 0),
      );
      if (state?.abortedAt === undefined || !(state.reason instanceof TaskGoneError)) {
        notGone += 1;
        continue;
      }
      const abortedAt = state.abortedAt;
      abortAfterLastAck.push(abortedAt - lastAck);
      sentAfterAbort += proxy.calls.filter(
        (call) => call.taskToken === token && call.arrivedAt > abortedAt,
      ).length;
    }
    const lateAborts = abortAfterLastAck.filter(
      (ms) => ms > heartbeatTimeoutMs + ABORT_MARGIN_MS,
    ).length;

    // ---- after the partition ------------------------------------------------------------
    const healedAt = Date.now();
    const afterTasks = schedule('after', 20, () => ({ ms: 10 }));
    await until(() => afterTasks.every((task) => closeOf(task) !== undefined), 20, 30_000).catch(
      () => {},
    );
    const resumedAfterMs = Date.now() - healedAt;
    const resumed = afterTasks.filter((task) => closeOf(task) === 'ActivityTaskCompleted').length;

    const goals = [
      goal('results lost', '0', String(lost), lost === 0),
      goal(
        `partitioned tasks aborted with TaskGoneError within the heartbeat timeout + ${ABORT_MARGIN_MS / 1000} s of their last acknowledged heartbeat`,
        `${size.partitionTasks}`,
        String(size.partitionTasks - notGone - lateAborts),
        notGone === 0 && lateAborts === 0,
      ),
      goal(
        'calls sent for a task after its abort',
        '0',
        String(sentAfterAbort),
        sentAfterAbort === 0,
      ),
      goal('tasks polled and completed after the partition', '20', String(resumed), resumed === 20),
    ];
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    return {
      id: `${BENCH}/black-holes`,
      baseline: 'none: counts of what was lost, and abort times against the heartbeat timeout',
      summary: `${BENCH} black holes: ${formatNumber(size.tasks)} tasks over real sockets, ${size.heartbeatTimeoutSeconds} s heartbeat timeout, ${blips} blips of 2-4 s (${formatNumber(blackHoled)} calls black-holed): ${lost} results lost (${completed} completed, ${unfinished} unfinished); a ${size.partitionMs / 1000} s partition: ${size.partitionTasks - notGone}/${size.partitionTasks} tasks aborted with TaskGoneError, ${seconds(percentile(abortAfterLastAck, 50))} (max ${seconds(percentile(abortAfterLastAck, 100))}) after their last acknowledged heartbeat, ${sentAfterAbort} calls after an abort; polling resumed, 20 new tasks done ${seconds(resumedAfterMs)} after${verdict(goals)}`,
      ratio: null,
      goals,
      metrics: {
        tasks: size.tasks,
        heartbeatTimeoutSeconds: size.heartbeatTimeoutSeconds,
        blipPhaseSeconds: size.blipPhaseMs / 1000,
        blips,
        callsBlackHoledInBlips: blackHoled,
        resultsLost: lost,
        completed,
        unfinished,
        partitionSeconds: size.partitionMs / 1000,
        partitionTasks: size.partitionTasks,
        abortedWithTaskGone: size.partitionTasks - notGone,
        abortAfterLastAckMedianMs: round(percentile(abortAfterLastAck, 50)),
        abortAfterLastAckMaxMs: round(percentile(abortAfterLastAck, 100)),
        lateAborts,
        callsAfterAbort: sentAfterAbort,
        resumedTasks: resumed,
        resumedAfterMs,
      },
    };
  } finally {
    void worker.shutdown({ graceMs: 0 }).catch(() => {});
    fake.close();
    await proxy.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      running.catch(() => {}),
      new Promise((resolve) => {
        timer = setTimeout(resolve, 10_000);
      }),
    ]);
    clearTimeout(timer);
    client.destroy();
    await server.close();
  }
}
