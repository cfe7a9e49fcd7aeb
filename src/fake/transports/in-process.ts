/**
 * The in-process transport: a request handler for `@aws-sdk/client-swf` that hands the SDK's
 * serialized HTTP request straight to the fake's wire layer, with no sockets. The SDK still
 * serializes, signs, retries and deserializes exactly as it does against AWS.
 *
 * @module
 */
import { Readable } from 'node:stream';
import { SWFClient, type SWFClientConfig } from '@aws-sdk/client-swf';
import { type HttpHandler, type HttpRequest, HttpResponse } from '@smithy/core/protocols';
import type { HttpHandlerOptions } from '@smithy/types';
import { noteClockOfClient } from '../../clock/clock-of-client.js';
import type { SwfOperationHandler } from '../operation-handler.js';
import {
  handleWireRequest,
  MAX_REQUEST_BODY_BYTES,
  requestEntityTooLargeReply,
  type WireOptions,
} from '../protocol/wire.js';
import { readBoundedBody } from './bounded-body.js';
import { connectionReset } from './connection-reset.js';

/** Settings of an {@link InProcessHttpHandler}, also reachable through the SDK's handler config. */
export interface InProcessHttpHandlerConfig {
  /**
   * Bodies larger than this are answered 413 without being read further. Default and upper
   * bound: SWF's 1 MB (1,048,576 bytes).
   */
  maxBodyBytes?: number;
}

/** Options of an {@link InProcessHttpHandler}. */
export interface InProcessHttpHandlerOptions extends WireOptions, InProcessHttpHandlerConfig {}

type SdkAbortSignal = NonNullable<HttpHandlerOptions['abortSignal']>;

/**
 * An SDK request handler (`new SWFClient({ requestHandler })`) that serves every request from
 * `service` in the same process.
 *
 * - An abort from the SDK rejects the call at once with an `AbortError`, as the SDK's Node
 *   handler does; the service sees its signal abort but may keep a long poll waiting, as SWF does.
 * - A dropped connection (an injected fault) rejects with an `ECONNRESET` error, which the SDK's
 *   retry strategy treats as a transient network error.
 * - There is no connection to time out: the `requestTimeout` handler option is not applied.
 */
export class InProcessHttpHandler implements HttpHandler<InProcessHttpHandlerConfig> {
  /** Tells the SDK this handler behaves like HTTP/1.1. */
  readonly metadata = { handlerProtocol: 'http/1.1' };
  readonly #service: SwfOperationHandler;
  readonly #wireOptions: WireOptions;
  #config: InProcessHttpHandlerConfig;
  readonly #inFlight = new Set<AbortController>();

  constructor(service: SwfOperationHandler, options: InProcessHttpHandlerOptions = {}) {
    this.#service = service;
    const { maxBodyBytes, ...wireOptions } = options;
    this.#wireOptions = wireOptions;
    this.#config = maxBodyBytes === undefined ? {} : { maxBodyBytes };
  }

