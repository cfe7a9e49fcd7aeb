/**
 * A worker that keeps many tasks in flight, for the benchmarks that watch heartbeats: its
 * handler holds every task until released, so that only the worker's heartbeats keep them alive.
 *
 * @module
 */
import {
  ActivityWorker,
  type ActivityWorkerOptions,
  defineActivity,
  silentLogger,
} from 'swf-activity-worker';
import type { FakeSwf, ManualClock } from 'swf-activity-worker/fake';
import { delay } from './bench.js';
import { ACTIVITY_TYPE, DOMAIN, TASK_LIST } from './swf.js';

/** The worker's options; it always runs the bench type's held activity, silently. */
export interface HoldingWorkerOptions
  extends Omit<ActivityWorkerOptions, 'domain' | 'taskList' | 'activities' | 'logger' | 'clock'> {
  /** The clock of worker and fake; time passes on it while {@link HoldingWorker.stop} waits. */
  readonly clock?: ManualClock;
}

/** An ActivityWorker of the bench type whose tasks all wait for {@link HoldingWorker.stop}. */
export class HoldingWorker {
  readonly worker: ActivityWorker;
  #release: () => void = () => {};
  #running: Promise<void> | undefined;

  constructor(
    private readonly fake: FakeSwf,
    private readonly options: HoldingWorkerOptions,
  ) {
    const released = new Promise<void>((resolve) => {
      this.#release = resolve;
    });
    this.worker = new ActivityWorker({
      ...options,
      domain: DOMAIN,
      taskList: TASK_LIST,
      activities: [
        defineActivity({
          ...ACTIVITY_TYPE,
          handler: async () => {
            await released;
            return 'done';
          },
        }),
      ],
      logger: silentLogger,
    });
  }

  /** Starts polling. */
  start(): void {
    this.#running = this.worker.run();
  }

  /**
   * Lets the tasks complete, waits until all are reported, then shuts the worker down and
   * answers the polls still waiting on the fake. Does not close the fake.
   */
  async stop(): Promise<void> {
    this.#release();
    while (this.worker.tasksInFlight > 0) await this.#tick();
    const stopping = this.worker.shutdown({ graceMs: 0 });
    this.fake.releasePolls();
    await this.#tick();
    await Promise.all([stopping, this.#running]);
  }

  #tick(): Promise<void> {
    const { clock } = this.options;
    return clock === undefined ? delay(20) : clock.advance(1_000);
  }
}
