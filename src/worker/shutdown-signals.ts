import type { Logger } from '../logger.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Handles SIGTERM and SIGINT until the returned function is called: the first signal calls
 * `shutdown()` (the default grace, `graceMs` long), the next `shutdown(0)`, ending the grace
 * at once. The process's listener limit is raised by one meanwhile, so that many workers in
 * one process raise no warning; once the handlers are removed, Node's own handling is back.
 */
export function handleShutdownSignals(
  logger: Logger,
  graceMs: number,
  shutdown: (graceMs?: number) => void,
): () => void {
  let received = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    received += 1;
    const first = received === 1;
    logger.warn(
      { signal },
      first
        ? `${signal}: shutting down, with a grace of ${graceMs} ms for the tasks in flight (send it again to end the grace at once)`
        : `${signal} again: ending the shutdown grace now`,
    );
    shutdown(first ? undefined : 0);
  };
  raiseListenerLimit(1);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    raiseListenerLimit(-1);
  };
}

function raiseListenerLimit(by: number): void {
  const max = process.getMaxListeners();
  if (max !== 0 && max !== Number.POSITIVE_INFINITY) process.setMaxListeners(max + by);
}
