import type { ActivityTask, PollForActivityTaskInput } from '@aws-sdk/client-swf';
import { activityTypeLabel } from '../activity/define-activity.js';
import { checkClient } from '../client/check-client.js';
import { type ClockTimer, sleep } from '../clock/clock.js';
import {
  UnknownActivityTypeError,
  WorkerConfigurationError,
  WorkerShutdownError,
} from '../errors.js';
import { errorSummary } from '../logger.js';
import { checkMembers, milliseconds } from '../options/check-options.js';
import {
  type ActivityWorkerOptions,
  resolveWorkerSettings,
  type WorkerSettings,
} from '../options/worker-options.js';
import { registerWorkerActivityTypes } from '../registration/register-activity-types.js';
import { backoffDelay } from '../retry/backoff.js';
import { TrySequence } from '../retry/try-sequence.js';
import { ActivityTaskInfo } from '../runner/activity-task-info.js';
import { failTaskAtOnce } from '../runner/fail-at-once.js';
import { TaskRun } from '../runner/task-run.js';
import { boundedPoll, PollAbandonedError } from './bounded-poll.js';
import { configurationError } from './poll-errors.js';
import { handleShutdownSignals } from './shutdown-signals.js';
import { Slots } from './slots.js';
import {
  type WorkerEvent,
  WorkerEventListeners,
  type WorkerEventOf,
  type WorkerEventType,
} from './worker-events.js';

/**
 * How long after the handlers were given up on (`abortWaitMs` after the grace) `run()` still
 * waits for the last reports, whatever the network does.
 */
export const SHUTDOWN_REPORT_MS = 2000;

/** Options of {@link ActivityWorker.shutdown}. */
export interface ShutdownOptions {
  /**
   * How long tasks in flight may go on before their signals abort with
   * {@link WorkerShutdownError}. A shorter grace than the one running shortens it; 0 ends it
   * at once.
   *
   * @defaultValue the worker's `shutdownGraceMs`
   */
  readonly graceMs?: number;
}

/** Where a worker is in its life. */
export type ActivityWorkerState = 'idle' | 'running' | 'stopping' | 'stopped';

/**
 * Polls an SWF task list and runs activity tasks: bounded concurrency, automatic heartbeats,
 * cancellation as an AbortSignal, every outcome reported, graceful shutdown bounded in time.
 * Failed polls back off and resume; a poll that fails in a way only a change of
 * configuration heals (unknown domain, no credentials, ...) makes `run()` reject.
 *
 * @example
 * ```ts
 * const worker = new ActivityWorker({
 *   client: new SWFClient({}),
 *   domain: 'media',
 *   taskList: 'images',
 *   activities: [resizeImage],
 *   maxConcurrentTasks: 8,
 * });
 * worker.on('taskResponded', (event) => console.log(event.task.activityId, event.outcome));
 * await worker.run(); // until SIGTERM or SIGINT, or worker.shutdown()
 * ```
 */
export class ActivityWorker {
  readonly #settings: WorkerSettings;
  readonly #slots: Slots;
  readonly #listeners: WorkerEventListeners;
  /** Aborts when shutdown starts: no new polls; wakes pollers waiting for a slot or backing off. */
  readonly #stopPolling = new AbortController();
  /** Aborts when the grace ends: the signal of every task in flight; open polls are abandoned. */
  readonly #stopTasks = new AbortController();
  /** Tasks polled and not yet done with (run, or failed at once). */
  #tasksInFlight = 0;
  #pollsInFlight = 0;
  /** Ends the wait of `run()` for the tasks in flight. */
  #drained: (() => void) | undefined;
  #state: ActivityWorkerState = 'idle';
  #graceTimer: ClockTimer | undefined;
  #graceEndsAt = Number.POSITIVE_INFINITY;
  /** Ends the wait for the last reports, once the handlers were given up on. */
  #reportTimer: ClockTimer | undefined;
  #finished: Promise<void> | undefined;
  /** The error `run()` rejects with, once a poll met a configuration error. */
  #failure: WorkerConfigurationError | undefined;

