import { RegisterDomainCommand } from '@aws-sdk/client-swf';
import { defineActivity, WorkerShutdownError } from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { workingActivity } from '../worker/support/activities.js';
import { useWorkerHarness, type WorkerHarness } from '../worker/support/harness.js';
import { recordingLogger } from './support/recording-logger.js';

/** A handler that never settles and never looks at its signal. */
const deaf = defineActivity({
  name: 'activity',
  version: '1',
  handler: () => new Promise<never>(() => {}),
});

async function registerDomain(swf: WorkerHarness): Promise<void> {
  await swf.client.send(
    new RegisterDomainCommand({ name: 'fake', workflowExecutionRetentionPeriodInDays: '1' }),
  );
}

/** Resolves with the clock time at which `promise` settled, moving the clock in small steps. */
async function settledAt(swf: WorkerHarness, promise: Promise<unknown>): Promise<number> {
  let at: number | undefined;
  void promise.finally(() => {
    at = swf.clock.now();
  });
  await swf.advanceUntil(promise, 100, 120_000);
  await swf.clock.settle();
  return at as number;
}

describe('shutdown is bounded', () => {
  const open = useWorkerHarness('in-process');

  it('abandons a poll still open when the grace ends: an idle worker stops after the grace', async () => {
    const swf = await open();
    await registerDomain(swf);
    const { worker, running, of } = swf.startWorker({
      activities: [workingActivity(1_000)],
      handleSignals: false,
    });
    await swf.clock.advance(1_000);
    expect(worker.pollsInFlight).toBe(2);
    const start = swf.clock.now();
    const stoppedAt = await settledAt(swf, worker.shutdown());
    await running;
    // The default grace is 5 s: the polls (which SWF would hold up to 60 s) are let go then.
    expect(stoppedAt - start).toBe(5_000);
    expect(worker.pollsInFlight).toBe(0);
    expect(of('shutdownStarted')).toEqual([{ type: 'shutdownStarted', graceMs: 5_000 }]);
    expect(swf.fake.callCount('PollForActivityTask')).toBe(2);
  });

  it('gives up on a handler that ignores its signal: run() ends within grace + abortWaitMs + reporting', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 3600 });
    const { worker, running, of } = swf.startWorker({ activities: [deaf], handleSignals: false });
    await swf.clock.advance(1_000);
    expect(worker.tasksInFlight).toBe(1);
    const start = swf.clock.now();
    const stoppedAt = await settledAt(swf, worker.shutdown());
    await running;
    // Defaults: 5 s of grace, then 2 s for the handler to stop, then the report.
    expect(stoppedAt - start).toBeGreaterThanOrEqual(7_000);
    expect(stoppedAt - start).toBeLessThanOrEqual(7_500);
    const closed = swf.fake.activityTask(task).closeEvent;
    expect(closed?.eventType).toBe('ActivityTaskFailed');
    expect(closed?.activityTaskFailedEventAttributes?.reason).toMatch(/^WorkerShutdownError/);
    expect(of('warning').map((event) => event.code)).toContain('handlerIgnoredAbort');
  });

  it('stops waiting for reports that cannot get through, at grace + abortWaitMs + 2 s', async () => {
    const swf = await open();
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 60, startToCloseTimeout: 3600 });
    const logger = recordingLogger();
    const { worker, running } = swf.startWorker({
      activities: [workingActivity(60 * 60_000)],
      handleSignals: false,
      logger,
    });
    await swf.clock.advance(1_000);
    // From now on, every answer to a response takes ten minutes.
    swf.fake.faults.inject({
      operations: ['RespondActivityTaskFailed', 'RespondActivityTaskCompleted'],
      delayMs: 600_000,
    });
    const start = swf.clock.now();
    const stoppedAt = await settledAt(swf, worker.shutdown({ graceMs: 1_000 }));
    await running;
    expect(stoppedAt - start).toBeLessThanOrEqual(1_000 + 2_000 + 2_000);
    expect(worker.state).toBe('stopped');
    // The run gives its response 2 s after shutdown, then says it could not be reported.
    expect(logger.lines.join('\n')).toMatch(/could not be reported/);
  });

  it('ends the grace at once on a second SIGTERM or SIGINT', async () => {
    const swf = await open();
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 3600 });
    const reasons: unknown[] = [];
    const logger = recordingLogger();
    const { worker, running, of } = swf.startWorker({
      activities: [workingActivity(60 * 60_000, reasons)],
      shutdownGraceMs: 60_000,
      logger,
    });
    await swf.clock.advance(1_000);
    process.emit('SIGTERM', 'SIGTERM');
    expect(worker.state).toBe('stopping');
    await swf.clock.advance(10_000);
    expect(reasons).toEqual([]);
    process.emit('SIGINT', 'SIGINT');
    await swf.clock.settle();
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(WorkerShutdownError);
    await swf.advanceUntil(running, 100);
    expect(of('shutdownStarted')).toEqual([{ type: 'shutdownStarted', graceMs: 60_000 }]);
    expect(of('shutdownGraceEnded')).toHaveLength(1);
    expect(logger.lines.join('\n')).toMatch(/SIGINT again: ending the shutdown grace now/);
    // run() ended: the handlers are gone, and Node's own handling of the signals is back.
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });

  it('with default options, reports every task in flight well before a SIGKILL at 10 s', async () => {
    const swf = await open();
    const tasks = [
      swf.fake.scheduleActivityTask({ heartbeatTimeout: 20, startToCloseTimeout: 3600 }),
      swf.fake.scheduleActivityTask({ heartbeatTimeout: 20, startToCloseTimeout: 3600 }),
    ];
    // One handler stops on its signal, the other never does; a poll is left waiting.
    let calls = 0;
    const mixed = defineActivity({
      name: 'activity',
      version: '1',
      handler: (_input, ctx) => {
        calls += 1;
        return calls === 1
          ? ctx.sleep(60 * 60_000).then(() => 'done')
          : new Promise<never>(() => {});
      },
    });
    const { worker, running } = swf.startWorker({ activities: [mixed] });
    await swf.clock.advance(1_000);
    expect(worker.tasksInFlight).toBe(2);
    const start = swf.clock.now();
    process.emit('SIGTERM', 'SIGTERM');
    const stoppedAt = await settledAt(swf, running);
    expect(stoppedAt - start).toBeLessThanOrEqual(8_000);
    for (const task of tasks) {
      expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskFailed');
    }
  });
});

