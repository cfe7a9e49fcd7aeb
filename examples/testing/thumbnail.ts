/**
 * The activity the two test files next to this one test: it makes a thumbnail in a few steps,
 * reporting each, and refuses a width it cannot make.
 */
import { defineActivity } from 'swf-activity-worker';

/** What {@link makeThumbnail} takes. */
export interface ThumbnailInput {
  readonly key: string;
  readonly width: number;
}

/** What {@link makeThumbnail} reports with each heartbeat. */
export interface ThumbnailProgress {
  readonly step: string;
}

export const makeThumbnail = defineActivity<ThumbnailInput, { key: string }, ThumbnailProgress>({
  name: 'makeThumbnail',
  version: '1',
  async handler(input, ctx) {
    if (!(input.width > 0 && input.width <= 4096)) {
      throw new RangeError(`width must be from 1 to 4096, got ${input.width}`);
    }
    for (const step of ['download', 'resize', 'upload']) {
      ctx.heartbeat({ step });
      await ctx.sleep(2_000); // stands for real work; rejects if the task is aborted
    }
    return { key: `thumbnails/${input.width}/${input.key}` };
  },
});
