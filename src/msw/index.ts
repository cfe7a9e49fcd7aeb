/**
 * msw request handlers that serve SWF requests from the fake, for test suites that already
 * intercept HTTP with msw (`setupServer` from `msw/node`). They answer only requests that carry
 * `X-Amz-Target: SimpleWorkflowService.*`, on any URL, so the real `@aws-sdk/client-swf` can
 * keep its real endpoint; every other request falls through to the next handler.
 *
 * ```ts
 * const server = setupServer(...createSwfHandlers(new FakeSwf()));
 * server.listen();
 * ```
 *
 * @module swf-activity-worker/msw
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { SwfOperationHandler } from '../fake/operation-handler.js';
import {
  handleWireRequest,
  MAX_REQUEST_BODY_BYTES,
  requestEntityTooLargeReply,
  SWF_TARGET_PREFIX,
  type WireOptions,
  type WireReply,
} from '../fake/protocol/wire.js';
import { readBoundedBody } from '../fake/transports/bounded-body.js';
import { connectionReset } from '../fake/transports/connection-reset.js';

/** Options of {@link createSwfHandlers}. */
export interface SwfHandlersOptions extends WireOptions {
  /**
   * Bodies larger than this are answered 413 and not read further. Default and upper bound:
   * SWF's 1 MB (1,048,576 bytes).
   */
  readonly maxBodyBytes?: number;
  /**
   * How a dropped connection (an injected fault) reaches the client:
   * - `'network-error'` (default): msw's `HttpResponse.error()`. Node's HTTP client then fails
   *   with `TypeError: Network error`, which the SDK does not retry.
   * - `'reset'`: the handler throws a Node socket error with `code: 'ECONNRESET'`, which msw
   *   passes to the client and the SDK retries as a transient error, as it would a real reset.
   *   msw (2.15) also prints each such throw to the console as an unhandled exception.
   */
  readonly connectionDrop?: 'network-error' | 'reset';
}

/**
 * The msw handlers that serve SWF requests with `service`. A dropped connection (an injected
 * fault) fails the request as {@link SwfHandlersOptions.connectionDrop} says.
 */
export function createSwfHandlers(
  service: SwfOperationHandler,
  options: SwfHandlersOptions = {},
): RequestHandler[] {
  const {
    maxBodyBytes = MAX_REQUEST_BODY_BYTES,
    connectionDrop = 'network-error',
    ...wireOptions
  } = options;
  return [
    http.post('*', async ({ request }) => {
      if (!request.headers.get('x-amz-target')?.startsWith(SWF_TARGET_PREFIX)) return undefined;
      const body = await readBoundedBody(request.body, maxBodyBytes);
      if (body === undefined) return toResponse(requestEntityTooLargeReply(maxBodyBytes));
      const answer = await handleWireRequest(
        service,
        {
          method: request.method,
          path: new URL(request.url).pathname,
          header: (name) => request.headers.get(name) ?? undefined,
          body,
          signal: request.signal,
        },
        wireOptions,
      );
      if (answer.kind === 'drop') {
        if (connectionDrop === 'reset') throw connectionReset();
        return HttpResponse.error();
      }
      return toResponse(answer);
    }),
  ];
}

function toResponse(reply: WireReply): HttpResponse<string> {
  return new HttpResponse(reply.body, { status: reply.status, headers: { ...reply.headers } });
}
