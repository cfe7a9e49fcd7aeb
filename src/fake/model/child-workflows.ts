import type { CloseStatus } from '@aws-sdk/client-swf';
import type { EventAttributes, EventType, Execution } from './execution.js';

/** Where a child run came from: its parent and the parent's StartChildWorkflowExecutionInitiated event. */
export interface ParentLink {
  readonly execution: Execution;
  readonly initiatedEventId: number;
  /** The parent's ChildWorkflowExecutionStarted event, once recorded. */
  startedEventId: number;
}

/**
 * A child run closed: its parent (if still open) records the matching ChildWorkflowExecution*
 * event and gets a decision task. A run continued as new hands its parent link to the next run
 * instead, so the parent hears only of the chain's last run.
 */
export function reportChildClosed(child: Execution, closeStatus: CloseStatus): void {
  const link = child.parent;
  if (link === undefined || closeStatus === 'CONTINUED_AS_NEW') return;
  const parent = link.execution;
  parent.removeChild(child);
  if (!parent.isOpen) return;
  const common = {
    workflowExecution: child.reference,
    workflowType: child.workflowType,
    initiatedEventId: link.initiatedEventId,
    startedEventId: link.startedEventId,
  };
  const closing = child.events[child.events.length - 1];
  const record = <T extends EventType>(type: T, attributes: EventAttributes<T>) =>
    parent.record(type, attributes);
  switch (closeStatus) {
    case 'COMPLETED':
      record('ChildWorkflowExecutionCompleted', {
        ...common,
        result: closing?.workflowExecutionCompletedEventAttributes?.result,
      });
      break;
    case 'FAILED':
      record('ChildWorkflowExecutionFailed', {
        ...common,
        reason: closing?.workflowExecutionFailedEventAttributes?.reason,
        details: closing?.workflowExecutionFailedEventAttributes?.details,
      });
      break;
    case 'CANCELED':
      record('ChildWorkflowExecutionCanceled', {
        ...common,
        details: closing?.workflowExecutionCanceledEventAttributes?.details,
      });
      break;
    case 'TIMED_OUT':
      record('ChildWorkflowExecutionTimedOut', { ...common, timeoutType: 'START_TO_CLOSE' });
      break;
    case 'TERMINATED':
      record('ChildWorkflowExecutionTerminated', common);
      break;
  }
  parent.scheduleDecisionTask();
}

/**
 * A parent was terminated or timed out: its child policy applies to its open children.
 * TERMINATE terminates them (and so on down), REQUEST_CANCEL asks them to cancel, ABANDON
 * leaves them running.
 */
export function applyChildPolicy(parent: Execution): void {
  const policy = parent.configuration.childPolicy;
  for (const child of [...parent.children]) {
    if (!child.isOpen) continue;
    if (policy === 'TERMINATE') {
      child.close('TERMINATED', 'WorkflowExecutionTerminated', {
        childPolicy: child.configuration.childPolicy,
        cause: 'CHILD_POLICY_APPLIED',
      });
    } else if (policy === 'REQUEST_CANCEL') {
      child.requestCancel({ cause: 'CHILD_POLICY_APPLIED' });
    }
  }
}
