/**
 * A faulty network on 127.0.0.1: an HTTP proxy between a real SWF client and the fake's HTTP
 * server that black-holes, resets, delays or drops the answers of chosen SWF operations (read
 * from each request's `X-Amz-Target`) for chosen spans of time. Faults act on real sockets, so
 * the client meets them as it would meet them in production: a black-holed request hangs in
 * silence until the client itself gives up; a reset is an `ECONNRESET`.
 *
 * Used by the resilience tests and by the adverse-network benchmark.
 *
 * @module
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What a fault does to a request it catches:
 * - `blackHole`: the request never reaches SWF and nothing comes back: no answer, no error;
 * - `reset`: the connection is reset (`ECONNRESET`) at once, before SWF sees the request;
 * - `delay`: the request waits `delayMs` before it goes on to SWF; the answer comes back;
 * - `dropAnswer`: SWF gets and handles the request, but its answer is lost: silence follows.
 */
export type FaultKind = 'blackHole' | 'reset' | 'delay' | 'dropAnswer';

/** A fault to inject, see {@link FaultProxy.inject}. */
export interface FaultSpec {
  readonly kind: FaultKind;
  /** The SWF operations it catches (`RecordActivityTaskHeartbeat`, ...); all when absent. */
  readonly operations?: readonly string[];
  /** For `delay`: how long each request waits. */
  readonly delayMs?: number;
  /** It starts this many ms from now. Default 0. */
  readonly afterMs?: number;
  /** It ends this many ms after it started. Default: when removed. */
  readonly forMs?: number;
  /**
   * What becomes of the requests it holds in silence (black-holed, or whose answer it dropped)
   * when it ends: `hang` (the default) keeps them silent until the client gives up, as a
   * connection lost for good does; `reset` resets their connections, as a peer that lost the
   * connection's state does when the network comes back.
   */
  readonly onEnd?: 'hang' | 'reset';
}

/** A fault in the proxy. */
export interface Fault {
  readonly spec: FaultSpec;
  /** Requests it caught so far. */
  readonly hits: number;
  /** Whether it is catching requests now. */
  readonly active: boolean;
  /** When it started and ended (epoch ms), once it did. */
  readonly startedAt: number | undefined;
  readonly endedAt: number | undefined;
  /** Resolves when the fault ends (or the proxy closes). */
  readonly ended: Promise<void>;
  /** Ends it now. */
  remove(): void;
}

/** What became of a request that went through the proxy. */
export type CallOutcome =
  /** Still under way. */
  | 'pending'
  /** SWF's answer reached the client. */
  | 'answered'
  /** Held in silence by a fault. */
  | 'blackHoled'
  | 'reset'
  /** SWF handled it; the answer was lost. */
  | 'answerDropped'
  /** The client closed the connection before the answer came. */
  | 'clientGone'
  /** The upstream connection failed; the client's connection was reset. */
  | 'upstreamError';

/** A request that reached the proxy. */
export interface ProxiedCall {
  /** The SWF operation, from `X-Amz-Target` (`''` when missing). */
  readonly operation: string;
  /** The task token in the request, if any. */
  readonly taskToken: string | undefined;
  /** When the request reached the proxy (epoch ms). */
  readonly arrivedAt: number;
  /** The fault that caught it, if any. */
  readonly fault: Fault | undefined;
  outcome: CallOutcome;
  /** When the outcome was settled (epoch ms). */
  settledAt: number | undefined;
  /** The HTTP status SWF answered with, when it answered. */
  status: number | undefined;
}

/** Options of {@link FaultProxy.start}. */
export interface FaultProxyOptions {
  /** Keep a record of every call in {@link FaultProxy.calls}. Default true. */
  readonly record?: boolean;
  /** Called when a call's outcome settles. */
  readonly onSettled?: (call: ProxiedCall) => void;
}

const TARGET_PREFIX = 'SimpleWorkflowService.';
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host']);

/** An HTTP proxy to one SWF endpoint, with faults on demand. */
export class FaultProxy {
  /** The endpoint to give SWF clients. */
  readonly url: string;
  /** Every call so far, in order of arrival (unless `record: false`). */
  readonly calls: ProxiedCall[] = [];
  readonly #server: Server;
  readonly #upstream: URL;
  readonly #agent = new Agent({ keepAlive: true });
  readonly #faults: FaultState[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #record: boolean;
  readonly #onSettled: ((call: ProxiedCall) => void) | undefined;
  #closed: Promise<void> | undefined;

