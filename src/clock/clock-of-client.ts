/**
 * Which manual clock a client's fake runs on, for the check that a worker in a test is given
 * that clock rather than silently running on real time.
 *
 * @module
 */
import type { Clock } from './clock.js';
import { ManualClock, manualClockInUse } from './manual-clock.js';

/** Clients served in-process by a fake, and the fake's clock. */
const clockOfFake = new WeakMap<object, unknown>();

/** Notes that `client` is served by a fake running on `clock`; returns the client. */
export function noteClockOfClient<Client extends object>(client: Client, clock: unknown): Client {
  clockOfFake.set(client, clock);
  return client;
}

/**
 * Throws when `client` is served by a fake on a manual clock and the caller was given no
 * clock: heartbeats, timeouts and back-off would run on real time while the fake's time only
 * moves when the test moves it. Warns (once per client) when no clock was given in a process
 * that uses a manual clock, for clients it cannot tell about (msw, HTTP).
 *
 * @param clock - the clock the caller was given; `undefined` when none was.
 */
export function checkClockOfClient(client: unknown, clock: Clock | undefined, where: string): void {
  if (clock !== undefined || typeof client !== 'object' || client === null) return;
  if (clockOfFake.has(client)) {
    if (!(clockOfFake.get(client) instanceof ManualClock)) return;
    throw new TypeError(
      `${where}: this client is served by a fake SWF on a ManualClock, but no clock was given: ` +
        "it would run on real time while the fake's time moves only with clock.advance(). " +
        "Pass the fake's clock (`clock: swf.clock`, or the ManualClock the fake was built with), " +
        'or `clock: systemClock` to run on real time on purpose.',
    );
  }
  if (manualClockInUse() && !warned.has(client)) {
    warned.add(client);
    process.emitWarning(
      `${where} was given no clock in a process that uses a ManualClock: it runs on real time. ` +
        "In a test against the fake, pass the fake's clock (`clock`); pass `clock: systemClock` " +
        'to run on real time on purpose.',
      { type: 'SwfActivityWorkerWarning', code: 'SWF_WORKER_REAL_TIME' },
    );
  }
}

/** Clients already warned about, so that each is warned about once. */
const warned = new WeakSet<object>();
