import type { Clock } from '../clock/clock.js';

/** A token bucket: `bucketSize` calls at once, refilled at `refillPerSecond`. */
export interface ThrottleQuota {
  readonly bucketSize: number;
  readonly refillPerSecond: number;
}

/**
 * SWF's documented per-account throttling quotas (the same in every region): API calls, and
 * decisions within RespondDecisionTaskCompleted.
 */
export const SWF_THROTTLE_QUOTAS: Readonly<Record<string, ThrottleQuota>> = {
  CountClosedWorkflowExecutions: { bucketSize: 2000, refillPerSecond: 6 },
  CountOpenWorkflowExecutions: { bucketSize: 2000, refillPerSecond: 6 },
  CountPendingActivityTasks: { bucketSize: 200, refillPerSecond: 6 },
  CountPendingDecisionTasks: { bucketSize: 200, refillPerSecond: 6 },
  // Delete*Type: not in SWF's quota table; as their Deprecate counterparts.
  DeleteActivityType: { bucketSize: 200, refillPerSecond: 6 },
  DeleteWorkflowType: { bucketSize: 200, refillPerSecond: 6 },
  DeprecateActivityType: { bucketSize: 200, refillPerSecond: 6 },
  DeprecateDomain: { bucketSize: 100, refillPerSecond: 6 },
  DeprecateWorkflowType: { bucketSize: 200, refillPerSecond: 6 },
  DescribeActivityType: { bucketSize: 2000, refillPerSecond: 6 },
  DescribeDomain: { bucketSize: 200, refillPerSecond: 6 },
  DescribeWorkflowExecution: { bucketSize: 2000, refillPerSecond: 6 },
  DescribeWorkflowType: { bucketSize: 2000, refillPerSecond: 6 },
  GetWorkflowExecutionHistory: { bucketSize: 2000, refillPerSecond: 60 },
  ListActivityTypes: { bucketSize: 200, refillPerSecond: 6 },
  ListClosedWorkflowExecutions: { bucketSize: 200, refillPerSecond: 6 },
  ListDomains: { bucketSize: 100, refillPerSecond: 6 },
  ListOpenWorkflowExecutions: { bucketSize: 200, refillPerSecond: 48 },
  ListTagsForResource: { bucketSize: 50, refillPerSecond: 30 },
  ListWorkflowTypes: { bucketSize: 200, refillPerSecond: 6 },
  PollForActivityTask: { bucketSize: 2000, refillPerSecond: 200 },
  PollForDecisionTask: { bucketSize: 2000, refillPerSecond: 200 },
  RecordActivityTaskHeartbeat: { bucketSize: 2000, refillPerSecond: 160 },
  RegisterActivityType: { bucketSize: 200, refillPerSecond: 60 },
  RegisterDomain: { bucketSize: 100, refillPerSecond: 6 },
  RegisterWorkflowType: { bucketSize: 200, refillPerSecond: 60 },
  RequestCancelWorkflowExecution: { bucketSize: 2000, refillPerSecond: 30 },
  RespondActivityTaskCanceled: { bucketSize: 2000, refillPerSecond: 200 },
  RespondActivityTaskCompleted: { bucketSize: 2000, refillPerSecond: 200 },
  RespondActivityTaskFailed: { bucketSize: 2000, refillPerSecond: 200 },
  RespondDecisionTaskCompleted: { bucketSize: 2000, refillPerSecond: 200 },
  SignalWorkflowExecution: { bucketSize: 2000, refillPerSecond: 30 },
  StartWorkflowExecution: { bucketSize: 2000, refillPerSecond: 200 },
  TagResource: { bucketSize: 50, refillPerSecond: 30 },
  TerminateWorkflowExecution: { bucketSize: 2000, refillPerSecond: 60 },
  UndeprecateActivityType: { bucketSize: 200, refillPerSecond: 6 },
  UndeprecateDomain: { bucketSize: 100, refillPerSecond: 6 },
  UndeprecateWorkflowType: { bucketSize: 200, refillPerSecond: 6 },
  UntagResource: { bucketSize: 50, refillPerSecond: 30 },
  // decisions
  RequestCancelExternalWorkflowExecution: { bucketSize: 1200, refillPerSecond: 120 },
  ScheduleActivityTask: { bucketSize: 1000, refillPerSecond: 200 },
  SignalExternalWorkflowExecution: { bucketSize: 1200, refillPerSecond: 120 },
  StartChildWorkflowExecution: { bucketSize: 500, refillPerSecond: 12 },
  StartTimer: { bucketSize: 2000, refillPerSecond: 200 },
};

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets per API on the fake's clock, as SWF throttles an account: each call takes a
 * token; an empty bucket answers ThrottlingException until it refills.
 */
export class Throttle {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly quotas: Readonly<Record<string, ThrottleQuota>>,
  ) {}

  /** Takes a token for `name`; false if its bucket is empty. Names without a quota pass. */
  take(name: string): boolean {
    const quota = this.quotas[name];
    if (quota === undefined) return true;
    const now = this.clock.now();
    let bucket = this.#buckets.get(name);
    if (bucket === undefined) {
      bucket = { tokens: quota.bucketSize, updatedAt: now };
      this.#buckets.set(name, bucket);
    }
    const refilled = ((now - bucket.updatedAt) / 1000) * quota.refillPerSecond;
    bucket.tokens = Math.min(quota.bucketSize, bucket.tokens + refilled);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
