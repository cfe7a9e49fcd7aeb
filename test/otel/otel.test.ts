/**
 * The OpenTelemetry adapter with the real SDK (in-memory span exporter, metric reader on
 * demand), over a worker running against the fake on a manual clock: the spans and metric
 * points of completed, failed, canceled, gone and shut-down tasks.
 */
import {
  PollForActivityTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  TerminateWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { context, createContextKey, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  type ActivityContext,
  defineActivity,
  runActivityTask,
  silentLogger,
  textCodec,
  type ActivityInterceptor as WorkerInterceptor,
  WorkerShutdownError,
} from 'swf-activity-worker';
import {
  OpenTelemetryInterceptor,
  type OpenTelemetryInterceptorOptions,
} from 'swf-activity-worker/otel';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openFake } from '../support/fake-harness.js';
import { useWorkerHarness, type WorkerHarness } from '../worker/support/harness.js';
import { createTelemetry, histogram, type Telemetry } from './support/telemetry.js';

const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  context.disable();
});

const WHERE = { domain: 'fake', task_list: 'default' };

/**
 * An activity of type `activity@1` whose timeouts are in its definition (heartbeat 30 s,
 * start-to-close 1 h), so that none is looked up.
 */
function activityOf(
  handler: (input: unknown, ctx: ActivityContext) => Promise<unknown>,
  options: Partial<Parameters<typeof defineActivity>[0]> = {},
) {
  return defineActivity({
    name: 'activity',
    version: '1',
    heartbeatTimeoutMs: 30_000,
    startToCloseTimeoutMs: 3_600_000,
    handler,
    ...options,
  });
}

