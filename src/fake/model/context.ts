import type { Clock } from '../../clock/clock.js';
import type { ActivityTask } from './activity-task.js';
import type { Execution } from './execution.js';
import type { TokenRegistry } from './tokens.js';

/** What a task token stands for. */
export type TaskTokenEntry =
  | { readonly kind: 'activity'; readonly task: ActivityTask }
  | { readonly kind: 'decision'; readonly execution: Execution; readonly startedEventId: number };

/** The services that the parts of the model share. */
export interface ModelContext {
  readonly clock: Clock;
  readonly tokens: TokenRegistry<TaskTokenEntry>;
  /** How long a poll waits for a task before it answers empty (SWF: 60 s). */
  readonly pollTimeoutMs: number;
  /** The largest page of a history or a listing (SWF: 1000). */
  readonly maxPageSize: number;
  /** Whether the access policy lets `action` (an API or decision name) run in `domain`. */
  isPermitted(action: string, domain: string): boolean;
  /** Takes one token of a decision's rate quota; false when the quota is spent. */
  takeDecisionQuota(decisionType: string): boolean;
}