  private constructor(server: Server, upstream: URL, options: FaultProxyOptions) {
    this.#server = server;
    this.#upstream = upstream;
    this.#record = options.record ?? true;
    this.#onSettled = options.onSettled;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Starts a proxy on a free port of 127.0.0.1 that forwards to `upstream` (an `http:` URL). */
  static async start(upstream: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
    const target = new URL(upstream);
    if (target.protocol !== 'http:') {
      throw new TypeError(`FaultProxy: upstream must be an http: URL, got ${upstream}`);
    }
    const server = createServer();
    // Connections stay open until the client closes them (or the proxy does): a proxy that
    // closed idle ones on its own would add resets of its own to the faults under test.
    server.keepAliveTimeout = 0;
    server.requestTimeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const proxy = new FaultProxy(server, target, options);
    server.on('connection', (socket: Socket) => proxy.#track(socket));
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      proxy.#serve(request, response);
    });
    return proxy;
  }

  /**
   * Injects a fault: from `afterMs` on, for `forMs`, it catches the requests for its operations
   * (the first fault injected wins when several catch the same request).
   */
  inject(spec: FaultSpec): Fault {
    if (this.#closed !== undefined) throw new Error('FaultProxy: the proxy is closed');
    if (spec.kind === 'delay' && !(Number(spec.delayMs) >= 0)) {
      throw new RangeError('FaultProxy: a delay fault needs delayMs >= 0');
    }
    const fault = new FaultState(spec);
    this.#faults.push(fault);
    const start = (): void => {
      fault.start();
      if (spec.forMs !== undefined) this.#later(spec.forMs, () => fault.remove());
    };
    if ((spec.afterMs ?? 0) > 0) this.#later(spec.afterMs ?? 0, start);
    else start();
    void fault.ended.then(() => {
      const index = this.#faults.indexOf(fault);
      if (index >= 0) this.#faults.splice(index, 1);
    });
    return fault;
  }

  /** Black-holes `operations` (all when absent) for `forMs` from now. */
  blackHole(forMs: number, operations?: readonly string[]): Fault {
    return this.inject({ kind: 'blackHole', forMs, operations });
  }

  /** Requests held in silence now. */
  get held(): number {
    let count = 0;
    for (const fault of this.#faults) count += fault.held.size;
    return count;
  }

  /** Ends every fault, closes every connection and the server. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
      for (const fault of [...this.#faults]) fault.remove('close');
      const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
      for (const socket of this.#sockets) socket.destroy();
      this.#server.closeAllConnections();
      this.#agent.destroy();
      await closed;
    })();
    return this.#closed;
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  #serve(request: IncomingMessage, response: ServerResponse): void {
    const arrivedAt = Date.now();
    const target = request.headers['x-amz-target'];
    const operation =
      typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : '';
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('error', () => response.destroy());
    request.once('end', () => {
      const body = Buffer.concat(chunks);
      const fault = this.#faults.find((candidate) => candidate.catches(operation));
      const call: ProxiedCall = {
        operation,
        taskToken: taskTokenOf(body),
        arrivedAt,
        fault,
        outcome: 'pending',
        settledAt: undefined,
        status: undefined,
      };
      if (this.#record) this.calls.push(call);
      fault?.hit();
      this.#handle(call, request, response, body);
    });
  }

  #settle(call: ProxiedCall, outcome: CallOutcome): void {
    if (call.outcome !== 'pending' && call.outcome !== 'blackHoled') return;
    call.outcome = outcome;
    call.settledAt = Date.now();
    this.#onSettled?.(call);
  }

  #handle(
    call: ProxiedCall,
    request: IncomingMessage,
    response: ServerResponse,
    body: Buffer,
  ): void {
    const fault = call.fault as FaultState | undefined;
    const socket = request.socket;
    const clientGone = (): void => this.#settle(call, 'clientGone');
    const heldEnded = (outcome: 'clientGone' | 'reset'): void => this.#settle(call, outcome);
    switch (fault?.spec.kind) {
      case 'reset':
        this.#settle(call, 'reset');
        socket.resetAndDestroy();
        return;
      case 'blackHole':
        call.outcome = 'blackHoled';
        fault.hold(socket, heldEnded);
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          response.off('close', onClose);
          this.#forward(call, request, response, body, undefined);
        }, fault.spec.delayMs);
        this.#timers.add(timer);
        const onClose = (): void => {
          clearTimeout(timer);
          this.#timers.delete(timer);
          clientGone();
        };
        response.once('close', onClose);
        return;
      }
      case 'dropAnswer':
        this.#forward(call, request, response, body, fault);
        return;
      case undefined:
        this.#forward(call, request, response, body, undefined);
    }
  }

  /** Sends the request on to SWF; `dropping` swallows the answer and holds the client. */
  #forward(
    call: ProxiedCall,
    request: IncomingMessage,
    response: ServerResponse,
    body: Buffer,
    dropping: FaultState | undefined,
  ): void {
    if (response.destroyed) {
      this.#settle(call, 'clientGone');
      return;
    }
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    }
    headers.host = this.#upstream.host;
    headers['content-length'] = body.byteLength;
    const upstream = httpRequest({
      agent: this.#agent,
      host: this.#upstream.hostname,
      port: this.#upstream.port,
      method: request.method,
      path: request.url,
      headers,
    });
    // A client that goes away takes its request with it, as a closed connection would: SWF
    // sees the disconnect (a long poll ends).
    const onClientClose = (): void => {
      if (!response.writableFinished) {
        upstream.destroy();
        this.#settle(call, 'clientGone');
      }
    };
    response.once('close', onClientClose);
    upstream.once('error', () => {
      if (call.outcome !== 'pending') return;
      this.#settle(call, 'upstreamError');
      request.socket.resetAndDestroy();
    });
    upstream.once('response', (answer) => {
      call.status = answer.statusCode;
      if (dropping !== undefined) {
        answer.resume();
        answer.once('end', () => {
          response.off('close', onClientClose);
          this.#settle(call, 'answerDropped');
          dropping.hold(request.socket, () => {});
        });
        return;
      }
      const answerHeaders: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (!HOP_BY_HOP.has(name) && value !== undefined) answerHeaders[name] = value;
      }
      response.writeHead(answer.statusCode ?? 502, answerHeaders);
      answer.pipe(response);
      response.once('finish', () => {
        response.off('close', onClientClose);
        this.#settle(call, 'answered');
      });
    });
    upstream.end(body);
  }
}

