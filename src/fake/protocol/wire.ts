/**
 * The AWS JSON 1.0 wire layer of the fake SWF service: one HTTP request in, one HTTP response
 * (or a dropped connection) out. Transports (in-process, msw, HTTP server) turn their own
 * request into a {@link WireRequest} and write back the {@link WireResponse}.
 *
 * Order of checks, as AWS's request layer does them: method and `X-Amz-Target`
 * (`UnknownOperationException`), body size (413), JSON parsing (`SerializationException`),
 * model constraints (`ValidationException`), then the service itself.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { SwfServiceError } from '../errors.js';
import { ConnectionDroppedError, type SwfOperationHandler } from '../operation-handler.js';
import { isSwfOperationName, type OperationInput, type SwfOperationName } from '../operations.js';
import { validateOperationInput, validationException } from './validate.js';

/** The largest request body SWF accepts: 1 MB. */
export const MAX_REQUEST_BODY_BYTES = 1_048_576;

/** The prefix of `X-Amz-Target` for SWF: `SimpleWorkflowService.<Operation>`. */
export const SWF_TARGET_PREFIX = 'SimpleWorkflowService.';

/** The content type of JSON 1.0 requests and responses. */
export const AMZ_JSON_1_0 = 'application/x-amz-json-1.0';

/** An HTTP request as a transport received it. */
export interface WireRequest {
  /** The HTTP method; SWF answers only `POST`. */
  readonly method: string;
  /** The request path; SWF uses `/`, but any path is accepted, as AWS does. */
  readonly path: string;
  /** Looks a header up by name, case-insensitively. */
  readonly header: (name: string) => string | undefined;
  /** The body bytes, already bounded by the transport (SWF accepts 1 MB at most). */
  readonly body: Uint8Array;
  /** Aborts when the client goes away; handed to the service. */
  readonly signal?: AbortSignal;
}

/** An HTTP answer to write back. */
export interface WireReply {
  readonly kind: 'reply';
  readonly status: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body. */
  readonly body: string;
}

/** No answer: the transport must drop the connection (an injected fault). */
export interface WireConnectionDrop {
  readonly kind: 'drop';
  readonly error: ConnectionDroppedError;
}

/** What a transport does with a request: reply, or drop the connection. */
export type WireResponse = WireReply | WireConnectionDrop;

/** Where a request that broke the service was headed. */
export interface InternalErrorContext {
  /** The operation, when the failure happened inside the service. */
  readonly operation?: SwfOperationName;
  /** The `x-amzn-RequestId` of the 500 answer. */
  readonly requestId: string;
}

/** Options of the wire layer, shared by every transport. */
export interface WireOptions {
  /**
   * Called with any error the service throws that is neither a {@link SwfServiceError} nor a
   * {@link ConnectionDroppedError}: a bug in the service, answered with a 500 `InternalFailure`.
   * Defaults to `console.error`.
   */
  readonly onInternalError?: (error: unknown, context: InternalErrorContext) => void;
}

/**
 * Answers one JSON 1.0 request with `handler`. Never rejects: every failure, the service's
 * own bugs included, becomes an HTTP answer.
 *
 * The `Content-Type` is read leniently: `application/x-amz-json-1.0`, `-1.1`,
 * `application/json`, or none at all are all read as JSON; any other type is a
 * `SerializationException`.
 */
export async function handleWireRequest(
  handler: SwfOperationHandler,
  request: WireRequest,
  options: WireOptions = {},
): Promise<WireResponse> {
  const requestId = randomUUID();
  if (request.method.toUpperCase() !== 'POST') {
    return errorReply(
      new SwfServiceError('UnknownOperationException', `${request.method} is not supported`),
      requestId,
    );
  }
  const target = request.header('x-amz-target');
  const operation = target?.startsWith(SWF_TARGET_PREFIX)
    ? target.slice(SWF_TARGET_PREFIX.length)
    : undefined;
  if (operation === undefined || !isSwfOperationName(operation)) {
    const shown = target === undefined ? 'no X-Amz-Target header' : `X-Amz-Target ${target}`;
    return errorReply(
      new SwfServiceError('UnknownOperationException', `Unknown operation: ${shown}`),
      requestId,
    );
  }
  if (request.body.byteLength > MAX_REQUEST_BODY_BYTES) {
    return errorReply(requestEntityTooLarge(MAX_REQUEST_BODY_BYTES), requestId);
  }
  let input: Record<string, unknown>;
  try {
    const parsed = parseBody(request);
    const violations = validateOperationInput(operation, parsed);
    if (violations.length > 0) throw validationException(violations);
    stripNullMembers(parsed);
    input = parsed;
  } catch (error) {
    if (error instanceof SwfServiceError) return errorReply(error, requestId);
    return internalFailure(error, { requestId }, options);
  }
  try {
    const output = await handler.handle(operation, input as OperationInput<typeof operation>, {
      signal: request.signal,
    });
    return reply(200, JSON.stringify(output ?? {}), requestId);
  } catch (error) {
    if (error instanceof SwfServiceError) return errorReply(error, requestId);
    if (error instanceof ConnectionDroppedError) return { kind: 'drop', error };
    return internalFailure(error, { operation, requestId }, options);
  }
}

