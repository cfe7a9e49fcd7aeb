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
  cannedAnswer,
  cannedAnswers,
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
/** The fake served; none behind the bare server. */
const service = kind === 'bare' ? undefined : new ResettableFake(defaults);

const send = (message: ServerMessage): void => {
  process.send?.(message);
};

async function startBare(): Promise<{ url: string; close(): Promise<void> }> {
  const answers = await cannedAnswers(defaults);
  const server = createServer((request, response) => {
    const body = cannedAnswer(answers, String(request.headers['x-amz-target'] ?? ''));
    request.on('data', () => {});
    request.on('end', () => {
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
  service === undefined ? await startBare() : await startHttpServer(service, { host: '127.0.0.1' });
const cpuAtStart = process.cpuUsage();

process.on('message', (message: ServerRequest) => {
  switch (message.type) {
    case 'schedule':
      if (service !== undefined) scheduleBenchTasks(service.fake, message.count);
      send({ type: 'scheduled' });
      break;
    case 'reset':
      service?.reset();
      send({ type: 'reset' });
      break;
    case 'release':
      service?.fake.model.releasePollers();
      send({ type: 'released' });
      break;
    case 'cpu': {
      const usage = process.cpuUsage(cpuAtStart);
      send({ type: 'cpu', cpuMicros: usage.user + usage.system });
      break;
    }
    case 'calls':
      send({ type: 'calls', count: service?.fake.callCount(message.operation) ?? 0 });
      break;
    case 'close':
      service?.close();
      void server.close().then(() => {
        send({ type: 'closed' });
        process.disconnect();
      });
      break;
  }
});
send({ type: 'ready', url: server.url });
