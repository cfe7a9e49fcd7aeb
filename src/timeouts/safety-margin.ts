/**
 * How long before one of SWF's timeouts the worker acts, so that its call still reaches SWF in
 * time: a second, or a tenth of the timeout if that is shorter. The heartbeats' retry window
 * and the local start-to-close deadline both end this long before SWF's timeout.
 */
export function safetyMargin(timeoutMs: number): number {
  return Math.min(1000, timeoutMs * 0.1);
}
