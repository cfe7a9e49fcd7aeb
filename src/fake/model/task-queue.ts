import type { Clock, ClockTimer } from '../../clock/clock.js';
import { SwfServiceError } from '../errors.js';

/** A task waiting in a task list: scheduled, not yet handed to a poller. */
export interface QueuedTask {
  /** Higher goes first; equal priorities go in scheduling order. */
  readonly priority: number;
}

interface Waiter<Task> {
  readonly deliver: (task: Task | undefined) => void;
  timer: ClockTimer;
}

/**
 * One task list of one kind (activity or decision) in one domain: tasks waiting for a poller,
 * and pollers waiting for a task (long polls).
 *
 * A poll waits up to the poll timeout and is handed the first task that arrives; the handing
 * over happens synchronously, so the task is started at that instant whether or not the
 * poller's connection is still there, as on the real service.
 */
export class TaskQueue<Task extends QueuedTask> {
  readonly #pending: Task[] = [];
  readonly #waiters: Waiter<Task>[] = [];
  /** A poller that never leaves: it takes every task at once (see {@link TaskQueue.serve}). */
  #server: ((task: Task) => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly name: string,
    private readonly maxPollers: number,
  ) {}

  /** Tasks scheduled and not yet started. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Pollers waiting for a task. */
  get waitingPollers(): number {
    return this.#waiters.length;
  }

  /**
   * Hands every task offered from now on to `server`, at once: a decider the service runs
   * itself, always polling this task list.
   */
  serve(server: (task: Task) => void): void {
    this.#server = server;
  }

  /** Adds a task: the longest-waiting poller gets it at once, or it waits its turn. */
  offer(task: Task): void {
    if (this.#server !== undefined) {
      this.#server(task);
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      waiter.timer.cancel();
      waiter.deliver(task);
      return;
    }
    let index = this.#pending.length;
    while (index > 0 && (this.#pending[index - 1] as Task).priority < task.priority) index--;
    this.#pending.splice(index, 0, task);
  }

  /** Takes a task out of the queue before any poller gets it (canceled, timed out, closed). */
  remove(task: Task): void {
    const index = this.#pending.indexOf(task);
    if (index >= 0) this.#pending.splice(index, 1);
  }

  /**
   * Waits up to `waitMs` for a task. `start` is called synchronously with the task when it is
   * handed over and returns what the poll answers; `undefined` after the wait means no task.
   */
  poll<Result>(waitMs: number, start: (task: Task) => Result): Promise<Result | undefined> {
    const ready = this.#pending.shift();
    if (ready !== undefined) return Promise.resolve(start(ready));
    if (this.#waiters.length >= this.maxPollers) {
      return Promise.reject(
        new SwfServiceError(
          'LimitExceededFault',
          `Too many pollers on task list '${this.name}': at most ${this.maxPollers} may wait at once`,
        ),
      );
    }
    return new Promise<Result | undefined>((resolve, reject) => {
      const waiter: Waiter<Task> = {
        deliver: (task) => {
          if (task === undefined) {
            resolve(undefined);
            return;
          }
          try {
            resolve(start(task));
          } catch (error) {
            reject(error);
          }
        },
        timer: this.clock.setTimer(() => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          resolve(undefined);
        }, waitMs),
      };
      this.#waiters.push(waiter);
    });
  }

  /** Answers every waiting poll with no task (the service is closing). */
  releasePollers(): void {
    for (const waiter of this.#waiters.splice(0)) {
      waiter.timer.cancel();
      waiter.deliver(undefined);
    }
  }
}