  /** Serves one request of the SDK. */
  async handle(
    request: HttpRequest,
    { abortSignal }: HttpHandlerOptions = {},
  ): Promise<{ response: HttpResponse }> {
    if (abortSignal?.aborted) throw buildAbortError(abortSignal);
    const connection = new AbortController();
    this.#inFlight.add(connection);
    let detach = () => {};
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = () => {
        connection.abort(abortSignal ? abortReason(abortSignal) : undefined);
        reject(buildAbortError(abortSignal));
      };
      connection.signal.addEventListener('abort', onAbort, { once: true });
      const stopForwarding = forwardAbort(abortSignal, connection);
      detach = () => {
        connection.signal.removeEventListener('abort', onAbort);
        stopForwarding();
      };
    });
    try {
      return await Promise.race([this.#exchange(request, connection.signal), aborted]);
    } finally {
      detach();
      this.#inFlight.delete(connection);
    }
  }

  async #exchange(request: HttpRequest, signal: AbortSignal): Promise<{ response: HttpResponse }> {
    const limit = this.#config.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
    const headers = lowerCaseHeaders(request.headers);
    const body = await readBoundedBody(request.body, limit);
    const answer =
      body === undefined
        ? requestEntityTooLargeReply(limit)
        : await handleWireRequest(
            this.#service,
            {
              method: request.method,
              path: request.path,
              header: (name) => headers.get(name.toLowerCase()),
              body,
              signal,
            },
            this.#wireOptions,
          );
    if (answer.kind === 'drop') throw connectionReset();
    const bytes = Buffer.from(answer.body, 'utf8');
    return {
      response: new HttpResponse({
        statusCode: answer.status,
        headers: { ...answer.headers, 'content-length': String(bytes.byteLength) },
        body: Readable.from([bytes]),
      }),
    };
  }

  /** Part of the SDK's handler interface: changes one setting. */
  updateHttpClientConfig<K extends keyof InProcessHttpHandlerConfig>(
    key: K,
    value: InProcessHttpHandlerConfig[K],
  ): void {
    this.#config = { ...this.#config, [key]: value };
  }

  /** Part of the SDK's handler interface: the current settings. */
  httpHandlerConfigs(): InProcessHttpHandlerConfig {
    return this.#config;
  }

  /**
   * Called by `client.destroy()`: aborts the calls still in flight, as closing the sockets of
   * the SDK's Node handler would.
   */
  destroy(): void {
    for (const connection of this.#inFlight) {
      connection.abort(new Error('The request handler was destroyed'));
    }
  }
}

/**
 * An `SWFClient` served in-process by `service`: region `us-east-1`, dummy static credentials
 * and the endpoint `http://swf.fake.local` (never contacted) unless `config` says otherwise;
 * the request handler is always the in-process one.
 *
 * @example
 * ```ts
 * const fake = new FakeSwf();
 * const client = createInProcessClient(fake, { maxAttempts: 1 }); // faults show as they are
 * await client.send(
 *   new RegisterDomainCommand({ name: 'media', workflowExecutionRetentionPeriodInDays: '1' }),
 * );
 * ```
 */
export function createInProcessClient(
  service: SwfOperationHandler,
  config: SWFClientConfig = {},
  options: InProcessHttpHandlerOptions = {},
): SWFClient {
  const client = new SWFClient({
    region: 'us-east-1',
    endpoint: 'http://swf.fake.local',
    credentials: { accessKeyId: 'AKIDFAKESWF', secretAccessKey: 'fake-swf-secret' },
    ...config,
    requestHandler: new InProcessHttpHandler(service, options),
  });
  return noteClockOfClient(client, (service as { readonly clock?: unknown }).clock);
}

function lowerCaseHeaders(headers: Readonly<Record<string, string>>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) map.set(name.toLowerCase(), value);
  return map;
}

/** Makes `connection` abort when the SDK's signal (standard or legacy `onabort`) does. */
function forwardAbort(signal: SdkAbortSignal | undefined, connection: AbortController) {
  if (signal === undefined) return () => {};
  const onAbort = () => connection.abort(abortReason(signal));
  if ('addEventListener' in signal && typeof signal.addEventListener === 'function') {
    signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }
  signal.onabort = onAbort;
  return () => {
    if (signal.onabort === onAbort) signal.onabort = null;
  };
}

function abortReason(signal: SdkAbortSignal): unknown {
  return 'reason' in signal ? signal.reason : undefined;
}

/** The error the SDK's Node handler rejects with on abort. */
function buildAbortError(signal: SdkAbortSignal | undefined): Error {
  const reason = signal ? abortReason(signal) : undefined;
  if (reason !== undefined && reason !== null && !(reason instanceof Error)) {
    const error = new Error(String(reason));
    error.name = 'AbortError';
    return error;
  }
  const error = new Error('Request aborted', reason instanceof Error ? { cause: reason } : {});
  error.name = 'AbortError';
  return error;
}
