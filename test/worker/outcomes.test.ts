import { defineActivity, textCodec } from 'swf-activity-worker';
import { describe, expect, it } from 'vitest';
import { useWorkerHarness, type WorkerHarness } from './support/harness.js';

describe('outcomes', () => {
  const open = useWorkerHarness('in-process');

  async function runOne(
    swf: WorkerHarness,
    handler: Parameters<typeof defineActivity>[0]['handler'],
    options: { input?: string; codec?: typeof textCodec } = {},
  ) {
    const task = swf.fake.scheduleActivityTask({
      heartbeatTimeout: 30,
      startToCloseTimeout: 600,
      ...(options.input === undefined ? {} : { input: options.input }),
    });
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      handler,
      ...(options.codec === undefined ? {} : { codec: options.codec }),
    });
    const worker = swf.startWorker({ activities: [activity] });
    await swf.clock.advance(20_000);
    return { state: swf.fake.activityTask(task), worker };
  }

  it('completes with the JSON-encoded result, decoding the JSON input', async () => {
    const swf = await open();
    const { state } = await runOne(swf, async (input) => ({ echoed: input }), { input: '{"n":1}' });
    expect(state.closeEvent?.activityTaskCompletedEventAttributes?.result).toBe(
      '{"echoed":{"n":1}}',
    );
  });

  it('fails with the error name and message as reason, stack and causes as details', async () => {
    const swf = await open();
    const { state } = await runOne(swf, async () => {
      throw new RangeError('the image is too wide', { cause: new Error('width 90000') });
    });
    const failed = state.closeEvent?.activityTaskFailedEventAttributes;
    expect(failed?.reason).toBe('RangeError: the image is too wide');
    expect(failed?.details).toContain('Caused by:');
    expect(failed?.details).toContain('width 90000');
  });

  it('cuts an oversize reason to 256 and details to 32768 characters', async () => {
    const swf = await open();
    const { state } = await runOne(swf, async () => {
      throw new Error('🚀'.repeat(20_000));
    });
    const failed = state.closeEvent?.activityTaskFailedEventAttributes;
    expect(failed?.reason?.length).toBeLessThanOrEqual(256);
    expect(failed?.reason?.endsWith('…')).toBe(true);
    expect(failed?.details?.length).toBeLessThanOrEqual(32768);
    // Cut on a character boundary: no lone surrogate before the ellipsis.
    expect(failed?.details).toMatch(/🚀…$/u);
  });

  it('fails rather than cutting a result larger than SWF accepts', async () => {
    const swf = await open();
    const { state } = await runOne(swf, async () => 'x'.repeat(40_000), { codec: textCodec });
    expect(state.closeEvent?.eventType).toBe('ActivityTaskFailed');
    expect(state.closeEvent?.activityTaskFailedEventAttributes?.reason).toBe(
      'ResultTooLargeError: The encoded result is 40000 characters long; SWF accepts at most 32768',
    );
  });

  it('cuts oversize heartbeat details to 2048 characters with a warning event', async () => {
    const swf = await open();
    const { state, worker } = await runOne(
      swf,
      async (_input, ctx) => {
        ctx.heartbeat('y'.repeat(5000));
        await ctx.sleep(60_000);
      },
      { codec: textCodec },
    );
    expect(state.lastHeartbeatDetails?.length).toBe(2048);
    expect(worker.of('detailsTruncated')).toMatchObject([{ length: 5000, limit: 2048 }]);
  });

  it('fails a task whose input is not valid JSON, naming the problem', async () => {
    const swf = await open();
    const { state } = await runOne(swf, async () => 'unreachable', { input: '{not json' });
    expect(state.closeEvent?.activityTaskFailedEventAttributes?.reason).toMatch(
      /^InputDecodingError: The input of ActivityTask\(activity@1 .*\) could not be decoded/,
    );
  });

  it('fails a task of an unknown type at once, listing the known ones', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({
      activityType: { name: 'transcode', version: '2' },
    });
    const known = ['resize', 'thumbnail'].map((name) =>
      defineActivity({ name, version: '1', handler: async () => undefined }),
    );
    swf.startWorker({ activities: known });
    await swf.clock.advance(1);
    expect(swf.fake.activityTask(task).closeEvent?.activityTaskFailedEventAttributes?.reason).toBe(
      'UnknownActivityTypeError: No handler for activity type transcode@2; this worker handles: resize@1, thumbnail@1',
    );
  });
});
