import { defineActivity } from 'swf-activity-worker';

/**
 * An activity of type `activity@1` that works `ms` on the worker's clock and returns 'done',
 * recording in `reasons` why its signal aborted, if it did.
 */
export function workingActivity(ms: number, reasons: unknown[] = []) {
  return defineActivity({
    name: 'activity',
    version: '1',
    handler: async (_input, ctx) => {
      ctx.signal.addEventListener('abort', () => reasons.push(ctx.signal.reason));
      await ctx.sleep(ms);
      return 'done';
    },
  });
}

/**
 * An activity of type `name@1` whose handler waits until `release()` is called, then returns
 * 'done': a task held in flight for as long as a test needs it.
 */
export function heldActivity(name = 'activity') {
  let release = (): void => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const activity = defineActivity({
    name,
    version: '1',
    handler: async () => {
      await released;
      return 'done';
    },
  });
  return { activity, release: () => release() };
}