describe('OpenTelemetry adapter', () => {
  const open = useWorkerHarness('in-process');
  const opened: Telemetry[] = [];
  afterEach(async () => {
    for (const telemetry of opened.splice(0)) await telemetry.shutdown();
  });

  /** A harness, the SDK, and the interceptor reporting to it on the harness's clock. */
  async function setUp(options: OpenTelemetryInterceptorOptions = {}) {
    const swf = await open();
    const telemetry = createTelemetry();
    opened.push(telemetry);
    const interceptor = new OpenTelemetryInterceptor({
      tracerProvider: telemetry.tracerProvider,
      meterProvider: telemetry.meterProvider,
      clock: swf.clock,
      ...options,
    });
    return { swf, telemetry, interceptor };
  }

  function onlySpan(telemetry: Telemetry, name: string): ReadableSpan {
    const spans = telemetry.spans().filter((span) => span.name === name);
    expect(spans.map((span) => span.name)).toEqual([name]);
    return spans[0] as ReadableSpan;
  }

  const durationMs = (span: ReadableSpan) =>
    (span.endTime[0] - span.startTime[0]) * 1000 + (span.endTime[1] - span.startTime[1]) / 1e6;

  it('completed: a root CONSUMER span with the task in its attributes; latency, heartbeats, slack, schedule-to-start', async () => {
    const { swf, telemetry, interceptor } = await setUp();
    const task = swf.fake.scheduleActivityTask({
      activityType: { name: 'resize', version: '2' },
      heartbeatTimeout: 30,
      startToCloseTimeout: 600,
      input: '{"key":"cat.png"}',
    });
    await swf.clock.advance(5_000); // scheduled 5 s before a worker takes it
    const resize = defineActivity({
      name: 'resize',
      version: '2',
      async handler(input: { key: string }, ctx) {
        await ctx.sleep(25_000);
        return { thumbnail: input.key };
      },
    });
    const { worker } = swf.startWorker({ activities: [resize], interceptors: [interceptor] });
    await swf.clock.advance(1_000);

    // While it runs: the gauges of the worker's slots and polls.
    expect(await telemetry.count('swf_worker_task_slots_used', WHERE)).toBe(1);
    expect(await telemetry.count('swf_worker_task_slots_available', WHERE)).toBe(9);
    const [pollers] = await telemetry.points('swf_num_pollers', {
      ...WHERE,
      poller_type: 'activity_task',
    });
    expect(pollers?.value).toBe(worker.pollsInFlight);
    expect(pollers?.attributes.worker_type).toBe('ActivityWorker');

    await swf.clock.advance(29_000);
    const state = swf.fake.activityTask(task);
    expect(state.closeEvent?.eventType).toBe('ActivityTaskCompleted');

    const span = onlySpan(telemetry, 'RunActivity:resize');
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.attributes).toEqual({
      'swf.domain': 'fake',
      'swf.task_list': 'default',
      'swf.activity_type.name': 'resize',
      'swf.activity_type.version': '2',
      'swf.workflow_id': task.workflowExecution.workflowId,
      'swf.run_id': task.workflowExecution.runId,
      'swf.activity_id': task.activityId,
      'swf.started_event_id': state.startedEventId,
      // The type has no default timeouts: they came from the history.
      'swf.timeout_source': 'history',
      'swf.heartbeat_timeout_ms': 30_000,
      'swf.start_to_close_timeout_ms': 600_000,
      'swf.outcome': 'completed',
      'swf.heartbeat_count': 2,
    });
    expect(span.status.code).toBe(SpanStatusCode.OK);
    expect(span.events).toEqual([]);
    expect(durationMs(span)).toBe(25_000);

    const attributes = { ...WHERE, activity_type: 'resize' };
    expect(await telemetry.count('swf_activity_task_received', attributes)).toBe(1);
    const [latency] = await telemetry.points('swf_activity_execution_latency', {
      ...attributes,
      outcome: 'completed',
    });
    expect(histogram(latency)).toMatchObject({ count: 1, sum: 25_000 });
    const [scheduleToStart] = await telemetry.points(
      'swf_activity_schedule_to_start_latency',
      attributes,
    );
    expect(histogram(scheduleToStart)).toMatchObject({ count: 1, sum: 5_000 });
    expect(await telemetry.count('swf_activity_heartbeat_sent', attributes)).toBe(2);
    const [slack] = await telemetry.points('swf_activity_heartbeat_slack', attributes);
    // Beats a third of the 30 s timeout apart (the first at a random point of the second half
    // of the interval): each is acknowledged with 20 s to 25 s left.
    expect(histogram(slack).count).toBe(2);
    expect(histogram(slack).min).toBeGreaterThanOrEqual(19_999);
    expect(histogram(slack).max).toBeLessThanOrEqual(25_001);
    const [budgetWait] = await telemetry.points('swf_activity_heartbeat_budget_wait', attributes);
    expect(histogram(budgetWait)).toMatchObject({ count: 2, sum: 0 });
    expect(await telemetry.count('swf_activity_execution_failed')).toBe(0);
  });

  it('failed: status ERROR with the exception and the reason; counted as failed', async () => {
    const { swf, telemetry, interceptor } = await setUp();
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const activity = activityOf(async (_input, ctx) => {
      await ctx.sleep(3_000);
      throw new RangeError('the image is too wide');
    });
    swf.startWorker({ activities: [activity], interceptors: [interceptor] });
    await swf.clock.advance(5_000);

    const span = onlySpan(telemetry, 'RunActivity:activity');
    expect(span.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'RangeError: the image is too wide',
    });
    expect(span.attributes).toMatchObject({
      'swf.outcome': 'failed',
      'swf.failure_reason': 'RangeError: the image is too wide',
      'swf.timeout_source': 'definition',
    });
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(span.events[0]?.attributes).toMatchObject({
      'exception.type': 'RangeError',
      'exception.message': 'the image is too wide',
    });
    const attributes = { ...WHERE, activity_type: 'activity' };
    expect(await telemetry.count('swf_activity_execution_failed', attributes)).toBe(1);
    const [latency] = await telemetry.points('swf_activity_execution_latency', {
      ...attributes,
      outcome: 'failed',
    });
    expect(histogram(latency)).toMatchObject({ count: 1, sum: 3_000 });
  });

  it('canceled: a cancel-requested event and status OK; counted as cancel requested', async () => {
    const { swf, telemetry, interceptor } = await setUp();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const activity = activityOf(async (_input, ctx) => ctx.sleep(3_600_000));
    swf.startWorker({ activities: [activity], interceptors: [interceptor] });
    await swf.clock.advance(2_000);
    swf.fake.requestActivityTaskCancel(task);
    await swf.clock.advance(11_000);
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCanceled');

    const span = onlySpan(telemetry, 'RunActivity:activity');
    expect(span.status.code).toBe(SpanStatusCode.OK);
    expect(span.attributes['swf.outcome']).toBe('canceled');
    expect(span.events.map((event) => event.name)).toEqual(['swf.cancel_requested']);
    const attributes = { ...WHERE, activity_type: 'activity' };
    expect(await telemetry.count('swf_activity_cancel_requested', attributes)).toBe(1);
    expect(await telemetry.count('swf_activity_execution_latency', { outcome: 'canceled' })).toBe(
      1,
    );
    expect(await telemetry.count('swf_activity_execution_failed')).toBe(0);
  });

  it('gone: a task-gone event and status ERROR; counted as gone during a heartbeat', async () => {
    const { swf, telemetry, interceptor } = await setUp();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 3600 });
    const activity = activityOf(async (_input, ctx) => ctx.sleep(3_600_000));
    swf.startWorker({ activities: [activity], interceptors: [interceptor] });
    await swf.clock.advance(1_000);
    await swf.client.send(
      new TerminateWorkflowExecutionCommand({
        domain: task.domain,
        workflowId: task.workflowExecution.workflowId,
      }),
    );
    await swf.clock.advance(15_000);

    const span = onlySpan(telemetry, 'RunActivity:activity');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toMatch(/no longer knows the task/);
    expect(span.attributes['swf.outcome']).toBe('gone');
    expect(span.events.map((event) => event.name)).toEqual(['swf.task_gone']);
    expect(span.events[0]?.attributes).toMatchObject({ during: 'heartbeat' });
    const attributes = { ...WHERE, activity_type: 'activity' };
    expect(
      await telemetry.count('swf_activity_task_gone', { ...attributes, during: 'heartbeat' }),
    ).toBe(1);
    expect(await telemetry.count('swf_activity_execution_latency', { outcome: 'gone' })).toBe(1);
    expect(await telemetry.count('swf_activity_execution_failed')).toBe(0);
  });

  it('shut down: the task aborted by shutdown is failed with WorkerShutdownError; a task of an unknown type has its span too', async () => {
    const { swf, telemetry, interceptor } = await setUp();
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 3600 });
    swf.fake.scheduleActivityTask({
      activityType: { name: 'unknown', version: '1' },
      heartbeatTimeout: 30,
      startToCloseTimeout: 3600,
    });
    const activity = activityOf(async (_input, ctx) => ctx.sleep(3_600_000));
    const { worker, running } = swf.startWorker({
      activities: [activity],
      interceptors: [interceptor],
    });
    await swf.clock.advance(1_000);
    const stopped = worker.shutdown({ graceMs: 2_000 });
    await swf.advanceUntil(Promise.all([stopped, running]));

    const span = onlySpan(telemetry, 'RunActivity:activity');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['swf.outcome']).toBe('failed');
    expect(span.attributes['swf.failure_reason']).toMatch(/^WorkerShutdownError: /);
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(span.events[0]?.attributes?.['exception.type']).toBe(new WorkerShutdownError().name);
    expect(durationMs(span)).toBe(3_000);

    const unknown = onlySpan(telemetry, 'RunActivity:unknown');
    expect(unknown.attributes['swf.failure_reason']).toMatch(/^UnknownActivityTypeError: /);
    expect(unknown.status.code).toBe(SpanStatusCode.ERROR);
    expect(
      await telemetry.count('swf_activity_execution_failed', { activity_type: 'activity' }),
    ).toBe(1);
    expect(
      await telemetry.count('swf_activity_execution_failed', { activity_type: 'unknown' }),
    ).toBe(1);
    expect(await telemetry.count('swf_activity_task_received')).toBe(2);
    // The gauges report no worker once it stopped.
    expect(await telemetry.points('swf_worker_task_slots_used')).toEqual([]);
  });

  it('handed off: a handed-off event, status unset; its latency under outcome handedOff', async () => {
    const { swf, telemetry, interceptor } = await setUp();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const activity = activityOf(async (_input, ctx) => {
      await ctx.sleep(2_000);
      return ctx.completeLater();
    });
    swf.startWorker({ activities: [activity], interceptors: [interceptor] });
    await swf.clock.advance(3_000);
    expect(swf.fake.activityTask(task).status).not.toBe('CLOSED');

    const span = onlySpan(telemetry, 'RunActivity:activity');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['swf.outcome']).toBe('handedOff');
    expect(span.events.map((event) => event.name)).toEqual(['swf.handed_off']);
    const [latency] = await telemetry.points('swf_activity_execution_latency', {
      outcome: 'handedOff',
    });
    expect(histogram(latency)).toMatchObject({ count: 1, sum: 2_000 });
  });

  it('runs the handler in the span: its spans are children, and a traceparent from the input makes the task span a child', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const { swf, telemetry, interceptor } = await setUp({
      traceparent: (input) => (input as { traceparent?: string }).traceparent,
    });
    swf.fake.scheduleActivityTask({
      heartbeatTimeout: 30,
      startToCloseTimeout: 600,
      input: JSON.stringify({ traceparent: `00-${traceId}-b7ad6b7169203331-01` }),
    });
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600, input: '{}' });
    const handlerTracer = telemetry.tracerProvider.getTracer('handler');
    const activeInHandler: (string | undefined)[] = [];
    const activity = activityOf(async (_input, ctx) => {
      await ctx.sleep(1_000);
      activeInHandler.push(trace.getActiveSpan()?.spanContext().spanId);
      handlerTracer.startSpan('work inside the handler').end();
      return 'done';
    });
    swf.startWorker({ activities: [activity], interceptors: [interceptor] });
    await swf.clock.advance(2_000);

    const tasks = telemetry.spans().filter((span) => span.name === 'RunActivity:activity');
    const children = telemetry.spans().filter((span) => span.name === 'work inside the handler');
    expect(tasks).toHaveLength(2);
    expect(children).toHaveLength(2);
    const withParent = tasks.find((span) => span.spanContext().traceId === traceId);
    const root = tasks.find((span) => span.spanContext().traceId !== traceId);
    expect(withParent?.parentSpanContext).toMatchObject({
      traceId,
      spanId: 'b7ad6b7169203331',
      isRemote: true,
    });
    expect(root?.parentSpanContext).toBeUndefined();
    for (const task of tasks) {
      const spanId = task.spanContext().spanId;
      expect(activeInHandler).toContain(spanId);
      expect(children.map((child) => child.parentSpanContext?.spanId)).toContain(spanId);
    }
  });

  it("keeps the context an outer interceptor set: the handler's and each call's, with the task's span added", async () => {
    const { swf, telemetry, interceptor } = await setUp();
    const where = createContextKey('where the outer interceptor set the context');
    const outer: WorkerInterceptor = {
      execute: (input, ctx, next) =>
        context.with(context.active().setValue(where, 'execute'), () => next(input, ctx)),
      call: (operation, input, next) =>
        context.with(context.active().setValue(where, operation), () => next(input)),
    };
    const seen: { where: unknown; spanId: string | undefined }[] = [];
    const see = () =>
      seen.push({
        where: context.active().getValue(where),
        spanId: trace.getActiveSpan()?.spanContext().spanId,
      });
    const inner: WorkerInterceptor = {
      call: (operation, input, next) => {
        if (operation === 'RespondActivityTaskCompleted') see();
        return next(input);
      },
    };
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const activity = activityOf(async () => {
      see();
      return 'done';
    });
    swf.startWorker({ activities: [activity], interceptors: [outer, interceptor, inner] });
    await swf.clock.advance(1_000);

    const spanId = onlySpan(telemetry, 'RunActivity:activity').spanContext().spanId;
    expect(seen).toEqual([
      { where: 'execute', spanId },
      { where: 'RespondActivityTaskCompleted', spanId },
    ]);
  });

  it('suppresses tracing during polls and heartbeats; the other calls of a task are children of its span', async () => {
    const { swf, telemetry, interceptor } = await setUp();
    // Stands for @opentelemetry/instrumentation-aws-sdk: a span around every SWF call.
    const sdkTracer = telemetry.tracerProvider.getTracer('aws-sdk');
    const started: string[] = [];
    const awsSdk: WorkerInterceptor = {
      async call(operation, input, next) {
        started.push(operation);
        const span = sdkTracer.startSpan(`SWF.${operation}`);
        try {
          return await context.with(trace.setSpan(context.active(), span), () => next(input));
        } finally {
          span.end();
        }
      },
    };
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      timeoutStrategy: 'history',
      handler: async (_input, ctx) => ctx.sleep(15_000),
    });
    swf.startWorker({ activities: [activity], interceptors: [interceptor, awsSdk] });
    await swf.clock.advance(16_000);

    expect(started).toContain('PollForActivityTask');
    expect(started).toContain('RecordActivityTaskHeartbeat');
    const task = onlySpan(telemetry, 'RunActivity:activity');
    const calls = telemetry.spans().filter((span) => span.name.startsWith('SWF.'));
    expect(calls.map((span) => span.name).sort()).toEqual([
      'SWF.GetWorkflowExecutionHistory',
      'SWF.RespondActivityTaskCompleted',
    ]);
    for (const call of calls) {
      expect(call.parentSpanContext?.spanId).toBe(task.spanContext().spanId);
    }
  });

  it('counts throttled and retried heartbeats, cut details, empty polls, unreported outcomes', async () => {
    const { swf, telemetry, interceptor } = await setUp();
    const heartbeats = ['RecordActivityTaskHeartbeat'] as const;
    swf.fake.faults.inject({ operations: heartbeats, error: 'ThrottlingException', times: 2 });
    swf.fake.faults.inject({
      operations: ['RespondActivityTaskCompleted'],
      error: 'OperationNotPermittedFault',
    });
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      codec: textCodec,
      heartbeatTimeoutMs: 30_000,
      startToCloseTimeoutMs: 600_000,
      async handler(_input, ctx) {
        ctx.heartbeat('y'.repeat(5_000));
        await ctx.sleep(20_000);
        return 'done';
      },
    });
    swf.startWorker({ activities: [activity], interceptors: [interceptor], pollers: 1 });
    await swf.clock.advance(90_000); // the task ends; the next poll waits 60 s and ends empty

    const attributes = { ...WHERE, activity_type: 'activity' };
    expect(await telemetry.count('swf_activity_heartbeat_throttled', attributes)).toBe(2);
    expect(await telemetry.count('swf_activity_heartbeat_retried', attributes)).toBe(2);
    expect(await telemetry.count('swf_activity_details_truncated', attributes)).toBe(1);
    expect(await telemetry.count('swf_activity_respond_failed', attributes)).toBe(1);
    expect(await telemetry.count('swf_activity_poll_no_task', WHERE)).toBeGreaterThanOrEqual(1);
    expect(await telemetry.count('swf_activity_execution_latency', { outcome: 'unreported' })).toBe(
      1,
    );
    const span = onlySpan(telemetry, 'RunActivity:activity');
    expect(span.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'The outcome could not be reported',
    });
    expect(span.events.map((event) => event.name)).toEqual([
      'swf.details_truncated',
      'swf.heartbeat_retried',
      'swf.heartbeat_retried',
      'swf.respond_failed',
    ]);
    expect(span.events[0]?.attributes).toEqual({ length: 5_000, limit: 2_048 });
  });

  it('names metrics with the prefix, in the units stated; turns traces or metrics off', async () => {
    const { swf, telemetry, interceptor } = await setUp({
      metricPrefix: 'temporal_',
      traces: false,
    });
    swf.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    const activity = activityOf(async () => 'done');
    swf.startWorker({ activities: [activity], interceptors: [interceptor] });
    await swf.clock.advance(1_000);

    const metrics = await telemetry.collect();
    expect(metrics.get('temporal_activity_execution_latency')?.descriptor).toMatchObject({
      unit: 'ms',
    });
    expect(metrics.get('temporal_activity_task_received')?.descriptor.unit).toBe('{task}');
    expect(metrics.get('temporal_worker_task_slots_available')?.descriptor.unit).toBe('{slot}');
    expect(metrics.get('temporal_num_pollers')?.descriptor.unit).toBe('{poller}');
    expect([...metrics.keys()].every((name) => name.startsWith('temporal_'))).toBe(true);
    expect(telemetry.spans()).toEqual([]);

    expect(() => new OpenTelemetryInterceptor({ metricPrefix: 'has space' })).toThrow(
      /metricPrefix must start with a letter/,
    );
    const quiet = createTelemetry();
    opened.push(quiet);
    const off = new OpenTelemetryInterceptor({
      tracerProvider: quiet.tracerProvider,
      meterProvider: quiet.meterProvider,
      metrics: false,
      traces: false,
    });
    const harness: WorkerHarness = swf;
    harness.fake.scheduleActivityTask({ heartbeatTimeout: 30, startToCloseTimeout: 600 });
    harness.startWorker({ activities: [activity], interceptors: [off], taskList: 'default' });
    await harness.clock.advance(1_000);
    expect(await quiet.collect()).toEqual(new Map());
    expect(quiet.spans()).toEqual([]);
  });
});

