import { safetyMargin } from '../timeouts/safety-margin.js';

/** How heartbeats are paced; every field has a default. */
export interface HeartbeatSettings {
  /**
   * The share of the heartbeat timeout between two automatic heartbeats: at a third, three
   * calls per timeout window, and two thirds of it left to retry a failed one.
   *
   * @defaultValue `1 / 3`
   */
  readonly intervalRatio?: number;
  /**
   * The least time between two calls, however often the handler calls `ctx.heartbeat`.
   *
   * @defaultValue a third of the automatic interval, between 1000 and 10000
   */
  readonly minIntervalMs?: number;
  /**
   * The interval when the heartbeat timeout is NONE, so that cancellation is noticed.
   *
   * @defaultValue `30000`
   */
  readonly intervalWithoutTimeoutMs?: number;
  /**
   * The interval when the heartbeat timeout could not be found, and while it is being found
   * (that can take retries). Set it lower for heartbeat timeouts of a few seconds, or give the
   * activity's `heartbeatTimeoutMs`.
   *
   * @defaultValue `5000`
   */
  readonly intervalWhenUnknownMs?: number;
}

/** The pacing of one task's heartbeats, worked out from its heartbeat timeout. */
export interface HeartbeatSchedule {
  /** Between automatic heartbeats. */
  readonly intervalMs: number;
  /** The least time between two calls. */
  readonly minIntervalMs: number;
  /**
   * How long after a heartbeat reached SWF the next must have reached it; retries stop then.
   * For a timeout of NONE (or unknown) this is one interval.
   */
  readonly retryWindowMs: number;
  /**
   * The heartbeat timeout itself: when no heartbeat was acknowledged for this long, SWF has
   * timed the task out. Infinity for NONE, and while unknown.
   */
  readonly timeoutMs: number;
}

/** Works out the schedule for a heartbeat timeout (ms; Infinity for NONE, NaN if unknown). */
export function heartbeatSchedule(
  heartbeatTimeoutMs: number,
  settings: HeartbeatSettings = {},
): HeartbeatSchedule {
  const ratio = settings.intervalRatio ?? 1 / 3;
  let intervalMs: number;
  let retryWindowMs: number;
  if (Number.isNaN(heartbeatTimeoutMs)) {
    intervalMs = settings.intervalWhenUnknownMs ?? 5000;
    retryWindowMs = intervalMs;
  } else if (heartbeatTimeoutMs === Number.POSITIVE_INFINITY) {
    intervalMs = settings.intervalWithoutTimeoutMs ?? 30_000;
    retryWindowMs = intervalMs;
  } else {
    intervalMs = heartbeatTimeoutMs * ratio;
    // Leave room for the network: the call must reach SWF before the timeout, not leave us.
    retryWindowMs = heartbeatTimeoutMs - safetyMargin(heartbeatTimeoutMs);
  }
  const minIntervalMs = Math.min(
    intervalMs,
    settings.minIntervalMs ?? Math.min(10_000, Math.max(1000, intervalMs / 3)),
  );
  const timeoutMs = Number.isNaN(heartbeatTimeoutMs)
    ? Number.POSITIVE_INFINITY
    : heartbeatTimeoutMs;
  return { intervalMs, minIntervalMs, retryWindowMs, timeoutMs };
}
