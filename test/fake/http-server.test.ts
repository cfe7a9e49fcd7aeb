import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { type SwfHttpServer, startHttpServer } from '../../src/fake/transports/http-server.js';
import { StubService, TOKENS } from './support/stub-service.js';

/** One raw HTTP exchange; the body of the answer as text. */
interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly reusedSocket: boolean;
}

function send(
  url: string,
  {
    method = 'POST',
    headers = {},
    body,
    agent,
  }: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    agent?: Agent;
  },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          reusedSocket: req.reusedSocket,
        }),
      );
      res.on('error', reject);
    });
    // The server may close the connection while a refused body is still being written.
    req.on('error', reject);
    req.end(body);
  });
}

const SWF_HEADERS = {
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-target': 'SimpleWorkflowService.RecordActivityTaskHeartbeat',
};

describe('HTTP server', () => {
  const servers: SwfHttpServer[] = [];
  const start = async (service = new StubService(), options = {}) => {
    const server = await startHttpServer(service, options);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  test('binds 127.0.0.1 on a free port by default', async () => {
    const server = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  test('answers SerializationException to a body that is not JSON', async () => {
    const server = await start();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: SWF_HEADERS,
      body: '{"taskToken": ',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await response.json()).toEqual({
      __type: 'com.amazon.coral.service#SerializationException',
      message: 'The request body is not valid JSON',
    });
  });

  test('answers UnknownOperationException without an SWF target', async () => {
    const server = await start();
    const answer = await send(server.url, {
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).__type).toBe(
      'com.amazon.coral.service#UnknownOperationException',
    );
  });

  test('answers 413 to a declared body over 1 MB without reading it', async () => {
    const service = new StubService();
    const server = await start(service);
    const body = Buffer.alloc(1_048_577, 0x20);
    const answer = await send(server.url, { headers: SWF_HEADERS, body }).catch(
      (error: unknown) => error,
    );
    expect((answer as RawAnswer).status).toBe(413);
    expect(JSON.parse((answer as RawAnswer).body).__type).toBe(
      'com.amazon.coral.service#RequestEntityTooLargeException',
    );
    expect((answer as RawAnswer).headers.connection).toBe('close');
    expect(service.calls).toHaveLength(0);
  });

  test('stops reading a chunked body once it passes the limit', async () => {
    const service = new StubService();
    const server = await start(service, { maxBodyBytes: 1024 });
    const answer = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        server.url,
        { method: 'POST', headers: SWF_HEADERS, agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      // Chunked, with no Content-Length: the server must count as it reads. The body is never
      // ended: only the server's early answer can settle this exchange.
      req.write(Buffer.alloc(4096, 0x20));
    });
    expect(answer).toBe(413);
    expect(service.calls).toHaveLength(0);
  });

  test('keeps connections alive between requests', async () => {
    const server = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = JSON.stringify({ taskToken: TOKENS.cancel });
      const first = await send(server.url, { headers: SWF_HEADERS, body, agent });
      const second = await send(server.url, { headers: SWF_HEADERS, body, agent });
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.reusedSocket).toBe(true);
      expect(JSON.parse(second.body)).toEqual({ cancelRequested: true });
    } finally {
      agent.destroy();
    }
  });

  test('destroys the socket of a dropped connection', async () => {
    const server = await start();
    const error = await send(server.url, {
      headers: SWF_HEADERS,
      body: JSON.stringify({ taskToken: TOKENS.drop }),
    }).catch((caught: unknown) => caught);
    expect((error as { code?: string }).code).toBe('ECONNRESET');
  });

  test('aborts the service signal when the client disconnects', async () => {
    const service = new StubService();
    const server = await start(service);
    const req = httpRequest(server.url, {
      method: 'POST',
      headers: { ...SWF_HEADERS, 'x-amz-target': 'SimpleWorkflowService.PollForActivityTask' },
      agent: false,
    });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ domain: 'media', taskList: { name: 'images' } }));
    await service.pollsWaiting(1);
    const signal = service.calls[0]?.signal;
    expect(signal?.aborted).toBe(false);
    const aborted = new Promise<void>((resolve) =>
      signal?.addEventListener('abort', () => resolve(), { once: true }),
    );
    req.destroy();
    await aborted;
    expect(signal?.aborted).toBe(true);
    service.releaseAllPolls();
  });

  test('close() ends a pending long poll after its grace period', async () => {
    const service = new StubService();
    const server = await startHttpServer(service, { closeGraceMs: 50 });
    const req = httpRequest(server.url, {
      method: 'POST',
      headers: { ...SWF_HEADERS, 'x-amz-target': 'SimpleWorkflowService.PollForActivityTask' },
      agent: false,
    });
    const failed = new Promise<unknown>((resolve) => req.on('error', resolve));
    req.end(JSON.stringify({ domain: 'media', taskList: { name: 'images' } }));
    await service.pollsWaiting(1);
    await server.close();
    expect((await failed) as { code?: string }).toMatchObject({ code: 'ECONNRESET' });
    expect(service.calls[0]?.signal?.aborted).toBe(true);
  });

  test('close() lets a request in flight finish within the grace period', async () => {
    const service = new StubService();
    const server = await startHttpServer(service, { closeGraceMs: 10_000 });
    const answered = send(server.url, {
      headers: { ...SWF_HEADERS, 'x-amz-target': 'SimpleWorkflowService.PollForActivityTask' },
      body: JSON.stringify({ domain: 'media', taskList: { name: 'images' } }),
    });
    await service.pollsWaiting(1);
    const closed = server.close();
    service.releasePoll({ taskToken: 'task-1' } as never);
    const answer = await answered;
    await closed;
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body).taskToken).toBe('task-1');
  });
});
