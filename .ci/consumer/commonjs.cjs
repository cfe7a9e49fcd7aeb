// A CommonJS project: `require()` of the package (an ES module), as Node 20.19+, 22.12+ and 24
// allow. Runs one task in process.
const { ActivityWorker, defineActivity } = require('swf-activity-worker');
const { createTestSwf } = require('swf-activity-worker/testing');

const echo = defineActivity({ name: 'echo', version: '1', handler: async (input) => input });

async function main() {
  const swf = createTestSwf();
  const task = swf.fake.scheduleActivityTask({ activityType: echo, input: '"cjs"' });
  const worker = new ActivityWorker({
    client: swf.client,
    clock: swf.clock,
    domain: task.domain,
    taskList: 'default',
    activities: [echo],
  });
  const running = worker.run();
  await swf.clock.advance(1000);
  const closed = swf.fake.activityTask(task).closeEvent?.eventType;
  await Promise.all([worker.shutdown({ graceMs: 0 }), swf.clock.advance(60_000), running]);
  swf.close();
  if (closed !== 'ActivityTaskCompleted')
    throw new Error(`from CommonJS the task closed with ${closed}`);
  console.log('require() from CommonJS: completed');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
