/**
 * A worker process for the shutdown test: runs one ActivityWorker against the fake SWF at
 * `SWF_ENDPOINT` until SIGTERM, with `handleSignals` and the grace of `SHUTDOWN_GRACE_MS`.
 * Writes every log line and every event to stderr, `shutdown-started` to stdout when the
 * shutdown begins, and `stopped <counts>` once `run()` resolved; then exits on its own.
 *
 * Run with `node --conditions=swf-activity-worker:source --import tsx`.
 */
import { SWFClient } from '@aws-sdk/client-swf';
import {
  ActivityWorker,
  defineActivity,
  type Logger,
  WORKER_EVENT_TYPES,
} from 'swf-activity-worker';

const endpoint = process.env.SWF_ENDPOINT;
if (endpoint === undefined) throw new Error('SWF_ENDPOINT is not set');

const write = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const logger: Logger = {
  debug: (...args) => write(`debug ${JSON.stringify(args)}`),
  info: (...args) => write(`info ${JSON.stringify(args)}`),
  warn: (...args) => write(`warn ${JSON.stringify(args)}`),
  error: (...args) => write(`error ${JSON.stringify(args)}`),
};

const work = defineActivity<{ ms: number }, { sleptMs: number }>({
  name: 'work',
  version: '1',
  async handler(input, ctx) {
    await ctx.sleep(input.ms);
    return { sleptMs: input.ms };
  },
});

const client = new SWFClient({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'AKIDSHUTDOWN', secretAccessKey: 'shutdown-secret' },
});
const worker = new ActivityWorker({
  client,
  domain: process.env.SWF_DOMAIN ?? 'shutdown',
  taskList: process.env.SWF_TASK_LIST ?? 'load',
  activities: [work],
  maxConcurrentTasks: Number(process.env.MAX_CONCURRENT_TASKS ?? 104),
  pollers: Number(process.env.POLLERS ?? 4),
  handleSignals: true,
  shutdownGraceMs: Number(process.env.SHUTDOWN_GRACE_MS ?? 5000),
  logger,
});

const counts: Record<string, number> = {};
for (const type of WORKER_EVENT_TYPES) {
  worker.on(type, (event) => {
    counts[type] = (counts[type] ?? 0) + 1;
    write(`event ${JSON.stringify(event)}`);
    if (type === 'shutdownStarted') process.stdout.write('shutdown-started\n');
  });
}

await worker.run();
client.destroy();
process.stdout.write(`stopped ${JSON.stringify(counts)}\n`);
