import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import {
  type ActivityTask,
  PollForActivityTaskCommand,
  type PollForActivityTaskInput,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { type ActivityDefinition, activityTypeLabel } from '../activity/define-activity.js';
import { type Clock, type ClockTimer, sleep, systemClock } from '../clock/clock.js';
import { UnknownActivityTypeError, WorkerShutdownError } from '../errors.js';
import { HeartbeatBudget, type HeartbeatBudgetOptions } from '../heartbeat/heartbeat-budget.js';
import { checkHeartbeatSettings, type HeartbeatSettings } from '../heartbeat/heartbeat-schedule.js';
import type { ActivityInterceptor } from '../interceptors/interceptor.js';
import { InterceptorChain } from '../interceptors/interceptor-chain.js';
import { MAX_IDENTITY_LENGTH, MAX_NAME_LENGTH } from '../limits/swf-limits.js';
import { consoleWarningsLogger, type Logger } from '../logger.js';
import { backoffDelay } from '../retry/backoff.js';
import { ActivityTaskInfo } from '../runner/activity-task-info.js';
import { failTaskAtOnce } from '../runner/fail-at-once.js';
import { processLagWatch, sharedHeartbeatBudget } from '../runner/run-activity-task.js';
import { TaskRun, type TaskRunSettings } from '../runner/task-run.js';
import { TimeoutResolver, type TimeoutStrategy } from '../timeouts/timeout-resolver.js';
import { Slots } from './slots.js';
import {
  type WorkerEvent,
  WorkerEventListeners,
  type WorkerEventOf,
  type WorkerEventType,
} from './worker-events.js';

/** Options of an {@link ActivityWorker}. */
export interface ActivityWorkerOptions {
  /**
   * Your SWF client: region, credentials, endpoint and the SDK's retries are yours. Give its
   * HTTP handler a request timeout above 60 s, since polls wait up to 60 s.
   */
  readonly client: SWFClient;
  /** The SWF domain to poll. */
  readonly domain: string;
  /** The activity task list to poll. */
  readonly taskList: string;
  /** The activities this worker runs, by activity type name and version. */
  readonly activities: readonly ActivityDefinition[];
  /** Tasks that may run at once; polls start only when one of these slots is free. Default 10. */
  readonly maxConcurrentTasks?: number;
  /** Polls that may wait at once. Default: 2, or `maxConcurrentTasks` if smaller. */
  readonly pollers?: number;
  /** Recorded in ActivityTaskStarted events. Default `hostname:pid`. */
  readonly identity?: string;
  /** Where time comes from. Default: the system clock. */
  readonly clock?: Clock;
  /** Default: warnings and errors to the console. */
  readonly logger?: Logger;
  /** How to find timeouts that definitions do not give. Default `'activity-type'`. */
  readonly timeoutStrategy?: TimeoutStrategy;
  /** Heartbeat pacing. */
  readonly heartbeat?: HeartbeatSettings;
  /**
   * The budget of heartbeat calls, shared by all tasks: a budget to share with other workers,
   * or options for one. Default: one budget per clock for the whole process, at SWF's default
   * quota (160 calls per second).
   */
  readonly heartbeatBudget?: HeartbeatBudget | HeartbeatBudgetOptions;
  /** Back-off after a failed poll: from `minMs`, doubling, up to `maxMs`, with jitter. Default 1 s to 60 s. */
  readonly pollBackoff?: { readonly minMs?: number; readonly maxMs?: number };
  /**
   * Install SIGINT and SIGTERM handlers that call `shutdown()` (removed when `run()` ends).
   * Default false.
   */
  readonly handleSignals?: boolean;
  /** The grace of a shutdown started by a signal, or by `shutdown()` without one. Default 30 s. */
  readonly shutdownGraceMs?: number;
  /**
   * Wrap each task's handler and SWF calls (polls included), and receive every event; the
   * first is the outermost. See {@link ActivityInterceptor}.
   * @defaultValue `[]`
   */
  readonly interceptors?: readonly ActivityInterceptor[];
}

/** Options of {@link ActivityWorker.shutdown}. */
export interface ShutdownOptions {
  /**
   * How long tasks in flight may go on before their signals abort with
   * {@link WorkerShutdownError}. Default: the worker's `shutdownGraceMs`.
   */
  readonly graceMs?: number;
}

/** Where a worker is in its life. */
export type ActivityWorkerState = 'idle' | 'running' | 'stopping' | 'stopped';

/**
 * Polls an SWF task list and runs activity tasks: bounded concurrency, automatic heartbeats,
 * cancellation as an AbortSignal, every outcome reported, graceful shutdown. Never stops on an
 * error: failed polls back off and resume.
 *
 * @example
 * ```ts
 * const worker = new ActivityWorker({
 *   client: new SWFClient({}),
 *   domain: 'media',
 *   taskList: 'images',
 *   activities: [resizeImage],
 *   maxConcurrentTasks: 8,
 *   handleSignals: true,
 * });
 * worker.on('taskResponded', (event) => console.log(event.task.activityId, event.outcome));
 * await worker.run(); // until SIGTERM, or worker.shutdown()
 * ```
 */
export class ActivityWorker {
  readonly #options: ActivityWorkerOptions;
  readonly #client: SWFClient;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #definitions = new Map<string, ActivityDefinition>();
  readonly #slots: Slots;
  readonly #pollers: number;
  readonly #identity: string;
  readonly #listeners: WorkerEventListeners;
  /** Aborts when shutdown starts: wakes pollers waiting for a slot or backing off. */
  readonly #stopPolling = new AbortController();
  /** Aborts when the shutdown grace ends: the signal of every task in flight. */
  readonly #stopTasks = new AbortController();
  /** Tasks polled and not yet done with (run, or failed at once). */
  #tasksInFlight = 0;
  /** Resolves the wait of `run()` for the last task in flight. */
  #drained: (() => void) | undefined;
  /** What every task of this worker runs with. */
  readonly #taskSettings: TaskRunSettings;
  #state: ActivityWorkerState = 'idle';
  #graceTimer: ClockTimer | undefined;
  #graceEndsAt = Number.POSITIVE_INFINITY;
  #finished: Promise<void> | undefined;
  #pollsInFlight = 0;
  readonly #interceptors: InterceptorChain;
  readonly #maxConcurrentTasks: number;

  constructor(options: ActivityWorkerOptions) {
    checkOptions(options);
    this.#options = options;
    this.#client = options.client;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? consoleWarningsLogger;
    for (const definition of options.activities) {
      const key = activityTypeLabel(definition);
      if (this.#definitions.has(key)) {
        throw new TypeError(`ActivityWorker: two activities are defined for ${key}`);
      }
      this.#definitions.set(key, definition);
    }
    this.#interceptors = new InterceptorChain(
      options.interceptors ?? [],
      'ActivityWorker: interceptors',
    );
    const maxConcurrentTasks = options.maxConcurrentTasks ?? 10;
    this.#maxConcurrentTasks = maxConcurrentTasks;
    this.#slots = new Slots(maxConcurrentTasks);
    this.#pollers = options.pollers ?? Math.min(2, maxConcurrentTasks);
    this.#identity =
      options.identity ?? `${hostname()}:${process.pid}`.slice(0, MAX_IDENTITY_LENGTH);
    const budget = options.heartbeatBudget;
    this.#taskSettings = {
      clock: this.#clock,
      logger: this.#logger,
      onEvent: (event) => this.#emit(event),
      timeouts: new TimeoutResolver(
        options.client,
        this.#clock,
        options.timeoutStrategy ?? 'activity-type',
        Math.random,
        this.#interceptors,
      ),
      heartbeat: options.heartbeat,
      heartbeatBudget:
        budget instanceof HeartbeatBudget
          ? budget
          : budget === undefined
            ? sharedHeartbeatBudget(this.#clock)
            : new HeartbeatBudget(this.#clock, budget),
      signal: this.#stopTasks.signal,
      abortWaitMs: 5000,
      lagWatch: processLagWatch,
      random: Math.random,
      interceptors: this.#interceptors,
    };
    // Every poller and every task in flight listens to these two: as many as the worker allows,
    // which is no leak, so Node must not warn past its default of 10 listeners.
    setMaxListeners(0, this.#stopPolling.signal, this.#stopTasks.signal);
    this.#listeners = new WorkerEventListeners((error, type) =>
      this.#logger.error({ err: error }, `an event listener threw on ${type}`),
    );
  }

  /** Where the worker is in its life. */
  get state(): ActivityWorkerState {
    return this.#state;
  }

  /** The domain this worker polls. */
  get domain(): string {
    return this.#options.domain;
  }

  /** The task list this worker polls. */
  get taskList(): string {
    return this.#options.taskList;
  }

  /** Its slots: tasks that may run at once. */
  get maxConcurrentTasks(): number {
    return this.#maxConcurrentTasks;
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
   * Polls and runs tasks until {@link ActivityWorker.shutdown} (or a signal, with
   * `handleSignals`). Resolves once every polled task has been responded to (or found gone).
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
   * Starts a graceful shutdown: no new polls (a poll already waiting is not abandoned, since
   * SWF can still hand it a task: that task is failed at once with a shutdown reason); tasks
   * in flight keep their heartbeats for `graceMs`, then their signals abort with
   * {@link WorkerShutdownError}. Resolves when `run()` does. Calling it again may shorten the
   * grace.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    const graceMs = options.graceMs ?? this.#options.shutdownGraceMs ?? 30_000;
    if (!(graceMs >= 0)) {
      throw new RangeError(
        `ActivityWorker.shutdown(): graceMs must be a number >= 0, got ${graceMs}`,
      );
    }
    if (this.#state === 'idle') {
      this.#state = 'stopped';
      return Promise.resolve();
    }
    if (this.#state === 'running') {
      this.#state = 'stopping';
      this.#emitOwn({ type: 'shutdownStarted', graceMs });
      this.#stopPolling.abort(new WorkerShutdownError('The worker is shutting down'));
    }
    const endsAt = this.#clock.now() + graceMs;
    if (endsAt < this.#graceEndsAt && !this.#stopTasks.signal.aborted) {
      this.#graceEndsAt = endsAt;
      this.#graceTimer?.cancel();
      this.#graceTimer = this.#clock.setTimer(() => {
        this.#emitOwn({ type: 'shutdownGraceEnded', tasksInFlight: this.#tasksInFlight });
        this.#stopTasks.abort(new WorkerShutdownError());
      }, graceMs);
    }
    return this.#finished ?? Promise.resolve();
  }

  async #runToEnd(): Promise<void> {
    const removeSignalHandlers = this.#options.handleSignals
      ? this.#installSignalHandlers()
      : () => {};
    const unobserve = this.#interceptors.observe(this, this.#logger);
    try {
      const pollers = Array.from({ length: this.#pollers }, () => this.#pollLoop());
      await Promise.all(pollers);
      while (this.#tasksInFlight > 0) {
        await new Promise<void>((resolve) => {
          this.#drained = resolve;
        });
      }
    } finally {
      this.#graceTimer?.cancel();
      removeSignalHandlers();
      unobserve();
      this.#state = 'stopped';
    }
  }

  async #pollLoop(): Promise<void> {
    const stop = this.#stopPolling.signal;
    let failures = 0;
    while (!stop.aborted) {
      try {
        await this.#slots.acquire(stop);
      } catch {
        return;
      }
      let task: ActivityTask;
      const polledAt = this.#clock.now();
      this.#pollsInFlight += 1;
      try {
        task = await this.#interceptors.send(
          this.#client,
          'PollForActivityTask',
          { request: this.#pollRequest(), task: undefined, abortSignal: undefined },
          (input) => this.#client.send(this.#pollCommand(input.request)),
        );
      } catch (error) {
        this.#slots.release();
        if (error instanceof NoPollAfterShutdown) return;
        failures += 1;
        const retryInMs = this.#pollBackoff(failures);
        this.#emitOwn({ type: 'pollError', error, retryInMs });
        this.#logger.warn(
          { err: error, retryInMs },
          'PollForActivityTask failed; polling again after a back-off',
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
        if (this.#clock.now() - polledAt < 1000 && !(await this.#pause(1000))) return;
        continue;
      }
      const receivedAt = this.#clock.now();
      this.#tasksInFlight += 1;
      (stop.aborted ? this.#refuse(task) : this.#run(task, receivedAt)).then(
        this.#taskDone,
        this.#taskFailed,
      );
    }
  }

  /**
   * A poll whose retries by the SDK stop once shutdown has started: a poll already sent is
   * never abandoned (SWF may hand it a task), but none is sent after shutdown began.
   */
  #pollCommand(request: PollForActivityTaskInput): PollForActivityTaskCommand {
    const command = new PollForActivityTaskCommand(request);
    const stop = this.#stopPolling.signal;
    let attempts = 0;
    // The deserialize step runs once per attempt, inside the SDK's retry loop.
    command.middlewareStack.add(
      (next) => (args) => {
        attempts += 1;
        if (attempts > 1 && stop.aborted) throw new NoPollAfterShutdown();
        return next(args);
      },
      { step: 'deserialize', name: 'noPollAfterShutdown' },
    );
    return command;
  }

  /** Waits `ms` on the clock; false if shutdown started meanwhile. */
  async #pause(ms: number): Promise<boolean> {
    try {
      await sleep(this.#clock, ms, this.#stopPolling.signal);
      return true;
    } catch {
      return false;
    }
  }

  #pollBackoff(failures: number): number {
    const minMs = this.#options.pollBackoff?.minMs ?? 1000;
    const maxMs = this.#options.pollBackoff?.maxMs ?? 60_000;
    return backoffDelay(failures, { minMs, maxMs }, this.#taskSettings.random);
  }

  #run(task: ActivityTask, receivedAt: number): Promise<unknown> {
    const type = { name: task.activityType?.name ?? '', version: task.activityType?.version ?? '' };
    const definition = this.#definitions.get(activityTypeLabel(type));
    if (definition === undefined) {
      return this.#failAtOnce(
        task,
        new UnknownActivityTypeError(type, [...this.#definitions.keys()]),
      );
    }
    const info = new ActivityTaskInfo(task, this.#options.domain);
    return new TaskRun(this.#client, info, definition, this.#taskSettings, receivedAt).run();
  }

  /** A task is done with: its slot is free again. */
  readonly #taskDone = (): void => {
    this.#tasksInFlight -= 1;
    this.#slots.release();
    if (this.#tasksInFlight === 0) this.#drained?.();
  };

  /** A task's run failed unexpectedly (a bug): logged, and its slot freed all the same. */
  readonly #taskFailed = (error: unknown): void => {
    this.#logger.error({ err: error }, 'running a task failed');
    this.#taskDone();
  };

  /** A task that arrived on a poll that was waiting when shutdown started. */
  #refuse(task: ActivityTask): Promise<unknown> {
    return this.#failAtOnce(
      task,
      new WorkerShutdownError('The worker was shutting down when SWF handed it this task'),
    );
  }

  #failAtOnce(task: ActivityTask, error: Error): Promise<unknown> {
    const info = new ActivityTaskInfo(task, this.#options.domain);
    return failTaskAtOnce(this.#client, info, error, this.#taskSettings);
  }

  /** To the listeners: the events of tasks, which their runs also give the interceptors. */
  #emit(event: WorkerEvent): void {
    this.#listeners.emit(event);
  }

  /** To the listeners and the interceptors: the worker's own events. */
  #emitOwn(event: WorkerEvent): void {
    this.#listeners.emit(event);
    if (this.#interceptors.listens) this.#interceptors.emit(event, this.#logger);
  }

  #pollRequest(): PollForActivityTaskInput {
    return {
      domain: this.#options.domain,
      taskList: { name: this.#options.taskList },
      identity: this.#identity,
    };
  }

  #installSignalHandlers(): () => void {
    const onSignal = (signal: NodeJS.Signals): void => {
      this.#logger.warn({ signal }, 'shutting down on signal');
      void this.shutdown();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  }
}