/** A fault's state: its span, its hits, and the connections it holds in silence. */
class FaultState implements Fault {
  readonly ended: Promise<void>;
  /** Connections held in silence, with what to do when they end. */
  readonly held = new Map<Socket, (outcome: 'clientGone' | 'reset') => void>();
  hits = 0;
  startedAt: number | undefined;
  endedAt: number | undefined;
  #end!: () => void;
  readonly #operations: ReadonlySet<string> | undefined;

  constructor(readonly spec: FaultSpec) {
    this.#operations = spec.operations === undefined ? undefined : new Set(spec.operations);
    this.ended = new Promise<void>((resolve) => {
      this.#end = resolve;
    });
  }

  get active(): boolean {
    return this.startedAt !== undefined && this.endedAt === undefined;
  }

  start(): void {
    if (this.endedAt === undefined) this.startedAt = Date.now();
  }

  catches(operation: string): boolean {
    return this.active && (this.#operations === undefined || this.#operations.has(operation));
  }

  hit(): void {
    this.hits += 1;
  }

  /**
   * Holds `socket` in silence until the client closes it, or the fault ends with a reset;
   * `onEnd` learns which.
   */
  hold(socket: Socket, onEnd: (outcome: 'clientGone' | 'reset') => void): void {
    if (socket.destroyed) {
      onEnd('clientGone');
      return;
    }
    let ended = false;
    const end = (outcome: 'clientGone' | 'reset'): void => {
      if (ended) return;
      ended = true;
      this.held.delete(socket);
      socket.off('close', onClose);
      onEnd(outcome);
    };
    const onClose = (): void => end('clientGone');
    this.held.set(socket, end);
    socket.once('close', onClose);
  }

  remove(why: 'removed' | 'close' = 'removed'): void {
    if (this.endedAt !== undefined) return;
    this.endedAt = Date.now();
    this.startedAt ??= this.endedAt;
    // With `hang`, the held connections stay silent after the fault: lost for good.
    if (why === 'close' || this.spec.onEnd === 'reset') {
      for (const [socket, end] of [...this.held]) {
        end('reset');
        socket.resetAndDestroy();
      }
    }
    this.#end();
  }
}

/** The `taskToken` member of a JSON request body, if it has one. */
function taskTokenOf(body: Buffer): string | undefined {
  if (body.byteLength === 0 || !body.includes('taskToken')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && 'taskToken' in parsed) {
      const token = (parsed as { taskToken: unknown }).taskToken;
      return typeof token === 'string' ? token : undefined;
    }
  } catch {
    // Not JSON: no token to report.
  }
  return undefined;
}
