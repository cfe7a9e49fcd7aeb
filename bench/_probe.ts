import {
  PollForActivityTaskCommand,
  RespondActivityTaskCompletedCommand,
} from '@aws-sdk/client-swf';
import { ActivityWorker, defineActivity } from 'swf-activity-worker';
import { ACTIVITY_TYPE, DOMAIN, TASK_LIST } from './lib/swf.js';
import { startTarget } from './lib/targets.js';

const side = process.argv[2];
const C = 16;
const N = Number(process.env.N ?? 3000);
const target = await startTarget({
  transport: 'http',
  kind: 'fake',
  defaults: { heartbeatTimeout: 30, startToCloseTimeout: 300 },
  maxSockets: C * 2 + 4,
});
const act = defineActivity({
  ...ACTIVITY_TYPE,
  handler: async (i: { n: number }) => ({ n: i.n + 1 }),
});
for (let r = 0; r < 3; r++) {
  await target.prepare(N);
  const cpu = process.cpuUsage();
  const t = performance.now();
  if (side === 'worker') {
    const worker = new ActivityWorker({
      client: target.client,
      domain: DOMAIN,
      taskList: TASK_LIST,
      activities: [act],
      maxConcurrentTasks: C,
      pollers: Number(process.env.P ?? C),
      logger: { debug() {}, info() {}, warn() {}, error() {} } as never,
    });
    let n = 0;
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    worker.on('taskResponded', () => {
      if (++n === N) done();
    });
    const running = worker.run();
    await p;
    const c = process.cpuUsage(cpu);
    console.log(
      side,
      (N / ((performance.now() - t) / 1000)).toFixed(0),
      'tasks/s',
      ((c.user + c.system) / N).toFixed(0),
      'us/task',
    );
    const s = worker.shutdown({ graceMs: 0 });
    await target.releasePollers();
    await Promise.all([s, running]);
  } else {
    let claimed = 0;
    const client = target.client;
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (claimed < N) {
          claimed++;
          const task = await client.send(
            new PollForActivityTaskCommand({
              domain: DOMAIN,
              taskList: { name: TASK_LIST },
              identity: 'h',
            }),
          );
          await client.send(
            new RespondActivityTaskCompletedCommand({
              taskToken: task.taskToken!,
              result: JSON.stringify({ n: 2 }),
            }),
          );
        }
      }),
    );
    const c = process.cpuUsage(cpu);
    console.log(
      side,
      (N / ((performance.now() - t) / 1000)).toFixed(0),
      'tasks/s',
      ((c.user + c.system) / N).toFixed(0),
      'us/task',
    );
  }
  console.log(
    'polls',
    await target.callCount('PollForActivityTask'),
    'responds',
    await target.callCount('RespondActivityTaskCompleted'),
    'describe',
    await target.callCount('DescribeActivityType'),
  );
}
await target.close();
