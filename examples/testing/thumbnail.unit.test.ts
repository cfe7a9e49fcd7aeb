/**
 * Unit tests of a handler with the helpers of `swf-activity-worker/testing`: no SWF at all.
 * The handler runs on a mock context that records heartbeats and lets the test request
 * cancellation; a manual clock makes its `ctx.sleep` calls take no time.
 *
 *   npx vitest run examples/testing
 */
import { ActivityCancelledError, TaskGoneError } from 'swf-activity-worker';
import { ManualClock } from 'swf-activity-worker/fake';
import {
  createMockActivityContext,
  runActivityForTest,
  startActivityForTest,
} from 'swf-activity-worker/testing';
import { describe, expect, it } from 'vitest';
import { makeThumbnail, type ThumbnailProgress } from './thumbnail.js';

describe('makeThumbnail, on a mock context', () => {
  it('reports each step and completes with the thumbnail key', async () => {
    const clock = new ManualClock();
    const run = startActivityForTest(makeThumbnail, { key: 'cat.png', width: 320 }, { clock });
    await clock.advance(6_000);

    expect(await run.outcome).toEqual({
      status: 'completed',
      result: { key: 'thumbnails/320/cat.png' },
    });
    expect(run.heartbeats).toEqual([{ step: 'download' }, { step: 'resize' }, { step: 'upload' }]);
  });

  // #region readme
  it('is reported canceled when SWF asks to cancel it', async () => {
    const clock = new ManualClock();
    const run = startActivityForTest(makeThumbnail, { key: 'cat.png', width: 320 }, { clock });
    await clock.advance(3_000);
    run.requestCancel(); // as SWF answering a heartbeat with cancelRequested

    expect(await run.outcome).toMatchObject({
      status: 'canceled',
      error: expect.any(ActivityCancelledError),
    });
    expect(run.heartbeats).toHaveLength(2);
  });
  // #endregion

  it('fails, with the reason SWF will record, on a width it cannot make', async () => {
    const outcome = await runActivityForTest(makeThumbnail, { key: 'cat.png', width: 0 });

    expect(outcome).toMatchObject({
      status: 'failed',
      reason: 'RangeError: width must be from 1 to 4096, got 0',
    });
  });

  it('stops when its task is gone, called directly with a bare mock context', async () => {
    const clock = new ManualClock();
    const mock = createMockActivityContext<ThumbnailProgress>({ clock });
    const running = makeThumbnail.handler({ key: 'cat.png', width: 320 }, mock.ctx);
    mock.abort(new TaskGoneError());

    await expect(running).rejects.toBeInstanceOf(TaskGoneError);
    expect(mock.heartbeats).toEqual([{ step: 'download' }]);
  });
});
