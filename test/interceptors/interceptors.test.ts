import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type ActivityInterceptor,
  type ActivityTaskInfo,
  ActivityWorker,
  defineActivity,
  type ObservedWorker,
  runActivityTask,
  type SwfOperation,
  silentLogger,
  systemClock,
  type WorkerEvent,
} from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { openFake } from '../support/fake-harness.js';
import { useWorkerHarness } from '../worker/support/harness.js';

/** An interceptor that writes what it sees, named `name`, to `log`. */
function recorder(name: string, log: string[]): ActivityInterceptor {
  return {
    async execute(input, ctx, next) {
      log.push(`${name} execute in ${JSON.stringify(input)}`);
      try {
        const result = await next(input, ctx);
        log.push(`${name} execute out ${JSON.stringify(result)}`);
        return result;
      } catch (error) {
        log.push(`${name} execute threw ${String(error)}`);
        throw error;
      }
    },
    async call(operation, input, next) {
      log.push(`${name} ${operation} in`);
      const output = await next(input);
      log.push(`${name} ${operation} out`);
      return output;
    },
  };
}

describe('interceptors', () => {
  const open = useWorkerHarness('in-process');

  it('nest with the first outermost, around the handler and around each SWF call', async () => {
    const swf = await open();
    const log: string[] = [];
    const task = swf.fake.scheduleActivityTask({
      heartbeatTimeout: 30,
      startToCloseTimeout: 600,
      input: '{"n":1}',
    });
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      heartbeatTimeoutMs: 30_000,
      startToCloseTimeoutMs: 600_000,
      async handler(input: { n: number }) {
        log.push('handler');
        return input.n + 1;
      },
    });
    const { of } = swf.startWorker({
      activities: [activity],
      pollers: 1,
      interceptors: [recorder('a', log), recorder('b', log)],
    });
    await swf.clock.advance(1_000);

    expect(of('taskResponded').map((event) => event.outcome)).toEqual(['completed']);
    expect(
      swf.fake.activityTask(task).closeEvent?.activityTaskCompletedEventAttributes?.result,
    ).toBe('2');
    const relevant = log.filter((line) => !line.includes('PollForActivityTask'));
    expect(relevant).toEqual([
      'a execute in {"n":1}',
      'b execute in {"n":1}',
      'handler',
      'b execute out 2',
      'a execute out 2',
      'a RespondActivityTaskCompleted in',
      'b RespondActivityTaskCompleted in',
      'b RespondActivityTaskCompleted out',
      'a RespondActivityTaskCompleted out',
    ]);
    expect(log.slice(0, 4)).toEqual([
      'a PollForActivityTask in',
      'b PollForActivityTask in',
      'b PollForActivityTask out',
      'a PollForActivityTask out',
    ]);
  });

  it('see every SWF call of a task, with its task, and each try of a retried call', async () => {
    const swf = await open();
    const seen: { operation: SwfOperation; task: ActivityTaskInfo | undefined }[] = [];
    let handlerTask: ActivityTaskInfo | undefined;
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    // One throttled heartbeat: the library retries it, and the interceptor sees both tries.
    swf.fake.faults.inject({
      operations: ['RecordActivityTaskHeartbeat'],
      error: 'ThrottlingException',
      times: 1,
    });
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      timeoutStrategy: 'history',
      async handler(_input, ctx) {
        handlerTask = ctx.task;
        await ctx.sleep(15_000);
        return 'done';
      },
    });
    const { of } = swf.startWorker({
      activities: [activity],
      pollers: 1,
      interceptors: [
        {
          call(operation, input, next) {
            seen.push({ operation, task: input.task });
            return next(input);
          },
        },
      ],
    });
    await swf.clock.advance(20_000);

    expect(of('taskResponded').map((event) => event.outcome)).toEqual(['completed']);
    expect(of('heartbeatRetried')).toHaveLength(1);
    const forTask = seen.filter((call) => call.operation !== 'PollForActivityTask');
    expect(forTask.map((call) => call.operation)).toEqual([
      'GetWorkflowExecutionHistory',
      'RecordActivityTaskHeartbeat',
      'RecordActivityTaskHeartbeat',
      'RespondActivityTaskCompleted',
    ]);
    expect(handlerTask?.activityId).toBe('activity-1');
    for (const call of forTask) expect(call.task).toBe(handlerTask);
    const polls = seen.filter((call) => call.operation === 'PollForActivityTask');
    expect(polls.length).toBeGreaterThanOrEqual(1);
    for (const poll of polls) expect(poll.task).toBeUndefined();
  });

  it("see each try's abortSignal as a standard one, aborted when the try runs out of time", async () => {
    const swf = await open();
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    // The first response is held past its try (10 s at most): the library abandons it and
    // sends another, which the fake answers.
    swf.fake.faults.inject({
      operations: ['RespondActivityTaskCompleted'],
      delayMs: 60_000,
      times: 1,
    });
    const signals: (AbortSignal | undefined)[] = [];
    const { of } = swf.startWorker({
      activities: [defineActivity({ name: 'activity', version: '1', handler: async () => 'done' })],
      pollers: 1,
      interceptors: [
        {
          // The usual way to change a call: a copy of its input, with the signal in it.
          call: (operation, input, next) =>
            operation === 'RespondActivityTaskCompleted'
              ? next({ ...input, request: { ...input.request } })
              : next(input),
        },
        {
          call(operation, input, next) {
            if (operation === 'RespondActivityTaskCompleted') signals.push(input.abortSignal);
            return next(input);
          },
        },
      ],
    });
    await swf.clock.advance(15_000);

    expect(of('taskResponded').map((event) => event.outcome)).toEqual(['completed']);
    expect(of('respondRetried')).toHaveLength(1);
    expect(signals).toHaveLength(2);
    expect(signals[0]).toBeInstanceOf(AbortSignal);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toMatchObject({ name: 'TryTimeoutError' });
    expect(signals[1]?.aborted).toBe(false);
  });

  it('run the handler inside an AsyncLocalStorage context of their making', async () => {
    const swf = await open();
    const storage = new AsyncLocalStorage<string>();
    const stores: (string | undefined)[] = [];
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      heartbeatTimeoutMs: 30_000,
      startToCloseTimeoutMs: 600_000,
      async handler(_input, ctx) {
        stores.push(storage.getStore());
        await ctx.sleep(2_000);
        stores.push(storage.getStore()); // still there after an await on the clock
        return 'done';
      },
    });
    swf.startWorker({
      activities: [activity],
      interceptors: [
        { execute: (input, ctx, next) => storage.run(ctx.task.activityId, () => next(input, ctx)) },
      ],
    });
    await swf.clock.advance(3_000);
    expect(stores).toEqual(['activity-1', 'activity-1']);
  });

  it('may change the result, turn a result into a failure, and see the error', async () => {
    const swf = await open();
    const errors: unknown[] = [];
    const first = swf.fake.scheduleActivityTask({
      input: '"keep"',
      heartbeatTimeout: 30,
      startToCloseTimeout: 60,
    });
    const second = swf.fake.scheduleActivityTask({
      input: '"refuse"',
      heartbeatTimeout: 30,
      startToCloseTimeout: 60,
    });
    const third = swf.fake.scheduleActivityTask({
      input: '"throw"',
      heartbeatTimeout: 30,
      startToCloseTimeout: 60,
    });
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      heartbeatTimeoutMs: 30_000,
      startToCloseTimeoutMs: 60_000,
      async handler(input: string) {
        if (input === 'throw') throw new RangeError('thrown by the handler');
        return input;
      },
    });
    swf.startWorker({
      activities: [activity],
      interceptors: [
        {
          async execute(input, ctx, next) {
            if (input === 'refuse') throw new TypeError('refused by the interceptor');
            try {
              return { wrapped: await next(input, ctx) };
            } catch (error) {
              errors.push(error);
              throw error;
            }
          },
        },
      ],
    });
    await swf.clock.advance(1_000);

    const closed = (reference: typeof first) => swf.fake.activityTask(reference).closeEvent;
    expect(closed(first)?.activityTaskCompletedEventAttributes?.result).toBe('{"wrapped":"keep"}');
    expect(closed(second)?.activityTaskFailedEventAttributes?.reason).toBe(
      'TypeError: refused by the interceptor',
    );
    expect(closed(third)?.activityTaskFailedEventAttributes?.reason).toBe(
      'RangeError: thrown by the handler',
    );
    expect(errors).toEqual([new RangeError('thrown by the handler')]);
  });

  it('receive every event after the listeners, the last one taskFinished; observe the running worker', async () => {
    const swf = await open();
    const order: string[] = [];
    const received: WorkerEvent[] = [];
    const observed: ObservedWorker[] = [];
    let slotsUsedWhileRunning = -1;
    let unobserved = 0;
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      heartbeatTimeoutMs: 30_000,
      startToCloseTimeoutMs: 600_000,
      async handler(_input, ctx) {
        slotsUsedWhileRunning = observed[0]?.tasksInFlight ?? -1;
        await ctx.sleep(12_000);
        return 'done';
      },
    });
    const worker = new ActivityWorker({
      client: swf.client,
      clock: swf.clock,
      domain: 'fake',
      taskList: 'default',
      logger: silentLogger,
      activities: [activity],
      maxConcurrentTasks: 3,
      interceptors: [
        {
          onEvent(event) {
            order.push(`interceptor ${event.type}`);
            received.push(event);
          },
          observeWorker(watched) {
            observed.push(watched);
            return () => {
              unobserved += 1;
            };
          },
        },
      ],
    });
    worker.on('taskResponded', () => order.push('listener taskResponded'));
    const running = worker.run();
    await swf.clock.advance(13_000);
    const stopping = worker.shutdown({ graceMs: 0 });
    await swf.clock.advance(61_000);
    await Promise.all([running, stopping]);

    expect(received.map((event) => event.type)).toEqual([
      'taskStarted',
      'heartbeatSent',
      'taskResponded',
      'taskFinished',
      'shutdownStarted',
      'shutdownGraceEnded',
    ]);
    expect(order.indexOf('listener taskResponded')).toBeLessThan(
      order.indexOf('interceptor taskResponded'),
    );
    const finished = received.find((event) => event.type === 'taskFinished');
    expect(finished).toMatchObject({ outcome: { status: 'completed', result: 'done' } });
    expect(observed).toHaveLength(1);
    expect(observed[0]).toBe(worker);
    expect(slotsUsedWhileRunning).toBe(1);
    expect(worker.maxConcurrentTasks).toBe(3);
    expect(unobserved).toBe(1);
  });

  it('that throw in onEvent or observeWorker are logged, and the task goes on', async () => {
    const swf = await open();
    const errors: unknown[][] = [];
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      heartbeatTimeoutMs: 30_000,
      startToCloseTimeoutMs: 600_000,
      handler: async () => 'done',
    });
    swf.startWorker({
      activities: [activity],
      logger: { ...silentLogger, error: (...args: unknown[]) => errors.push(args) },
      interceptors: [
        {
          onEvent() {
            throw new Error('listener bug');
          },
          observeWorker() {
            throw new Error('observer bug');
          },
        },
      ],
    });
    await swf.clock.advance(1_000);
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(errors.map((args) => args[1])).toContain("an interceptor's observeWorker threw");
    expect(errors.map((args) => args[1])).toContain(
      "an interceptor's onEvent threw on taskStarted",
    );
  });

  it('are checked when the worker is built', () => {
    const base = {
      client: {} as never,
      domain: 'fake',
      taskList: 'default',
      activities: [defineActivity({ name: 'a', version: '1', handler: async () => 0 })],
      clock: systemClock,
    };
    const build = (interceptors: unknown) =>
      new ActivityWorker({
        ...base,
        client: { send: () => {} } as never,
        interceptors: interceptors as never,
      });
    expect(() => build({})).toThrow(/interceptors must be an array/);
    expect(() => build([null])).toThrow(/interceptors\[0\] must be an object/);
    expect(() => build([{ execute: 'yes' }])).toThrow(
      /interceptors\[0\]\.execute must be a function or absent/,
    );
    expect(build([{}]).state).toBe('idle');
  });
});

