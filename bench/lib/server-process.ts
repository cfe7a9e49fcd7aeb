/**
 * A server for the benchmarks, in a process of its own so that its CPU is not the client's:
 * `fake` serves a FakeSwf over HTTP (startHttpServer); `bare` is the baseline, a bare
 * node:http server with keep-alive that answers every operation with the bytes the fake
 * answered it once, doing nothing else. Driven over IPC by {@link startServerProcess}.
 *
 * Usage: `server-process.ts <fake|bare> <heartbeatTimeout> <startToCloseTimeout>`.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHttpServer } from 'swf-activity-worker/fake';
import {
  cannedAnswers,
  EMPTY_ANSWER,
  ResettableFake,
  type ServerMessage,
  type ServerRequest,
  scheduleBenchTasks,
  type TypeDefaults,
} from './swf.js';

const [kind, heartbeatTimeout, startToCloseTimeout] = process.argv.slice(2);
const defaults: TypeDefaults = {
  heartbeatTimeout: Number(heartbeatTimeout),
  startToCloseTimeout: Number(startToCloseTimeout),
};
const service = new ResettableFake(defaults);

const send = (message: ServerMessage): void => {
  process.send?.(message);
};

/** The operations the benchmarks call, and how often the bare server answered each. */
const bareCalls = new Map<string, number>();

async function startBare(): Promise<{ url: string; close(): Promise<void> }> {
  const answers = await cannedAnswers(defaults);
  const server = createServer((request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.slice(target.indexOf('.') + 1);
    request.on('data', () => {});
    request.on('end', () => {
      bareCalls.set(operation, (bareCalls.get(operation) ?? 0) + 1);
      const body = answers.get(operation) ?? EMPTY_ANSWER;
      response.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': randomUUID(),
        'content-length': body.byteLength,
      });
      response.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const server =
  kind === 'bare' ? await startBare() : await startHttpServer(service, { host: '127.0.0.1' });
const cpuAtStart = process.cpuUsage();

process.on('message', (message: ServerRequest) => {
  switch (message.type) {
    case 'schedule':
      scheduleBenchTasks(service.fake, message.count);
      send({ type: 'scheduled' });
      break;
    case 'reset':
      service.reset();
      send({ type: 'reset' });
      break;
    case 'release':
      service.fake.model.releasePollers();
      send({ type: 'released' });
      break;
    case 'stats': {
      const usage = process.cpuUsage(cpuAtStart);
      const calls: Record<string, number> = {};
      if (kind === 'bare') {
        for (const [operation, count] of bareCalls) calls[operation] = count;
      } else {
        for (const operation of [
          'PollForActivityTask',
          'RecordActivityTaskHeartbeat',
          'RespondActivityTaskCompleted',
          'DescribeActivityType',
        ] as const) {
          calls[operation] = service.fake.callCount(operation);
        }
      }
      send({ type: 'stats', cpuMicros: usage.user + usage.system, calls });
      break;
    }
    case 'close':
      service.close();
      void server.close().then(() => {
        send({ type: 'closed' });
        process.disconnect();
      });
      break;
  }
});
send({ type: 'ready', url: server.url });