describe('one event path for tasks failed at once', () => {
  const open = useWorkerHarness('in-process');

  it('logs the events of a task refused during the grace, as of any task', async () => {
    const swf = await open();
    await registerDomain(swf);
    const logger = recordingLogger();
    const { worker, running, of } = swf.startWorker({
      activities: [workingActivity(1_000)],
      pollers: 1,
      handleSignals: false,
      logger,
    });
    await swf.clock.advance(1_000);
    swf.fake.faults.inject({
      operations: ['RespondActivityTaskFailed'],
      error: 'ValidationException',
    });
    const stopped = worker.shutdown({ graceMs: 5_000 });
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 600 });
    await swf.advanceUntil(stopped);
    await running;
    expect(of('respondFailed')).toHaveLength(1);
    expect(logger.lines.join('\n')).toMatch(/failing the task at once/);
    expect(logger.lines.join('\n')).toMatch(/the outcome could not be reported to SWF/);
  });
});

describe('signal handlers of many workers', () => {
  const open = useWorkerHarness('in-process');

  it('raise no MaxListenersExceededWarning, and are all gone once the workers stop', async () => {
    const swf = await open();
    await registerDomain(swf);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const before = process.listenerCount('SIGTERM');
    try {
      const started = Array.from({ length: 12 }, () =>
        swf.startWorker({ activities: [workingActivity(1_000)], pollers: 1 }),
      );
      await swf.clock.advance(1_000);
      expect(process.listenerCount('SIGTERM')).toBe(before + 12);
      // One signal reaches every worker: each starts its own shutdown.
      process.emit('SIGTERM', 'SIGTERM');
      for (const { worker } of started) expect(worker.state).toBe('stopping');
      await swf.advanceUntil(Promise.all(started.map(({ running }) => running)), 1_000);
      await new Promise((resolve) => setImmediate(resolve));
      expect(process.listenerCount('SIGTERM')).toBe(before);
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
        [],
      );
    } finally {
      process.off('warning', onWarning);
    }
  });
});
