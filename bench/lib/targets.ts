/**
 * What an SDK client drives in the throughput benchmarks: the fake, or a bare baseline answering
 * the fake's recorded bytes, reached in-process or over HTTP with keep-alive from a child process.
 *
 * @module
 */
import { Agent } from 'node:http';
import { Readable } from 'node:stream';
import { SWFClient } from '@aws-sdk/client-swf';
import { type HttpHandler, type HttpRequest, HttpResponse } from '@smithy/core/protocols';
import { createInProcessClient, type SwfOperationName } from 'swf-activity-worker/fake';
import { settledHeapUsed } from './bench.js';
import {
  cannedAnswer,
  cannedAnswers,
  ResettableFake,
  type ServerKind,
  scheduleBenchTasks,
  startServerProcess,
  type TypeDefaults,
} from './swf.js';

/** How the client reaches the server. */
export type Transport = 'in-process' | 'http';

/** A server to drive, with the SDK client that reaches it. */
export interface Target {
  readonly client: SWFClient;
  /** A fresh fake with `count` tasks scheduled (the bare baseline has none), and a collected heap. */
  prepare(count: number): Promise<void>;
  /** Answers every poll waiting on the fake with no task, at once. */
  releasePollers(): Promise<void>;
  /** Server-side CPU time so far, in µs: over HTTP only, 0 in-process (it is the client's). */
  serverCpuMicros(): Promise<number>;
  /** Calls of `operation` the fake served since the last {@link Target.prepare} (bare: 0). */
  callCount(operation: SwfOperationName): Promise<number>;
  close(): Promise<void>;
}

export interface TargetOptions {
  readonly transport: Transport;
  readonly kind: ServerKind;
  /** The bench type's registered timeouts. */
  readonly defaults: TypeDefaults;
  /** Over HTTP, the sockets the client's keep-alive agent may open. */
  readonly maxSockets: number;
}

/** Starts a target: the server (in a child process over HTTP) and a client for it. */
export async function startTarget(options: TargetOptions): Promise<Target> {
  return options.transport === 'http' ? httpTarget(options) : inProcessTarget(options);
}

const FAKE_CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };

async function inProcessTarget({ kind, defaults }: TargetOptions): Promise<Target> {
  const service = kind === 'fake' ? new ResettableFake(defaults) : undefined;
  const client =
    service === undefined
      ? new SWFClient({
          region: 'us-east-1',
          endpoint: 'http://swf.bench.local',
          credentials: FAKE_CREDENTIALS,
          requestHandler: new CannedHttpHandler(await cannedAnswers(defaults)),
        })
      : createInProcessClient(service);
  return {
    client,
    prepare: async (count) => {
      if (service !== undefined) {
        service.reset();
        scheduleBenchTasks(service.fake, count);
      }
      await settledHeapUsed();
    },
    releasePollers: async () => service?.fake.model.releasePollers(),
    serverCpuMicros: async () => 0,
    callCount: async (operation) => service?.fake.callCount(operation) ?? 0,
    close: async () => {
      service?.close();
      client.destroy();
    },
  };
}

async function httpTarget({ kind, defaults, maxSockets }: TargetOptions): Promise<Target> {
  const server = await startServerProcess(kind, defaults);
  const agent = new Agent({ keepAlive: true, maxSockets });
  const client = new SWFClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: FAKE_CREDENTIALS,
    requestHandler: { httpAgent: agent, requestTimeout: 120_000 },
  });
  return {
    client,
    prepare: async (count) => {
      if (kind === 'fake') {
        await server.reset();
        await server.schedule(count);
      }
      await settledHeapUsed();
    },
    releasePollers: () => server.releasePollers(),
    serverCpuMicros: () => server.cpuMicros(),
    callCount: (operation) => server.callCount(operation),
    close: async () => {
      client.destroy();
      agent.destroy();
      await server.close();
    },
  };
}

/**
 * An SDK request handler that answers every operation with the fake's recorded bytes: the
 * in-process baseline.
 */
class CannedHttpHandler implements HttpHandler<Record<string, never>> {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  constructor(private readonly answers: ReadonlyMap<string, Buffer>) {}

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const body = cannedAnswer(this.answers, request.headers['x-amz-target'] ?? '');
    return {
      response: new HttpResponse({
        statusCode: 200,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': 'bench',
          'content-length': String(body.byteLength),
        },
        body: Readable.from([body]),
      }),
    };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}
