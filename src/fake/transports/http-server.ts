/**
 * The HTTP transport: a real HTTP/1.1 server speaking SWF's JSON 1.0 protocol, so that any SWF
 * client (the AWS SDKs, the AWS CLI, boto3) can talk to the fake on localhost.
 *
 * @module
 */
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { SwfServiceError } from '../errors.js';
import type { SwfOperationHandler } from '../operation-handler.js';
import {
  handleWireRequest,
  MAX_REQUEST_BODY_BYTES,
  requestEntityTooLargeReply,
  SWF_TARGET_PREFIX,
  serviceErrorReply,
  type WireOptions,
  type WireReply,
} from '../protocol/wire.js';
import { readBoundedStream } from './bounded-body.js';

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions extends WireOptions {
  /** The address to bind. Default `127.0.0.1`: the fake is not meant to be reachable from elsewhere. */
  readonly host?: string;
  /** The port; `0` (the default) picks a free one, see {@link SwfHttpServer.port}. */
  readonly port?: number;
  /**
   * Bodies larger than this are answered 413 and not read further. Default and upper bound:
   * SWF's 1 MB (1,048,576 bytes).
   */
  readonly maxBodyBytes?: number;
  /**
   * How long {@link SwfHttpServer.close} waits for requests in flight (long polls, say) before
   * it destroys their connections. Default 1000 ms.
   */
  readonly closeGraceMs?: number;
}

/** A running fake SWF HTTP server. */
export interface SwfHttpServer {
  /** The endpoint to give clients, e.g. `http://127.0.0.1:53211`. */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /** The bound address. */
  readonly host: string;
  /**
   * Stops accepting connections, ends idle keep-alive connections, waits up to the grace period
   * for requests in flight, then destroys what is left. Resolves once the server is closed.
   */
  close(): Promise<void>;
}

/**
 * Starts serving `service` over HTTP. Keep-alive works; a body over the limit is answered 413
 * without being read further; a dropped connection (an injected fault) destroys the socket; a
 * client that disconnects aborts the signal the service got.
 */
export async function startHttpServer(
  service: SwfOperationHandler,
  options: HttpServerOptions = {},
): Promise<SwfHttpServer> {
  const {
    host = '127.0.0.1',
    port = 0,
    maxBodyBytes = MAX_REQUEST_BODY_BYTES,
    closeGraceMs = 1000,
    ...wireOptions
  } = options;
  const serving: Serving = {
    service,
    maxBodyBytes,
    wireOptions,
    closing: false,
    longPolls: new Set(),
  };
  let inFlight = 0;
  const idle = new Set<() => void>();

  const settled = () => {
    inFlight -= 1;
    if (inFlight === 0) for (const notify of [...idle]) notify();
  };
  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    inFlight += 1;
    void serve(serving, request, response).finally(
      // A response still flushing its bytes stays in flight until it closes; most are
      // written whole at once (or their connection is gone) and need no listener.
      () =>
        response.writableLength === 0 || response.destroyed
          ? settled()
          : response.once('close', settled),
    );
  };
  const server = createServer(onRequest);
  // Every request gets a JSON answer, also those Node would answer bare or drop on its own:
  // an `Expect` other than 100-continue is ignored (RFC 9110 allows it) instead of a 417,
  // a CONNECT is an unknown operation, and bytes that are not HTTP get a 400.
  server.on('checkExpectation', onRequest);
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    writeRawReply(
      socket,
      serviceErrorReply(
        new SwfServiceError('UnknownOperationException', `${request.method} is not supported`),
      ),
    );
  });
  server.on('clientError', (error: Error & { code?: unknown }, socket: Duplex) => {
    // Node documents no way to learn whether a response is being written on this socket; its
    // private `_httpMessage` (the ServerResponse in progress, which Node's own clientError
    // handling reads too) tells. If it is ever gone, `current` is undefined and a 400 is
    // written when the socket is still writable, as before.
    const current = (socket as { _httpMessage?: ServerResponse | null })._httpMessage;
    if (!socket.writable || current?.headersSent || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : 400;
    const message =
      status === 431
        ? 'The request headers are too large'
        : status === 408
          ? 'The request did not arrive in time'
          : 'The request is not valid HTTP/1.1';
    writeRawReply(
      socket,
      serviceErrorReply(new SwfServiceError('SerializationException', message)),
      status,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  /** Resolves once no request is in flight, or after `ms` at the latest. */
  const drained = (ms: number) =>
    new Promise<void>((resolve) => {
      if (inFlight === 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        idle.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      idle.add(done);
    });

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      serving.closing = true;
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await drained(closeGraceMs);
      server.closeAllConnections();
      for (const longPoll of serving.longPolls) {
        longPoll.abort(new Error('The server closed the connection'));
      }
      await serverClosed;
    })();
    return closed;
  };

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    host: address.address,
    close,
  };
}

