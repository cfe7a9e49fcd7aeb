import type { ActivityEvent } from '../events/activity-events.js';

/** Everything a worker reports: the events of its tasks, and its own. */
export type WorkerEvent =
  | ActivityEvent
  /**
   * A poll failed with an error that may heal (throttling, 5xx, the network, no answer within
   * 70 s); the poller waits `retryInMs` (exponential back-off with jitter) and polls again.
   * Errors only a change of configuration heals make `run()` reject instead.
   */
  | { readonly type: 'pollError'; readonly error: unknown; readonly retryInMs: number }
  /** A shutdown started (`shutdown()` or a signal): no new polls; tasks in flight have `graceMs`. */
  | { readonly type: 'shutdownStarted'; readonly graceMs: number }
  /**
   * The grace ran out: the signals of the remaining tasks aborted with WorkerShutdownError, and
   * the polls still open were abandoned.
   */
  | { readonly type: 'shutdownGraceEnded'; readonly tasksInFlight: number };

/** The name of a worker event. */
export type WorkerEventType = WorkerEvent['type'];

/**
 * Every worker event type, for listening to all of them.
 *
 * @example
 * ```ts
 * for (const type of WORKER_EVENT_TYPES) worker.on(type, (event) => console.log(event.type));
 * ```
 */
export const WORKER_EVENT_TYPES: readonly WorkerEventType[] = [
  'taskStarted',
  'heartbeatSent',
  'heartbeatRetried',
  'heartbeatFailed',
  'detailsTruncated',
  'cancelRequested',
  'taskGone',
  'respondRetried',
  'taskResponded',
  'respondFailed',
  'taskHandedOff',
  'taskFinished',
  'warning',
  'pollError',
  'shutdownStarted',
  'shutdownGraceEnded',
] satisfies readonly WorkerEventType[];

/** The event of type `Type`. */
export type WorkerEventOf<Type extends WorkerEventType> = Extract<WorkerEvent, { type: Type }>;

type Listener = (event: WorkerEvent) => void;

/**
 * Typed listeners by event type. A listener that throws is reported to `onListenerError` and
 * never disturbs the worker.
 */
export class WorkerEventListeners {
  readonly #listeners = new Map<WorkerEventType, Set<Listener>>();

  constructor(private readonly onListenerError: (error: unknown, type: WorkerEventType) => void) {}

  add<Type extends WorkerEventType>(
    type: Type,
    listener: (event: WorkerEventOf<Type>) => void,
  ): void {
    let set = this.#listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener as Listener);
  }

  remove<Type extends WorkerEventType>(
    type: Type,
    listener: (event: WorkerEventOf<Type>) => void,
  ): void {
    this.#listeners.get(type)?.delete(listener as Listener);
  }

  emit(event: WorkerEvent): void {
    const set = this.#listeners.get(event.type);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error, event.type);
      }
    }
  }
}