describe('interceptors of runActivityTask', () => {
  it('wrap its handler and calls, and receive its events', async () => {
    const swf = await openFake('in-process');
    try {
      const log: string[] = [];
      const events: string[] = [];
      swf.fake.scheduleActivityTask({
        heartbeatTimeout: 30,
        startToCloseTimeout: 600,
        input: '{"n":41}',
      });
      const { PollForActivityTaskCommand } = await import('@aws-sdk/client-swf');
      const task = await swf.client.send(
        new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
      );
      const activity = defineActivity({
        name: 'activity',
        version: '1',
        async handler(input: { n: number }) {
          return input.n + 1;
        },
      });
      const outcome = await runActivityTask(swf.client, task, activity, {
        domain: 'fake',
        clock: swf.clock,
        logger: silentLogger,
        interceptors: [recorder('only', log), { onEvent: (event) => events.push(event.type) }],
      });
      expect(outcome).toMatchObject({ status: 'completed', result: 42 });
      expect(log).toEqual([
        'only DescribeActivityType in',
        'only DescribeActivityType out',
        'only GetWorkflowExecutionHistory in',
        'only GetWorkflowExecutionHistory out',
        'only execute in {"n":41}',
        'only execute out 42',
        'only RespondActivityTaskCompleted in',
        'only RespondActivityTaskCompleted out',
      ]);
      expect(events).toEqual(['taskStarted', 'taskResponded', 'taskFinished']);
      await expect(
        runActivityTask(swf.client, task, activity, {
          domain: 'fake',
          interceptors: [{ call: 42 }] as never,
        }),
      ).rejects.toThrow(/runActivityTask: interceptors\[0\]\.call must be a function/);
    } finally {
      await swf.cleanup();
    }
  });
});