/** The operations whose call may wait long: only they need to hear of a client that left. */
const LONG_POLLS: ReadonlySet<string> = new Set([
  `${SWF_TARGET_PREFIX}PollForActivityTask`,
  `${SWF_TARGET_PREFIX}PollForDecisionTask`,
]);

/** What every request of one server shares. */
interface Serving {
  readonly service: SwfOperationHandler;
  readonly maxBodyBytes: number;
  readonly wireOptions: WireOptions;
  /** Set once close() starts: answers from then on close their connection. */
  closing: boolean;
  /** The long polls waiting, so that close() can end those whose connection it destroys. */
  readonly longPolls: Set<AbortController>;
}

/** Serves one request; a long poll also hears of its client leaving, through a signal. */
function serve(
  serving: Serving,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const target = headerValue(request, 'x-amz-target');
  return target !== undefined && LONG_POLLS.has(target)
    ? serveLongPoll(serving, request, response)
    : answer(serving, request, response);
}

async function serveLongPoll(
  serving: Serving,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const client = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) {
      client.abort(new Error('The client closed the connection'));
    }
  });
  serving.longPolls.add(client);
  try {
    await answer(serving, request, response, client.signal);
  } finally {
    serving.longPolls.delete(client);
  }
}

/**
 * Reads the body, answers through the wire layer and writes the reply, or destroys the
 * connection (a body that never arrived whole, a dropped connection); `signal` aborts when a
 * long poll's client leaves.
 */
async function answer(
  serving: Serving,
  request: IncomingMessage,
  response: ServerResponse,
  signal?: AbortSignal,
): Promise<void> {
  const body = await readBody(request, serving.maxBodyBytes);
  if (body === 'too-large') {
    writeReply(response, requestEntityTooLargeReply(serving.maxBodyBytes), true);
    return;
  }
  if (body === 'failed' || signal?.aborted) {
    request.socket.destroy();
    return;
  }
  const reply = await handleWireRequest(
    serving.service,
    {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      header: (name) => headerValue(request, name),
      body,
      ...(signal === undefined ? {} : { signal }),
    },
    serving.wireOptions,
  );
  if (response.destroyed) return;
  if (reply.kind === 'drop') {
    request.socket.destroy();
    return;
  }
  writeReply(response, reply, serving.closing);
}

/**
 * Reads the body: `'too-large'` past `limit` bytes (declared or read; reading stops there and
 * the connection stays open for the 413), `'failed'` when the client went away mid-body.
 */
async function readBody(
  request: IncomingMessage,
  limit: number,
): Promise<Uint8Array | 'too-large' | 'failed'> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return 'too-large';
  try {
    const body = await readBoundedStream(request, limit);
    return body ?? 'too-large';
  } catch {
    return 'failed';
  }
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Writes `reply` straight to a socket that has no response object (a CONNECT, or bytes Node
 * could not parse), then closes it.
 */
function writeRawReply(socket: Duplex, reply: WireReply, status = reply.status): void {
  const body = Buffer.from(reply.body, 'utf8');
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    ...Object.entries(reply.headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${body.byteLength}`,
    'connection: close',
    '',
    '',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]), () => socket.destroy());
}

/** Writes `reply`; with `last`, the connection closes after it instead of being kept alive. */
function writeReply(response: ServerResponse, reply: WireReply, last: boolean): void {
  if (response.headersSent || response.destroyed) return;
  const headers: OutgoingHttpHeaders = {
    ...reply.headers,
    'content-length': Buffer.byteLength(reply.body, 'utf8'),
  };
  if (last) headers.connection = 'close';
  response.writeHead(reply.status, headers);
  // A string body goes out in one write with the head (a buffer would need a second one).
  response.end(reply.body, 'utf8');
}