/** The 413 error for a body over `limit` bytes. */
export function requestEntityTooLarge(limit: number): SwfServiceError {
  return new SwfServiceError(
    'RequestEntityTooLargeException',
    `Request body must be at most ${limit} bytes`,
  );
}

/** The answer carrying `error`, for transports that refuse a request before the wire layer. */
export function serviceErrorReply(error: SwfServiceError): WireReply {
  return errorReply(error, randomUUID());
}

/** The answer to a request whose body exceeds `limit` bytes, for transports that stop reading. */
export function requestEntityTooLargeReply(limit: number = MAX_REQUEST_BODY_BYTES): WireReply {
  return errorReply(requestEntityTooLarge(limit), randomUUID());
}

/** One decoder for every request: it keeps no state between whole-body decodes. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

const JSON_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'application/x-amz-json-1.0',
  'application/x-amz-json-1.1',
  'application/json',
]);

function parseBody(request: WireRequest): Record<string, unknown> {
  const header = request.header('content-type');
  // What the SDKs send is read at once; anything else is looked at more closely.
  if (header !== undefined && header !== AMZ_JSON_1_0) {
    const contentType = header.split(';')[0]?.trim().toLowerCase();
    if (contentType !== undefined && contentType !== '' && !JSON_CONTENT_TYPES.has(contentType)) {
      throw new SwfServiceError(
        'SerializationException',
        `Unsupported Content-Type ${contentType}: send ${AMZ_JSON_1_0}`,
      );
    }
  }
  if (request.body.byteLength === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(UTF8.decode(request.body));
  } catch {
    throw new SwfServiceError('SerializationException', 'The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SwfServiceError('SerializationException', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * AWS reads a member whose value is `null` as absent: the service gets the input without them,
 * so that it never has to tell `null` from a missing member. (Validation has already refused a
 * `null` where one cannot be absent: a required member, a list element, a map value.) The
 * parsed body is ours alone, so the members go in place: a body without nulls is not copied.
 */
function stripNullMembers(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const element of value) stripNullMembers(element);
    return;
  }
  const members = value as Record<string, unknown>;
  for (const name of Object.keys(members)) {
    // JSON.parse defines own members, so a "__proto__" member is a plain member here too.
    if (members[name] === null) delete members[name];
    else stripNullMembers(members[name]);
  }
}

function reply(status: number, body: string, requestId: string, errorType?: string): WireReply {
  const headers: Record<string, string> = {
    'content-type': AMZ_JSON_1_0,
    'x-amzn-requestid': requestId,
  };
  if (errorType !== undefined) headers['x-amzn-errortype'] = errorType;
  return { kind: 'reply', status, headers, body };
}

function errorReply(error: SwfServiceError, requestId: string): WireReply {
  const [namespace] = error.type.split('#');
  const errorType = `${error.name}:http://internal.amazon.com/coral/${namespace}/`;
  return reply(error.statusCode, JSON.stringify(error.toJSON()), requestId, errorType);
}

function internalFailure(
  error: unknown,
  context: InternalErrorContext,
  options: WireOptions,
): WireReply {
  try {
    (options.onInternalError ?? defaultOnInternalError)(error, context);
  } catch {
    // A failing report must not turn a 500 into a crash.
  }
  return errorReply(
    new SwfServiceError('InternalFailure', 'We encountered an internal error. Please try again.'),
    context.requestId,
  );
}

function defaultOnInternalError(error: unknown, context: InternalErrorContext): void {
  const where = context.operation ?? 'the wire layer';
  console.error(`swf fake: internal error in ${where} (request ${context.requestId}):`, error);
}
