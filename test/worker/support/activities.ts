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
