/**
 * A worker process stopped as orchestrators stop one: SIGTERM, then SIGKILL after a grace of
 * their own (Docker 10 s, Kubernetes and ECS 30 s). With the worker's default options, tasks in
 * flight (one that finishes, one that stops when told, one that ignores its signal) and an idle
 * poll, every task must be in the history as completed or failed before the SIGKILL, and the
 * process must have exited by itself. A second SIGTERM ends the grace at once.
 *
 * The runs are independent processes and run in parallel.
 */
import { fileURLToPath } from 'node:url';
import type { ActivityTaskReference } from 'swf-activity-worker/fake';
import { describe, it } from 'vitest';
import { WorkerProcess } from '../../support/worker-process.js';
import {
  DOMAIN,
  delay,
  measure,
  openNetworkRig,
  TASK_LIST,
  until,
} from '../support/network-rig.js';

const WORKER_SCRIPT = fileURLToPath(new URL('../support/orchestrated-worker.ts', import.meta.url));

interface Stop {
  readonly name: string;
  /** When the orchestrator sends SIGKILL, after its SIGTERM. */
  readonly killAfterMs: number;
  /** A second SIGTERM this long after the first, if any. */
  readonly secondSigtermAfterMs?: number;
  /** The worker's shutdownGraceMs, when not the default. */
  readonly shutdownGraceMs?: number;
  /** The process must be gone this long after the last SIGTERM. */
  readonly exitWithinMs: number;
  /** No task in flight: only the polls are open. */
  readonly idle?: boolean;
  /** Every call through the OpenTelemetry interceptor: each task's span must end, with it. */
  readonly openTelemetry?: boolean;
}

const STOPS: readonly Stop[] = [
  { name: 'Docker: SIGKILL 10 s after SIGTERM', killAfterMs: 10_000, exitWithinMs: 10_000 },
  {
    name: 'Kubernetes, ECS: SIGKILL 30 s after SIGTERM, with the OpenTelemetry interceptor',
    killAfterMs: 30_000,
    exitWithinMs: 30_000,
    openTelemetry: true,
  },
  {
    name: 'a second SIGTERM 1 s after the first, with a grace of 60 s',
    killAfterMs: 30_000,
    secondSigtermAfterMs: 1_000,
    shutdownGraceMs: 60_000,
    // The handler that ignores its signal is given up abortWaitMs (2 s) after the abort.
    exitWithinMs: 6_000,
  },
  {
    name: 'an idle worker, its polls open, with a grace of 2 s',
    killAfterMs: 10_000,
    shutdownGraceMs: 2_000,
    idle: true,
    // The polls are kept through the grace, then abandoned.
    exitWithinMs: 5_000,
  },
];

/** Declares these scenarios (run them inside a concurrent suite). */
export function orchestratorScenarios(): void {
  describe('a worker process stopped by an orchestrator', () => {
    it.for(STOPS)(
      '$name',
      { timeout: 90_000 },
      async (stop, { expect, onTestFailed, onTestFinished }) => {
        const rig = await openNetworkRig({ onTestFailed });
        let worker: WorkerProcess | undefined;
        onTestFinished(async () => {
          await worker?.killIfRunning();
          await rig.close();
        });
        const schedule = (name: string, input: unknown): ActivityTaskReference =>
          rig.fake.scheduleActivityTask({
            domain: DOMAIN,
            taskList: TASK_LIST,
            activityType: { name, version: '1' },
            activityId: name,
            input: JSON.stringify(input),
            heartbeatTimeout: 20,
            startToCloseTimeout: 600,
          });
        const tasks = stop.idle
          ? []
          : [schedule('finishes', { ms: 3_000 }), schedule('obeys', {}), schedule('ignores', {})];

        const running = new WorkerProcess(WORKER_SCRIPT, {
          SWF_ENDPOINT: rig.server.url,
          SWF_DOMAIN: DOMAIN,
          SWF_TASK_LIST: TASK_LIST,
          ...(stop.shutdownGraceMs === undefined
            ? {}
            : { SHUTDOWN_GRACE_MS: String(stop.shutdownGraceMs) }),
          ...(stop.openTelemetry === true ? { OPENTELEMETRY: '1' } : {}),
        });
        worker = running;
        const child = running.child;
        // What the history says the moment the process is gone, before anything else can happen.
        const exited = new Promise<{
          at: number;
          code: number | null;
          signal: string | null;
          closes: string[];
        }>((resolve) => {
          child.once('exit', (code, signal) =>
            resolve({
              at: Date.now(),
              code,
              signal,
              closes: tasks.map((task) => rig.closeOf(task)?.eventType ?? 'open'),
            }),
          );
        });

        await until(
          () =>
            tasks.every((task) => rig.fake.activityTask(task).status === 'STARTED') &&
            rig.fake.waitingPolls(DOMAIN, TASK_LIST) > 0,
          'the worker runs its tasks and a poll waits',
          40_000,
        );
        const sigtermAt = Date.now();
        child.kill('SIGTERM');
        let lastSigtermAt = sigtermAt;
        const killTimer = setTimeout(() => child.kill('SIGKILL'), stop.killAfterMs);
        onTestFinished(() => clearTimeout(killTimer));
        if (stop.secondSigtermAfterMs !== undefined) {
          await until(
            () => running.stdout.includes('event shutdownStarted'),
            'the shutdown started',
          );
          await delay(Math.max(0, sigtermAt + stop.secondSigtermAfterMs - Date.now()));
          lastSigtermAt = Date.now();
          child.kill('SIGTERM');
        }
        const exit = await exited;
        clearTimeout(killTimer);
        const exitedAfterMs = exit.at - sigtermAt;
        measure('orchestrator', {
          stop: stop.name,
          exitedAfterSigtermMs: exitedAfterMs,
          exitedAfterLastSigtermMs: exit.at - lastSigtermAt,
          code: exit.code,
          signal: exit.signal,
          closes: Object.fromEntries(
            tasks.map((task, index) => [task.activityId, exit.closes[index]]),
          ),
        });
        expect(
          { code: exit.code, signal: exit.signal },
          `${running.stdout.slice(-3_000)}\n${running.stderr.slice(-3_000)}`,
        ).toEqual({ code: 0, signal: null });
        expect(exitedAfterMs).toBeLessThan(stop.killAfterMs);
        expect(exit.at - lastSigtermAt).toBeLessThan(stop.exitWithinMs);
        for (const [index, close] of exit.closes.entries()) {
          expect([close, tasks[index]?.activityId]).toEqual([
            expect.stringMatching(/^ActivityTask(Completed|Failed)$/),
            tasks[index]?.activityId,
          ]);
        }
        // The task that ignored its signal was reported failed, for the shutdown.
        if (!stop.idle) expect(exit.closes[2]).toBe('ActivityTaskFailed');
        expect(running.stdout).toMatch(/^stopped$/m);
        if (stop.openTelemetry === true) {
          // Each task's span ended before the process did, with the outcome SWF recorded.
          const spans = running.stdout.match(/^span .*$/gm) ?? [];
          expect(spans.sort()).toEqual(
            tasks
              .map((task, index) => {
                const outcome =
                  exit.closes[index] === 'ActivityTaskCompleted' ? 'completed' : 'failed';
                return `span ${task.activityId} ${outcome}`;
              })
              .sort(),
          );
        }
      },
    );
  });
}