describe('OpenTelemetry adapter with runActivityTask', () => {
  it('records the span and metrics of a task from a poll loop of your own', async () => {
    const swf = await openFake('in-process');
    const telemetry = createTelemetry();
    try {
      await swf.client.send(
        new RegisterDomainCommand({ name: 'fake', workflowExecutionRetentionPeriodInDays: '1' }),
      );
      await swf.client.send(
        new RegisterActivityTypeCommand({
          domain: 'fake',
          name: 'typed',
          version: '1',
          defaultTaskHeartbeatTimeout: '30',
          defaultTaskStartToCloseTimeout: '600',
        }),
      );
      swf.fake.scheduleActivityTask({
        activityType: { name: 'typed', version: '1' },
        input: '"x"',
      });
      const task = await swf.client.send(
        new PollForActivityTaskCommand({ domain: 'fake', taskList: { name: 'default' } }),
      );
      const typed = defineActivity({
        name: 'typed',
        version: '1',
        handler: async (input: string) => input,
      });
      const interceptor = new OpenTelemetryInterceptor({
        tracerProvider: telemetry.tracerProvider,
        meterProvider: telemetry.meterProvider,
        clock: swf.clock,
      });
      const outcome = await runActivityTask(swf.client, task, typed, {
        domain: 'fake',
        clock: swf.clock,
        logger: silentLogger,
        interceptors: [interceptor],
      });
      expect(outcome.status).toBe('completed');
      const [span] = telemetry.spans();
      expect(span?.name).toBe('RunActivity:typed');
      expect(span?.attributes['swf.timeout_source']).toBe('activity-type');
      // No poll of the library's: the task list is not known.
      expect(span?.attributes['swf.task_list']).toBeUndefined();
      expect(
        await telemetry.count('swf_activity_task_received', {
          domain: 'fake',
          activity_type: 'typed',
        }),
      ).toBe(1);
    } finally {
      await telemetry.shutdown();
      await swf.cleanup();
    }
  });
});
