/**
 * One `abort` listener per signal, however many waits watch it.
 *
 * A library that added a listener per wait to a signal it was given (a caller's signal shared
 * by hundreds of tasks, a task's signal under dozens of concurrent `ctx.sleep`) would trip
 * Node's `MaxListenersExceededWarning` and pay a listener per wait. Here each signal gets one
 * listener, which calls the callbacks registered for it, in order, and goes away with the last.
 */

type Callbacks = Set<() => void>;

const watched = new WeakMap<AbortSignal, Callbacks>();

/**
 * Calls `callback` once when `signal` aborts. Returns the function that stops watching: call
 * it when the wait ends some other way. A signal that has already aborted is not watched: check
 * `signal.aborted` first.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = watched.get(signal);
  if (callbacks === undefined) {
    const created: Callbacks = new Set();
    callbacks = created;
    watched.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        watched.delete(signal);
        for (const each of created) each();
        created.clear();
      },
      { once: true },
    );
    // The listener stays on the signal until it aborts, however many callbacks come and go;
    // an idle Set weighs less than adding and removing a listener per wait.
  }
  // A distinct entry per registration: the same function may watch twice.
  const entry = (): void => callback();
  callbacks.add(entry);
  return () => {
    callbacks.delete(entry);
  };
}
