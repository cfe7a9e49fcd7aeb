/**
 * Cancellation: `ctx.signal` is a standard AbortSignal, so passing it on is all it takes to stop
 * `fetch`, a stream pipeline and a timer when a decider asks to cancel. The handler rethrows
 * the signal's reason, and the worker reports RespondActivityTaskCanceled.
 *
 * Four tasks of one activity, which downloads a file (from a local server started here),
 * hashes it as it streams in, then waits before publishing:
 * - `small` is not cancelled and completes;
 * - `unanswered` is cancelled while the server has not answered yet (fetch stops);
 * - `large` is cancelled while its download streams in (the pipeline stops);
 * - `delayed` is cancelled while it waits (the timer stops).
 *
 *   npm run example examples/cancellation.ts
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { setTimeout as delay } from 'node:timers/promises';
import { ActivityWorker, defineActivity } from 'swf-activity-worker';
import { connectExampleSwf } from './support/example-swf.js';
import { startWorkflow } from './support/workflow.js';

interface PublishInput {
  /** What to download. */
  readonly url: string;
  /** How long to wait before publishing, in ms. */
  readonly publishAfterMs: number;
}

const publishFile = defineActivity({
  name: 'publishFile',
  version: '1',
  async handler(input: PublishInput, ctx) {
    let stage = 'fetch';
    try {
      const response = await fetch(input.url, { signal: ctx.signal });
      if (!response.ok || response.body === null)
        throw new Error(`GET ${input.url}: ${response.status}`);
      const hash = createHash('sha256');
      let bytes = 0;
      stage = 'stream pipeline';
      await pipeline(
        Readable.fromWeb(response.body as ReadableStream<Uint8Array>),
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            bytes += chunk.length;
            ctx.heartbeat({ bytes });
            callback(null, chunk);
          },
        }),
        new Writable({
          write(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            callback();
          },
        }),
        { signal: ctx.signal },
      );
      stage = 'timer';
      await delay(input.publishAfterMs, undefined, { signal: ctx.signal });
      return { bytes, sha256: hash.digest('hex').slice(0, 16) };
    } catch (error) {
      // An aborted operation rejects with an AbortError (timers) or with the signal's reason
      // itself (fetch; stream pipelines from Node 24 on): either way, the signal says why.
      if (ctx.signal.aborted) {
        const reason = ctx.signal.reason as Error;
        const thrown =
          error === reason
            ? "the signal's reason"
            : error instanceof Error
              ? error.name
              : String(error);
        console.log(
          `${ctx.task.activityId}: the ${stage} threw ${thrown}; the reason: ${reason.name}`,
        );
        throw reason; // after a cancel request: reported as canceled
      }
      throw error;
    }
  },
});

// A local file server: /large streams 16 KiB every 50 ms for ten seconds, /unanswered waits
// ten seconds before it answers, the others answer 64 KiB at once.
const files = createServer((request, response) => {
  const chunk = Buffer.alloc(16 * 1024, 'x');
  if (request.url === '/unanswered') {
    const answer = setTimeout(() => response.end(chunk), 10_000);
    response.on('close', () => clearTimeout(answer));
    return;
  }
  if (request.url !== '/large') {
    response.end(Buffer.concat([chunk, chunk, chunk, chunk]));
    return;
  }
  response.writeHead(200, { 'content-type': 'application/octet-stream' });
  const interval = setInterval(() => response.write(chunk), 50);
  const end = setTimeout(() => response.end(), 10_000);
  response.on('close', () => {
    clearInterval(interval);
    clearTimeout(end);
  });
});
files.listen(0, '127.0.0.1');
await once(files, 'listening');
const base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

const swf = await connectExampleSwf([
  { name: 'publishFile', version: '1', heartbeatTimeout: 2, startToCloseTimeout: 60 },
]);
const taskList = swf.taskList('publishing');
const worker = new ActivityWorker({
  client: swf.client,
  domain: swf.domain,
  taskList,
  activities: [publishFile],
});
worker.on('cancelRequested', ({ task }) =>
  console.log(`${task.activityId}: SWF answered a heartbeat with cancelRequested`),
);
const running = worker.run();

const workflow = await startWorkflow(
  swf,
  [
    { activityId: 'small', path: '/small', publishAfterMs: 100 },
    { activityId: 'unanswered', path: '/unanswered', publishAfterMs: 100, cancelAfterSeconds: 1 },
    { activityId: 'large', path: '/large', publishAfterMs: 100, cancelAfterSeconds: 1 },
    { activityId: 'delayed', path: '/delayed', publishAfterMs: 30_000, cancelAfterSeconds: 1 },
  ].map(({ activityId, path, publishAfterMs, cancelAfterSeconds }) => ({
    activityId,
    activityType: publishFile,
    input: { url: `${base}${path}`, publishAfterMs } satisfies PublishInput,
    taskList,
    ...(cancelAfterSeconds === undefined ? {} : { cancelAfterSeconds }),
  })),
);
for (const { activityId, outcome, result, details } of await workflow.finished) {
  const detail = outcome === 'completed' ? JSON.stringify(result) : details?.split('\n')[0];
  console.log(`${activityId}: ${outcome}: ${detail}`);
}

await swf.finish(worker);
await running;
files.closeAllConnections();
files.close();
