import type { AsyncActivityCodec } from '../activity/async-codec.js';
import { jsonCodec } from '../activity/codec.js';
import { type Clock, systemClock } from '../clock/clock.js';
import { type ActivityAbortError, ActivityCancelledError, TaskHandedOff } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { type ActivityContext, TaskContext } from '../runner/activity-context.js';
import { ActivityTaskInfo } from '../runner/activity-task-info.js';
import type { EffectiveTimeouts } from '../timeouts/timeout-resolver.js';

/** Options of {@link createMockActivityContext}. */
export interface MockActivityContextOptions {
  /** The task's fields. Default: a made-up task of type `test@1`. */
  readonly activityId?: string;
  readonly activityType?: { readonly name: string; readonly version: string };
  readonly workflowExecution?: { readonly workflowId: string; readonly runId: string };
  /** The raw input string the task carries. */
  readonly input?: string;
  /** Default: no timeouts (Infinity). */
  readonly timeouts?: Partial<Omit<EffectiveTimeouts, 'source'>>;
  /** The clock `ctx.sleep` waits on. Default: the system clock; pass a ManualClock to skip waits. */
  readonly clock?: Clock;
  /** Default: silent. */
  readonly logger?: Logger;
  /** Encodes heartbeat details to check that they can be sent. Default: JSON. */
  readonly codec?: AsyncActivityCodec;
}

/** A context for calling a handler directly in a unit test, and the test's handles on it. */
export interface MockActivityContext<Details = unknown> {
  /** Pass this to the handler. */
  readonly ctx: ActivityContext<Details>;
  /** Every `ctx.heartbeat(details)` call, in order. */
  readonly heartbeats: Details[];
  /** Whether {@link MockActivityContext.requestCancel} was called. */
  readonly cancelRequested: boolean;
  /** Whether the handler called `ctx.completeLater()`. */
  readonly handedOff: boolean;
  /** Acts as SWF answering `cancelRequested`: the signal aborts with ActivityCancelledError. */
  requestCancel(): void;
  /** Aborts the signal with any reason, e.g. `new TaskGoneError()` or `new WorkerShutdownError()`. */
  abort(reason: ActivityAbortError): void;
}

/**
 * A context for a handler with no SWF behind it: it records heartbeats, and lets the test
 * request cancellation or abort the task for any reason.
 *
 * @example
 * ```ts
 * const mock = createMockActivityContext();
 * const running = resizeImage.handler({ key: 'cat.png' }, mock.ctx);
 * mock.requestCancel();
 * await expect(running).rejects.toBeInstanceOf(ActivityCancelledError);
 * expect(mock.heartbeats).toEqual([{ stage: 'downloading' }]);
 * ```
 */
export function createMockActivityContext<Details = unknown>(
  options: MockActivityContextOptions = {},
): MockActivityContext<Details> {
  const abort = new AbortController();
  const heartbeats: Details[] = [];
  const codec = options.codec ?? jsonCodec;
  let cancelRequested = false;
  let handedOff = false;
  const task = new ActivityTaskInfo(
    {
      taskToken: 'test-task-token',
      activityId: options.activityId ?? 'test-activity',
      startedEventId: 1,
      activityType: options.activityType ?? { name: 'test', version: '1' },
      workflowExecution: options.workflowExecution ?? {
        workflowId: 'test-workflow',
        runId: 'test-run',
      },
      input: options.input,
    },
    'test-domain',
  );
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const ctx = new TaskContext<Details>(
    task,
    {
      heartbeatTimeoutMs: options.timeouts?.heartbeatTimeoutMs ?? Number.POSITIVE_INFINITY,
      startToCloseTimeoutMs: options.timeouts?.startToCloseTimeoutMs ?? Number.POSITIVE_INFINITY,
      source: 'definition',
    },
    {
      signal: abort.signal,
      logger,
      clock,
      heartbeat: (details) => {
        codec.encodeDetails(details);
        heartbeats.push(details as Details);
      },
      completeLater: () => {
        handedOff = true;
        throw new TaskHandedOff();
      },
    },
  );
  return {
    ctx,
    heartbeats,
    get cancelRequested() {
      return cancelRequested;
    },
    get handedOff() {
      return handedOff;
    },
    requestCancel: () => {
      cancelRequested = true;
      abort.abort(new ActivityCancelledError());
    },
    abort: (reason) => abort.abort(reason),
  };
}