  /**
   * Checks `options` (an unknown name, a wrong type or a value out of range throws a
   * TypeError or RangeError naming the option) and prepares the worker; nothing is sent
   * before {@link ActivityWorker.run}.
   */
  constructor(options: ActivityWorkerOptions) {
    this.#settings = resolveWorkerSettings(options, {
      onEvent: (event) => this.#emit(event),
      signal: this.#stopTasks.signal,
    });
    checkClient(options.client, options.clock, 'ActivityWorker');
    this.#slots = new Slots(this.#settings.maxConcurrentTasks);
    this.#listeners = new WorkerEventListeners((error, type) =>
      this.#settings.logger.error({ err: error }, `an event listener threw on ${type}`),
    );
  }

  /** Where the worker is in its life. */
  get state(): ActivityWorkerState {
    return this.#state;
  }

  /** The SWF domain this worker polls. */
  get domain(): string {
    return this.#settings.domain;
  }

  /** The activity task list this worker polls. */
  get taskList(): string {
    return this.#settings.taskList;
  }

  /** Tasks that may run at once. */
  get maxConcurrentTasks(): number {
    return this.#settings.maxConcurrentTasks;
  }

  /** Polls that may wait at once. */
  get pollers(): number {
    return this.#settings.pollers;
  }

  /** Tasks running now. */
  get tasksInFlight(): number {
    return this.#tasksInFlight;
  }

  /** Polls waiting for SWF's answer now. */
  get pollsInFlight(): number {
    return this.#pollsInFlight;
  }

  /** Calls `listener` for every event of `type`. */
  on<Type extends WorkerEventType>(
    type: Type,
    listener: (event: WorkerEventOf<Type>) => void,
  ): this {
    this.#listeners.add(type, listener);
    return this;
  }

  /** Stops calling `listener` for events of `type`. */
  off<Type extends WorkerEventType>(
    type: Type,
    listener: (event: WorkerEventOf<Type>) => void,
  ): this {
    this.#listeners.remove(type, listener);
    return this;
  }

  /**
   * Polls and runs tasks until {@link ActivityWorker.shutdown} (or SIGTERM or SIGINT, with
   * `handleSignals`). Resolves once every polled task has been reported (or found gone), at
   * the latest `abortWaitMs` plus 2 s after the grace ended. Rejects with a
   * {@link WorkerConfigurationError} when a poll failed in a way that only a change of
   * configuration heals (after the tasks in flight ended, as in a shutdown).
   */
  run(): Promise<void> {
    if (this.#state !== 'idle') {
      return Promise.reject(
        new Error(`ActivityWorker.run(): the worker is already ${this.#state}`),
      );
    }
    this.#state = 'running';
    this.#finished = this.#runToEnd();
    return this.#finished;
  }

  /**
   * Starts a graceful shutdown: no new polls; tasks in flight keep their heartbeats for
   * `graceMs`, then their signals abort with {@link WorkerShutdownError}, and handlers that do
   * not settle within `abortWaitMs` are given up on; all are reported. A poll still open is
   * kept through the grace (a task it brings is failed at once, so that it can be scheduled
   * again) and abandoned when the grace ends: SWF may still hand that poll a task, which is
   * then seen again only after one of its timeouts (a heartbeat timeout keeps that short).
   * Calling it again may shorten the grace.
   *
   * Never throws: resolves when `run()` settles (whether it resolves or rejects), rejects only
   * when `options` are wrong.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    try {
      checkMembers(
        options as Record<string, unknown>,
        { graceMs: milliseconds(0) },
        'ActivityWorker.shutdown(): ',
      );
    } catch (error) {
      return Promise.reject(error);
    }
    this.#beginShutdown(options.graceMs ?? this.#settings.shutdownGraceMs);
    return (this.#finished ?? Promise.resolve()).then(
      () => {},
      () => {},
    );
  }

  #beginShutdown(graceMs: number): void {
    if (this.#state === 'idle') {
      this.#state = 'stopped';
      return;
    }
    if (this.#state === 'running') {
      this.#state = 'stopping';
      this.#emitOwn({ type: 'shutdownStarted', graceMs });
      this.#stopPolling.abort(new WorkerShutdownError('The worker is shutting down'));
    }
    const clock = this.#settings.clock;
    const endsAt = clock.now() + graceMs;
    if (endsAt >= this.#graceEndsAt || this.#stopTasks.signal.aborted) return;
    this.#graceEndsAt = endsAt;
    this.#graceTimer?.cancel();
    if (graceMs === 0) this.#endGrace();
    else this.#graceTimer = clock.setTimer(() => this.#endGrace(), graceMs);
  }

  /** The grace is over: tasks abort, open polls are abandoned, and the reports are awaited. */
  #endGrace(): void {
    this.#graceTimer?.cancel();
    if (this.#stopTasks.signal.aborted) return;
    this.#emitOwn({ type: 'shutdownGraceEnded', tasksInFlight: this.#tasksInFlight });
    this.#stopTasks.abort(new WorkerShutdownError());
    if (this.#tasksInFlight === 0) return;
    this.#reportTimer = this.#settings.clock.setTimer(() => {
      if (this.#tasksInFlight === 0) return;
      this.#settings.logger.error(
        { tasksInFlight: this.#tasksInFlight },
        `${this.#tasksInFlight} task(s) could not be reported by the end of the shutdown (grace, then abortWaitMs ${this.#settings.abortWaitMs} ms, then ${SHUTDOWN_REPORT_MS} ms to report); SWF will time them out`,
      );
      this.#drained?.();
    }, this.#settings.abortWaitMs + SHUTDOWN_REPORT_MS);
  }

  async #runToEnd(): Promise<void> {
    const { handleSignals, logger, shutdownGraceMs } = this.#settings;
    const removeSignalHandlers = handleSignals
      ? handleShutdownSignals(logger, shutdownGraceMs, (graceMs) => {
          void this.shutdown(graceMs === undefined ? {} : { graceMs });
        })
      : () => {};
    const unobserve = this.#settings.task.interceptors.observe(this, this.#settings.logger);
    try {
      const registered = !this.#settings.registerActivityTypes || (await this.#registerTypes());
      const pollers = registered
        ? Array.from({ length: this.#settings.pollers }, () => this.#pollLoop())
        : [];
      await Promise.all(pollers);
      if (this.#tasksInFlight > 0) {
        await new Promise<void>((resolve) => {
          this.#drained = resolve;
        });
      }
    } finally {
      this.#graceTimer?.cancel();
      this.#reportTimer?.cancel();
      removeSignalHandlers();
      unobserve();
      this.#state = 'stopped';
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  async #pollLoop(): Promise<void> {
    // All the polls of the loop, abandoned when the shutdown grace ends. Once shutdown began,
    // the SDK sends no poll (not even a retry of its own), while the one out is kept through
    // the grace: SWF may hand it a task.
    const tries = new TrySequence(this.#settings.clock, this.#stopPolling.signal);
    const stopWatching = tries.stopOn(this.#stopTasks.signal, new PollAbandonedError());
    try {
      await this.#pollUntilStopped(tries);
    } finally {
      stopWatching();
    }
  }

  async #pollUntilStopped(tries: TrySequence): Promise<void> {
    const { clock, logger } = this.#settings;
    const stop = this.#stopPolling.signal;
    let failures = 0;
    while (!stop.aborted) {
      try {
        await this.#slots.acquire(stop);
      } catch {
        return;
      }
      let task: ActivityTask;
      const polledAt = clock.now();
      this.#pollsInFlight += 1;
      try {
        task = await this.#poll(tries);
      } catch (error) {
        this.#slots.release();
        // Shutdown began: the SDK did not retry, or did not send, this poll, or the grace
        // ended (a PollAbandonedError: the grace starts with the end of polling).
        if (stop.aborted) return;
        const fatal = this.#settings.retryConfigurationErrors
          ? undefined
          : configurationError(error, this.#settings);
        if (fatal !== undefined) {
          this.#fail(fatal);
          return;
        }
        failures += 1;
        const retryInMs = this.#pollBackoff(failures);
        this.#emitOwn({ type: 'pollError', error, retryInMs });
        const { name, code, message } = errorSummary(error);
        logger.warn(
          { err: { name, code, message }, retryInMs },
          `PollForActivityTask failed (${name}${code ? ` ${code}` : ''}: ${message}); polling again in ${retryInMs} ms`,
        );
        if (!(await this.#pause(retryInMs))) return;
        continue;
      } finally {
        this.#pollsInFlight -= 1;
      }
      failures = 0;
      if (!task.taskToken) {
        this.#slots.release();
        // An empty answer that came at once (not after a long poll) must not turn into a spin.
        if (clock.now() - polledAt < 1000 && !(await this.#pause(1000))) return;
        continue;
      }
      const receivedAt = clock.now();
      this.#tasksInFlight += 1;
      (stop.aborted ? this.#refuse(task) : this.#run(task, receivedAt)).then(
        this.#taskDone,
        this.#taskFailed,
      );
    }
  }

  /** `registerActivityTypes`: registers before the first poll; false if polling must not start. */
  async #registerTypes(): Promise<boolean> {
    try {
      await registerWorkerActivityTypes(this.#settings, this.#stopPolling.signal, (event) =>
        this.#emit(event),
      );
      return true;
    } catch (error) {
      if (error instanceof WorkerConfigurationError) this.#fail(error);
      return false; // or shutdown started meanwhile
    }
  }

  /** A configuration error: `run()` rejects with it once the tasks in flight are done with. */
  #fail(error: WorkerConfigurationError): void {
    if (this.#failure === undefined) {
      this.#failure = error;
      this.#settings.logger.error({ problem: error.problem }, error.message);
    }
    this.#beginShutdown(this.#settings.shutdownGraceMs);
  }

  /** One poll through the interceptors, bounded (see {@link boundedPoll}). */
  #poll(tries: TrySequence): Promise<ActivityTask> {
    const { client, task } = this.#settings;
    return boundedPoll(
      (signal) =>
        task.interceptors.send(client, 'PollForActivityTask', {
          request: this.#pollRequest(),
          task: undefined,
          signal,
        }),
      tries,
    );
  }

  /** Waits `ms` on the clock; false if shutdown started meanwhile. */
  async #pause(ms: number): Promise<boolean> {
    try {
      await sleep(this.#settings.clock, ms, this.#stopPolling.signal);
      return true;
    } catch {
      return false;
    }
  }

  #pollBackoff(failures: number): number {
    return backoffDelay(failures, this.#settings.pollBackoff, this.#settings.task.random);
  }

  #run(task: ActivityTask, receivedAt: number): Promise<unknown> {
    const type = { name: task.activityType?.name ?? '', version: task.activityType?.version ?? '' };
    const definitions = this.#settings.definitions;
    const definition = definitions.get(activityTypeLabel(type));
    if (definition === undefined) {
      return this.#failAtOnce(task, new UnknownActivityTypeError(type, [...definitions.keys()]));
    }
    const info = new ActivityTaskInfo(task, this.#settings.domain);
    return new TaskRun(
      this.#settings.client,
      info,
      definition,
      this.#settings.task,
      receivedAt,
    ).run();
  }

  /** A task is done with: its slot is free again. */
  readonly #taskDone = (): void => {
    this.#tasksInFlight -= 1;
    this.#slots.release();
    if (this.#tasksInFlight === 0) this.#drained?.();
  };

  /** A task's run failed unexpectedly (a bug): logged, and its slot freed all the same. */
  readonly #taskFailed = (error: unknown): void => {
    this.#settings.logger.error({ err: error }, 'running a task failed');
    this.#taskDone();
  };

  /** A task that a poll brought during the shutdown grace: failed at once, to be rescheduled. */
  #refuse(task: ActivityTask): Promise<unknown> {
    return this.#failAtOnce(
      task,
      new WorkerShutdownError('The worker was shutting down when SWF handed it this task'),
    );
  }

  /** Reports `task` failed without running it; its events take the path of every task's. */
  #failAtOnce(task: ActivityTask, error: Error): Promise<unknown> {
    const { client, domain } = this.#settings;
    return failTaskAtOnce(client, new ActivityTaskInfo(task, domain), error, this.#settings.task);
  }

  #pollRequest(): PollForActivityTaskInput {
    return {
      domain: this.#settings.domain,
      taskList: { name: this.#settings.taskList },
      identity: this.#settings.identity,
    };
  }

  /** To the listeners: the events of tasks, which their runs also give the interceptors. */
  #emit(event: WorkerEvent): void {
    this.#listeners.emit(event);
  }

  /** To the listeners and the interceptors: the worker's own events. */
  #emitOwn(event: WorkerEvent): void {
    this.#listeners.emit(event);
    const { interceptors } = this.#settings.task;
    if (interceptors.listens) interceptors.emit(event, this.#settings.logger);
  }
}
