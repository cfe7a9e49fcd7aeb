import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { RegisterActivityTypeCommand, RegisterDomainCommand } from '@aws-sdk/client-swf';
import {
  type ActivityTaskReference,
  createInProcessClient,
  FakeSwf,
  type SwfHttpServer,
  startHttpServer,
} from 'swf-activity-worker/fake';
import { afterEach, describe, expect, it } from 'vitest';
import { activityEvents } from '../support/activity-history.js';
import { WorkerProcess } from '../support/worker-process.js';
import { TokenScanner } from './support/output-capture.js';
import { RecordingService } from './support/recording-service.js';

const WORKER_SCRIPT = fileURLToPath(new URL('./support/shutdown-worker.ts', import.meta.url));
const DOMAIN = 'shutdown';
const TASK_LIST = 'load';
const TASKS = 100;
const POLLERS = 4;
const GRACE_MS = 4_000;

/** Waits until `condition` holds, checking every 25 ms; fails after `timeoutMs`. */
async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('a worker process told to stop while busy', () => {
  let fake: FakeSwf | undefined;
  let server: SwfHttpServer | undefined;
  let worker: WorkerProcess | undefined;

  afterEach(async () => {
    await worker?.killIfRunning();
    fake?.close();
    await server?.close();
  });

  it('finishes or aborts every task within the grace, loses none, polls no more, exits 0', async () => {
    fake = new FakeSwf({ pollTimeoutMs: 60_000 });
    const service = new RecordingService(fake);
    server = await startHttpServer(service);
    const admin = createInProcessClient(fake);
    await admin.send(
      new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' }),
    );
    await admin.send(
      new RegisterActivityTypeCommand({
        domain: DOMAIN,
        name: 'work',
        version: '1',
        defaultTaskList: { name: TASK_LIST },
        defaultTaskHeartbeatTimeout: '10',
        defaultTaskStartToCloseTimeout: '120',
        defaultTaskScheduleToStartTimeout: 'NONE',
        defaultTaskScheduleToCloseTimeout: 'NONE',
      }),
    );
    admin.destroy();
    const activity = { name: 'work', version: '1' };
    // Half finish within the grace; half would run for minutes and must be aborted.
    const finishing: ActivityTaskReference[] = [];
    const endless: ActivityTaskReference[] = [];
    for (let index = 0; index < TASKS; index++) {
      const finishes = index % 2 === 0;
      const reference = fake.scheduleActivityTask({
        domain: DOMAIN,
        activityType: activity,
        activityId: `${finishes ? 'finishing' : 'endless'}-${index}`,
        input: JSON.stringify({ ms: finishes ? 2_500 : 600_000 }),
      });
      (finishes ? finishing : endless).push(reference);
    }

    const running = new WorkerProcess(WORKER_SCRIPT, {
      SWF_ENDPOINT: server.url,
      SWF_DOMAIN: DOMAIN,
      SWF_TASK_LIST: TASK_LIST,
      MAX_CONCURRENT_TASKS: String(TASKS + POLLERS),
      POLLERS: String(POLLERS),
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
    });
    worker = running;
    const exited = once(running.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

    const all = [...finishing, ...endless];
    // A task that finishes may have done so before the last one starts (a loaded machine can
    // take longer than its 2.5 s to start all of them): started is enough.
    const status = (reference: ActivityTaskReference) => fake?.activityTask(reference).status;
    await until(
      () =>
        finishing.every((reference) => status(reference) !== 'SCHEDULED') &&
        endless.every((reference) => status(reference) === 'STARTED') &&
        fake?.waitingPolls(DOMAIN, TASK_LIST) === POLLERS,
      `the worker starts all ${TASKS} tasks and its ${POLLERS} pollers wait`,
    );
    const pollsAtSigterm = fake.callCount('PollForActivityTask');
    const sigtermAt = Date.now();
    running.child.kill('SIGTERM');

    // Tasks that SWF hands to the polls still waiting when the shutdown began.
    await until(
      () => running.stdout.includes('shutdown-started'),
      'the worker starts shutting down',
    );
    const lateArrivals = Array.from({ length: POLLERS }, (_, index) =>
      fake?.scheduleActivityTask({
        domain: DOMAIN,
        activityType: activity,
        activityId: `late-${index}`,
        input: JSON.stringify({ ms: 100 }),
      }),
    ).filter((reference) => reference !== undefined);

    const [code, signal] = await exited;
    const exitedAfterMs = Date.now() - sigtermAt;
    expect({ code, signal, stderrTail: code === 0 ? '' : running.stderr.slice(-2_000) }).toEqual({
      code: 0,
      signal: null,
      stderrTail: '',
    });
    expect(running.stdout).toMatch(/^stopped /m);
    // Tasks that ignored nothing: all done within the grace, plus the time to report them.
    expect(exitedAfterMs).toBeLessThan(GRACE_MS + 10_000);
    // No poll started after SIGTERM.
    expect(fake.callCount('PollForActivityTask')).toBe(pollsAtSigterm);

    const closeOf = (reference: ActivityTaskReference) => fake?.activityTask(reference).closeEvent;
    for (const reference of finishing) {
      expect(closeOf(reference)?.eventType, reference.activityId).toBe('ActivityTaskCompleted');
    }
    for (const reference of [...endless, ...lateArrivals]) {
      const close = closeOf(reference);
      expect(close?.eventType, reference.activityId).toBe('ActivityTaskFailed');
      expect(close?.activityTaskFailedEventAttributes?.reason, reference.activityId).toMatch(
        /^WorkerShutdownError/,
      );
    }
    // Every task accounted for, once: no timeout, no second close.
    for (const reference of [...all, ...lateArrivals]) {
      const history = fake.history(DOMAIN, reference.workflowExecution);
      const { closes } = activityEvents(history, reference.activityId);
      expect(closes, reference.activityId).toHaveLength(1);
    }

    // Nothing the process wrote holds a whole task token.
    const scanner = new TokenScanner();
    scanner.add(service.issuedTokens);
    expect(scanner.size).toBe(TASKS + POLLERS);
    expect(scanner.findIn(running.stdout + running.stderr)).toEqual([]);
  }, 60_000);
});
