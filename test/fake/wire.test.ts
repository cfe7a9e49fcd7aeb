import { describe, expect, test } from 'vitest';
import {
  handleWireRequest,
  MAX_REQUEST_BODY_BYTES,
  type WireOptions,
  type WireReply,
  type WireRequest,
  type WireResponse,
} from '../../src/fake/protocol/wire.js';
import { StubService, TOKENS } from './support/stub-service.js';

/** A POST with SWF's headers; `overrides` may replace any part. */
function wireRequest(
  target: string | undefined,
  body: string | Uint8Array = '{}',
  overrides: Partial<WireRequest> & { headers?: Record<string, string> } = {},
): WireRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.0',
    ...(target === undefined ? {} : { 'x-amz-target': target }),
    ...overrides.headers,
  };
  return {
    method: 'POST',
    path: '/',
    header: (name) => headers[name.toLowerCase()],
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    ...overrides,
  };
}

function asReply(response: WireResponse): WireReply {
  if (response.kind !== 'reply') throw new Error('expected a reply');
  return response;
}

async function call(
  service: StubService,
  operation: string | undefined,
  body?: string | Uint8Array,
  overrides?: Parameters<typeof wireRequest>[2],
  options?: WireOptions,
) {
  const target = operation === undefined ? undefined : `SimpleWorkflowService.${operation}`;
  const reply = asReply(
    await handleWireRequest(service, wireRequest(target, body, overrides), options),
  );
  return { ...reply, json: JSON.parse(reply.body) as Record<string, unknown> };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('handleWireRequest', () => {
  test('answers 200 with the JSON output, the content type and a request id', async () => {
    const service = new StubService();
    const reply = await call(
      service,
      'RecordActivityTaskHeartbeat',
      JSON.stringify({ taskToken: TOKENS.cancel }),
    );
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ cancelRequested: true });
    expect(reply.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(reply.headers['x-amzn-requestid']).toMatch(UUID);
    expect(reply.headers['x-amzn-errortype']).toBeUndefined();
  });

  test('gives each answer a fresh request id', async () => {
    const service = new StubService();
    const first = await call(service, 'RespondActivityTaskCompleted', '{"taskToken":"t"}');
    const second = await call(service, 'RespondActivityTaskCompleted', '{"taskToken":"t"}');
    expect(first.headers['x-amzn-requestid']).not.toBe(second.headers['x-amzn-requestid']);
    expect(first.json).toEqual({});
  });

  test('hands the service the operation, the parsed input and the signal', async () => {
    const service = new StubService();
    const signal = new AbortController().signal;
    await call(
      service,
      'RecordActivityTaskHeartbeat',
      JSON.stringify({ taskToken: 't', details: 'd', unknownMember: 1 }),
      { signal },
    );
    expect(service.calls).toEqual([
      {
        operation: 'RecordActivityTaskHeartbeat',
        input: { taskToken: 't', details: 'd', unknownMember: 1 },
        signal,
      },
    ]);
  });

  test.each([
    ['a missing target', undefined, {}],
    [
      'a target of another service',
      undefined,
      { headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' } },
    ],
    ['an unknown operation', 'LaunchRocket', {}],
    ['a method other than POST', 'RecordActivityTaskHeartbeat', { method: 'GET' }],
  ] as const)('answers UnknownOperationException to %s', async (_, operation, overrides) => {
    const service = new StubService();
    const reply = await call(service, operation, '{}', overrides);
    expect(reply.status).toBe(400);
    expect(reply.json.__type).toBe('com.amazon.coral.service#UnknownOperationException');
    expect(reply.headers['x-amzn-errortype']).toBe(
      'UnknownOperationException:http://internal.amazon.com/coral/com.amazon.coral.service/',
    );
    expect(service.calls).toHaveLength(0);
  });

  test('accepts any path', async () => {
    const reply = await call(
      new StubService(),
      'RespondActivityTaskCompleted',
      '{"taskToken":"t"}',
      {
        path: '/some/prefix',
      },
    );
    expect(reply.status).toBe(200);
  });

  test.each([
    ['not JSON', '{"taskToken":', 'The request body is not valid JSON'],
    ['a JSON array', '[]', 'The request body must be a JSON object'],
    ['a JSON string', '"hello"', 'The request body must be a JSON object'],
    ['JSON null', 'null', 'The request body must be a JSON object'],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), 'The request body is not valid JSON'],
  ] as const)('answers SerializationException to a body that is %s', async (_, body, message) => {
    const reply = await call(new StubService(), 'RecordActivityTaskHeartbeat', body);
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      __type: 'com.amazon.coral.service#SerializationException',
      message,
    });
  });

  test('answers SerializationException to a member of the wrong JSON type', async () => {
    const reply = await call(new StubService(), 'RecordActivityTaskHeartbeat', '{"taskToken":1}');
    expect(reply.status).toBe(400);
    expect(reply.json.__type).toBe('com.amazon.coral.service#SerializationException');
  });

  test('reads an empty body as {}', async () => {
    const reply = await call(new StubService(), 'RecordActivityTaskHeartbeat', '');
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      __type: 'com.amazon.coral.validate#ValidationException',
      message:
        "1 validation error detected: Value null at 'taskToken' failed to satisfy constraint: Member must not be null",
    });
  });

  test.each([
    'application/json',
    'application/x-amz-json-1.1',
    'application/x-amz-json-1.0; charset=utf-8',
  ])('accepts the content type %s', async (contentType) => {
    const reply = await call(
      new StubService(),
      'RespondActivityTaskCompleted',
      '{"taskToken":"t"}',
      {
        headers: { 'content-type': contentType },
      },
    );
    expect(reply.status).toBe(200);
  });

  test('refuses a content type that is not JSON', async () => {
    const reply = await call(new StubService(), 'RespondActivityTaskCompleted', 'taskToken=t', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.__type).toBe('com.amazon.coral.service#SerializationException');
  });

  test('answers 413 to a body over 1 MB', async () => {
    const service = new StubService();
    const reply = await call(
      service,
      'RecordActivityTaskHeartbeat',
      new Uint8Array(MAX_REQUEST_BODY_BYTES + 1),
    );
    expect(reply.status).toBe(413);
    expect(reply.json.__type).toBe('com.amazon.coral.service#RequestEntityTooLargeException');
    expect(service.calls).toHaveLength(0);
  });

  test('answers a modeled fault with its status and body', async () => {
    const reply = await call(
      new StubService(),
      'RecordActivityTaskHeartbeat',
      JSON.stringify({ taskToken: TOKENS.gone }),
    );
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      __type: 'com.amazonaws.swf.base.model#UnknownResourceFault',
      message: 'Unknown activity task',
    });
  });

  test('tells the transport to drop the connection', async () => {
    const response = await handleWireRequest(
      new StubService(),
      wireRequest(
        'SimpleWorkflowService.RecordActivityTaskHeartbeat',
        JSON.stringify({ taskToken: TOKENS.drop }),
      ),
    );
    expect(response.kind).toBe('drop');
  });

  test('answers 500 InternalFailure to a bug and reports it', async () => {
    const reports: unknown[][] = [];
    const reply = await call(
      new StubService(),
      'RecordActivityTaskHeartbeat',
      JSON.stringify({ taskToken: TOKENS.bug }),
      {},
      { onInternalError: (...args) => reports.push(args) },
    );
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({
      __type: 'com.amazon.coral.service#InternalFailure',
      message: 'We encountered an internal error. Please try again.',
    });
    expect(reports).toEqual([
      [
        new Error('a bug in the service'),
        { operation: 'RecordActivityTaskHeartbeat', requestId: reply.headers['x-amzn-requestid'] },
      ],
    ]);
  });

  test('still answers 500 when the report itself throws', async () => {
    const reply = await call(
      new StubService(),
      'RecordActivityTaskHeartbeat',
      JSON.stringify({ taskToken: TOKENS.bug }),
      {},
      {
        onInternalError: () => {
          throw new Error('broken reporter');
        },
      },
    );
    expect(reply.status).toBe(500);
  });
});
