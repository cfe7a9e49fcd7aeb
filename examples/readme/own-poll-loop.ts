/**
 * runActivityTask in a poll loop of your own, as the README shows it: it runs against the fake.
 */
import { PollForActivityTaskCommand } from '@aws-sdk/client-swf';
import { defineActivity, runActivityTask } from 'swf-activity-worker';
import { createInProcessClient, FakeSwf } from 'swf-activity-worker/fake';

const fake = new FakeSwf();
const client = createInProcessClient(fake);
const domain = 'media';
const echo = defineActivity({
  name: 'echo',
  version: '1',
  handler: async (input: string) => input.toUpperCase(),
});
fake.scheduleActivityTask({ domain, taskList: 'echo', activityType: echo, input: '"hello"' });

// #region loop
const task = await client.send(
  new PollForActivityTaskCommand({ domain, taskList: { name: 'echo' }, identity: 'my-loop' }),
);
if (task.taskToken) {
  // Timeouts, heartbeats, the signal and the response: all done, and it never rejects.
  const outcome = await runActivityTask(client, task, echo, { domain });
  console.log(outcome.status, outcome.result); // completed HELLO
}
// #endregion
fake.close();
client.destroy();
