import { ActivityWorker, defineActivity } from 'swf-activity-worker';
import { createInProcessClient, FakeSwf } from 'swf-activity-worker/fake';

const resizeImage = defineActivity({
  name: 'resizeImage',
  version: '1',
  async handler(input: { key: string }, ctx) {
    for (const stage of ['download', 'resize', 'upload']) {
      ctx.heartbeat({ stage }); // progress; heartbeats also go out on their own
      await ctx.sleep(100); // stands for real work; rejects when ctx.signal aborts
    }
    return { thumbnail: `thumbnails/${input.key}` };
  },
});

// SWF in memory, with one task to do. Against AWS: `const client = new SWFClient({})`.
const fake = new FakeSwf();
const client = createInProcessClient(fake);
const where = { domain: 'media', taskList: 'images' };
fake.scheduleActivityTask({ ...where, activityType: resizeImage, input: '{"key":"cat.png"}' });

const worker = new ActivityWorker({ ...where, client, activities: [resizeImage] });
worker.on('taskResponded', ({ task, outcome }) => {
  console.log(`${task.activityId}: ${outcome}`); // activity-1: completed
  void worker.shutdown(); // no new polls; closing the fake answers the one waiting
  fake.close();
});
await worker.run();
