/**
 * One `abort` listener per signal, however many waits watch it.
 *
 * A library that added a listener per wait to a signal it was given (a caller's signal shared
 * by hundreds of tasks, a task's signal under dozens of concurrent `ctx.sleep`) would trip
 * Node's `MaxListenersExceededWarning` and pay a listener per wait. Here each signal gets one
 * listener, which tells the watchers registered for it, in order, and goes away with the last.
 */

/**
 * What watches a signal through {@link watchAbort}: an object with a method, so that a watch
 * that lasts as long as its watcher (a task in flight, watching the worker's shutdown) costs
 * no closure of its own.
 */
export interface AbortWatcher {
  /** Called once, when the watched signal aborts. */
  onAbort(): void;
}

type Watchers = Set<AbortWatcher>;

const watched = new WeakMap<AbortSignal, Watchers>();

/**
 * Tells `watcher` once when `signal` aborts, until {@link unwatchAbort}. A signal that has
 * already aborted is not watched: check `signal.aborted` first. A watcher is registered once
 * per signal, however many times it is passed.
 */
export function watchAbort(signal: AbortSignal, watcher: AbortWatcher): void {
  let watchers = watched.get(signal);
  if (watchers === undefined) {
    const created: Watchers = new Set();
    watchers = created;
    watched.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        watched.delete(signal);
        for (const each of created) each.onAbort();
        created.clear();
      },
      { once: true },
    );
    // The listener stays on the signal until it aborts, however many watchers come and go;
    // an idle Set weighs less than adding and removing a listener per wait.
  }
  watchers.add(watcher);
}

/** Stops telling `watcher` about `signal`; harmless if it was not watching, or for no signal. */
export function unwatchAbort(signal: AbortSignal | undefined, watcher: AbortWatcher): void {
  if (signal !== undefined) watched.get(signal)?.delete(watcher);
}

/**
 * Calls `callback` once when `signal` aborts. Returns the function that stops watching: call
 * it when the wait ends some other way. A signal that has already aborted is not watched: check
 * `signal.aborted` first.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  // A distinct watcher per registration: the same function may watch twice.
  const watcher: AbortWatcher = { onAbort: callback };
  watchAbort(signal, watcher);
  return () => unwatchAbort(signal, watcher);
}