/** Ends a poll the SDK would retry after shutdown started. Not retryable by the SDK. */
class NoPollAfterShutdown extends Error {
  override readonly name = 'NoPollAfterShutdown';

  constructor() {
    super('No poll is sent after shutdown started');
  }
}

function checkOptions(options: ActivityWorkerOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('ActivityWorker: options must be an object');
  }
  if (options.client === null || typeof options.client?.send !== 'function') {
    throw new TypeError('ActivityWorker: client must be an SWFClient');
  }
  for (const member of ['domain', 'taskList'] as const) {
    const value = options[member];
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NAME_LENGTH) {
      throw new TypeError(
        `ActivityWorker: ${member} must be a string of 1 to ${MAX_NAME_LENGTH} characters, got ${JSON.stringify(value)}`,
      );
    }
  }
  if (!Array.isArray(options.activities) || options.activities.length === 0) {
    throw new TypeError(
      'ActivityWorker: activities must list at least one defineActivity(...) result',
    );
  }
  for (const [member, value] of [
    ['maxConcurrentTasks', options.maxConcurrentTasks],
    ['pollers', options.pollers],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      throw new RangeError(`ActivityWorker: ${member} must be a whole number >= 1, got ${value}`);
    }
  }
  if (options.identity !== undefined && options.identity.length > MAX_IDENTITY_LENGTH) {
    throw new RangeError(
      `ActivityWorker: identity must be at most ${MAX_IDENTITY_LENGTH} characters`,
    );
  }
  if (options.heartbeat !== undefined) checkHeartbeatSettings(options.heartbeat);
}
