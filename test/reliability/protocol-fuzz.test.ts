/**
 * Fuzzing the fake's protocol with fast-check: model-driven inputs (mostly valid, with wrong
 * types, missing and unknown members, values past their limits), garbage bodies, unknown
 * targets, methods and headers, forged and foreign task tokens, bodies over 1 MB. Every request
 * must get a well-formed JSON answer, 200 or 4xx, never a 5xx, a dropped connection or a hang,
 * and the model must answer normally afterwards.
 *
 * `FUZZ_RUNS` scales the number of runs, `FUZZ_SEED` picks the seed (default: a fixed one, so
 * that CI runs are repeatable; a failure prints the seed and path to replay it).
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import {
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import fc from 'fast-check';
import {
  createInProcessClient,
  FakeSwf,
  type SwfHttpServer,
  startHttpServer,
} from 'swf-activity-worker/fake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWF_ERROR_NAMES } from '../../src/fake/errors.js';
import { SWF_OPERATION_NAMES } from '../../src/fake/operations.js';
import {
  handleWireRequest,
  MAX_REQUEST_BODY_BYTES,
  type WireResponse,
} from '../../src/fake/protocol/wire.js';
import { type StringPools, SwfArbitraries } from './support/swf-arbitraries.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const SEED = process.env.FUZZ_SEED === undefined ? 20_260_101 : Number(process.env.FUZZ_SEED);
const runs = (base: number) => ({ numRuns: Math.max(1, Math.round(base * RUNS)), seed: SEED });

const TARGET = 'SimpleWorkflowService.';
const JSON_TYPE = 'application/x-amz-json-1.0';
const ERROR_NAMES: ReadonlySet<string> = new Set(SWF_ERROR_NAMES);

/** An answer as a client sees it. */
interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** Checks an answer: 200 or 4xx, a JSON object, and for errors a known `__type` and a message. */
function expectWellFormed(answer: Answer, method = 'POST'): void {
  const { status, headers, body } = answer;
  if (!(status === 200 || (status >= 400 && status < 500))) {
    throw new Error(`status ${status}: ${body.slice(0, 300)}`);
  }
  if (method === 'HEAD') return;
  expect(headers['content-type']).toBe(JSON_TYPE);
  expect(headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  const parsed: unknown = JSON.parse(body);
  expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
  if (status === 200) return;
  const { __type: type, message } = parsed as { __type?: unknown; message?: unknown };
  expect(typeof message).toBe('string');
  expect(type).toMatch(/^[a-z.]+#[A-Za-z]+$/);
  const name = String(type).split('#')[1] ?? '';
  expect(ERROR_NAMES.has(name), `unknown error name ${name}`).toBe(true);
  expect(headers['x-amzn-errortype']).toMatch(new RegExp(`^${name}:`));
}

/** Rejects if `promise` takes longer than `ms`: a hang is a failure. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} got no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

function asAnswer(response: WireResponse): Answer {
  if (response.kind !== 'reply') throw new Error('the connection was dropped, with no fault');
  return response;
}

/** One raw HTTP exchange over a fresh connection. */
function send(
  url: string,
  options: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(
      `${url}${options.path}`,
      { method: options.method, headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          answered = true;
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers as IncomingHttpHeaders,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', reject);
      },
    );
    // The server may close while a refused body is still being written: the answer counts.
    request.on('error', (error) => {
      if (!answered) setTimeout(() => (answered ? undefined : reject(error)), 50);
    });
    request.end(options.body);
  });
}

describe('protocol fuzzing of the fake', () => {
  let fake: FakeSwf;
  let foreign: FakeSwf;
  let server: SwfHttpServer;
  let arbitraries: SwfArbitraries;
  const internalErrors: unknown[] = [];

  beforeAll(async () => {
    // Polls answer at once, so that a valid poll cannot wait.
    fake = new FakeSwf({ pollTimeoutMs: 0 });
    foreign = new FakeSwf({ pollTimeoutMs: 0 });
    server = await startHttpServer(fake, {
      onInternalError: (error, context) => internalErrors.push({ error, context }),
    });
    arbitraries = new SwfArbitraries(await seedModel(fake, foreign));
  });

  afterAll(async () => {
    fake.close();
    foreign.close();
    await server.close();
  });

  it('answers model-driven inputs of every operation with 200 or a 4xx JSON error', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraries.request(),
        fc.constantFrom(JSON_TYPE, 'application/x-amz-json-1.1', 'application/json', undefined),
        async ({ operation, input }, contentType) => {
          const response = await within(
            handleWireRequest(
              fake,
              {
                method: 'POST',
                path: '/',
                header: (name) =>
                  name === 'x-amz-target'
                    ? `${TARGET}${operation}`
                    : name === 'content-type'
                      ? contentType
                      : undefined,
                body: Buffer.from(JSON.stringify(input), 'utf8'),
              },
              { onInternalError: (error, context) => internalErrors.push({ error, context }) },
            ),
            5_000,
            operation,
          );
          expectWellFormed(asAnswer(response));
        },
      ),
      runs(600),
    );
    expect(internalErrors).toEqual([]);
  }, 120_000);

  it('answers garbage bodies, unknown targets and methods with a 4xx JSON error', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      fc.json().map((text) => Buffer.from(text, 'utf8')),
      fc.json().map((text) => Buffer.from(text.slice(0, Math.max(0, text.length - 1)), 'utf8')),
      fc.string({ unit: 'binary', maxLength: 100 }).map((text) => Buffer.from(text, 'utf8')),
      fc.constantFrom(
        Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
        Buffer.from('{"domain": "fuzz"', 'utf8'),
        Buffer.from('[]'),
        Buffer.from('null'),
        Buffer.from('"text"'),
        Buffer.from('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}'),
        Buffer.alloc(0),
      ),
    );
    const target = fc.oneof(
      fc.constantFrom(...SWF_OPERATION_NAMES).map((name) => `${TARGET}${name}`),
      fc.constantFrom(...SWF_OPERATION_NAMES).map((name) => `simpleworkflowservice.${name}`),
      fc.string({ maxLength: 40 }),
      fc.constantFrom(TARGET, `${TARGET}toString`, `${TARGET}__proto__`, `${TARGET}constructor`),
      fc.constant(undefined),
    );
    const method = fc.constantFrom('POST', 'POST', 'GET', 'PUT', 'DELETE', 'OPTIONS', 'post');
    const contentType = fc.option(
      fc.oneof(fc.constantFrom(JSON_TYPE, 'text/plain', 'application/xml'), fc.string()),
    );
    await fc.assert(
      fc.asyncProperty(body, target, method, contentType, async (bytes, to, verb, type) => {
        const response = await within(
          handleWireRequest(fake, {
            method: verb,
            path: '/',
            header: (name) =>
              name === 'x-amz-target'
                ? to
                : name === 'content-type'
                  ? (type ?? undefined)
                  : undefined,
            body: bytes,
          }),
          5_000,
          `${verb} ${to}`,
        );
        expectWellFormed(asAnswer(response));
      }),
      runs(500),
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 120_000);

  it('answers any request over HTTP with a JSON answer, never a 5xx or a drop', async () => {
    const headerName = fc
      .stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,24}$/)
      .filter(
        (name) =>
          !['content-length', 'transfer-encoding', 'host', 'connection', 'content-type'].includes(
            name.toLowerCase(),
          ),
      );
    const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,60}$/).map((value) => value.trim());
    const extraHeaders = fc.dictionary(
      fc.oneof(headerName, fc.constantFrom('expect', 'upgrade', 'x-amz-target', 'authorization')),
      headerValue,
      { maxKeys: 4 },
    );
    const body = fc.oneof(
      arbitraries.request().map(({ input }) => Buffer.from(JSON.stringify(input), 'utf8')),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      fc.json().map((text) => Buffer.from(text, 'utf8')),
    );
    const method = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'PATCH', 'HEAD', 'FOO');
    const path = fc.constantFrom('/', '/', '/x', '/?a=b', '//', '/%zz');
    const target = fc.oneof(
      fc.constantFrom(...SWF_OPERATION_NAMES).map((name) => `${TARGET}${name}`),
      headerValue,
    );
    await fc.assert(
      fc.asyncProperty(
        method,
        path,
        target,
        extraHeaders,
        fc.option(fc.constantFrom(JSON_TYPE, 'text/plain')),
        body,
        async (verb, where, to, extra, type, bytes) => {
          const headers: Record<string, string> = { 'x-amz-target': to, ...extra };
          if (type !== null) headers['content-type'] = type;
          const answer = await within(
            send(server.url, { method: verb, path: where, headers, body: bytes }),
            5_000,
            `${verb} ${where}`,
          );
          expectWellFormed(answer, verb);
        },
      ),
      runs(150),
    );
  }, 120_000);

  it('answers a body over 1 MB with a JSON 413, declared or streamed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: MAX_REQUEST_BODY_BYTES + 1, max: MAX_REQUEST_BODY_BYTES + 65_536 }),
        fc.boolean(),
        async (size, chunked) => {
          const answer = await within(
            send(server.url, {
              method: 'POST',
              path: '/',
              headers: {
                'content-type': JSON_TYPE,
                'x-amz-target': `${TARGET}RecordActivityTaskHeartbeat`,
                ...(chunked ? { 'transfer-encoding': 'chunked' } : {}),
              },
              body: Buffer.alloc(size, 0x20),
            }),
            10_000,
            'an oversize body',
          );
          expect(answer.status).toBe(413);
          expectWellFormed(answer);
          expect(JSON.parse(answer.body).__type).toBe(
            'com.amazon.coral.service#RequestEntityTooLargeException',
          );
        },
      ),
      { ...runs(4), numRuns: 4 },
    );
  }, 60_000);

  it('rejects garbage, forged and foreign task tokens with UnknownResourceFault or a ValidationException', async () => {
    const liveBefore = fake.liveTaskTokens;
    const token = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      fc.string({ minLength: 1, maxLength: 1024 }),
      fc
        .uint8Array({ minLength: 1, maxLength: 64 })
        .map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.constant(randomBytes(32).toString('base64url')),
      fc.constant('x'.repeat(1025)),
    );
    const operation = fc.constantFrom(
      'RecordActivityTaskHeartbeat',
      'RespondActivityTaskCompleted',
      'RespondActivityTaskFailed',
      'RespondActivityTaskCanceled',
      'RespondDecisionTaskCompleted',
    );
    await fc.assert(
      fc.asyncProperty(operation, token, async (name, taskToken) => {
        const answer = asAnswer(
          await within(
            handleWireRequest(fake, {
              method: 'POST',
              path: '/',
              header: (header) =>
                header === 'x-amz-target'
                  ? `${TARGET}${name}`
                  : header === 'content-type'
                    ? JSON_TYPE
                    : undefined,
              body: Buffer.from(JSON.stringify({ taskToken }), 'utf8'),
            }),
            5_000,
            name,
          ),
        );
        expectWellFormed(answer);
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body).__type).toMatch(
          /#(UnknownResourceFault|ValidationException)$/,
        );
      }),
      runs(300),
    );
    // No forged token found a task: the live ones are all still there.
    expect(fake.liveTaskTokens).toBe(liveBefore);
  }, 60_000);

  it('answers HTTP that Node cannot parse, CONNECT and odd expectations with JSON', async () => {
    const { connect } = await import('node:net');
    const raw = (text: string) =>
      within(
        new Promise<string>((resolve) => {
          const socket = connect(server.port, '127.0.0.1');
          let out = '';
          socket.setEncoding('latin1');
          socket.on('data', (data: string) => {
            out += data;
          });
          socket.on('close', () => resolve(out));
          socket.on('error', () => resolve(out));
          socket.end(text, 'latin1');
        }),
        5_000,
        'a raw request',
      );
    const json = '{"registrationStatus":"REGISTERED"}';
    const headers = `Host: fake\r\nContent-Type: ${JSON_TYPE}\r\nX-Amz-Target: ${TARGET}ListDomains\r\n`;
    const cases: [string, string, number][] = [
      ['not HTTP', 'HELLO THERE\r\n\r\n', 400],
      ['a bad Content-Length', `POST / HTTP/1.1\r\n${headers}Content-Length: abc\r\n\r\n`, 400],
      ['a bad chunk', `POST / HTTP/1.1\r\n${headers}Transfer-Encoding: chunked\r\n\r\nzz\r\n`, 400],
      ['headers over the limit', `POST / HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
      ['CONNECT', 'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: fake\r\n\r\n', 400],
      [
        'an unknown expectation',
        `POST / HTTP/1.1\r\n${headers}Expect: miracles\r\nContent-Length: ${json.length}\r\n\r\n${json}`,
        200,
      ],
    ];
    for (const [what, text, status] of cases) {
      const out = await raw(text);
      const [head = '', body = ''] = out.split('\r\n\r\n');
      expect(head.split('\r\n')[0], what).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(head.toLowerCase(), what).toContain(`content-type: ${JSON_TYPE}`);
      expect(() => JSON.parse(body), what).not.toThrow();
    }
  });

  it('answers normally afterwards', async () => {
    expect(internalErrors).toEqual([]);
    const client = new SWFClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIDFUZZ', secretAccessKey: 'fuzz-secret' },
    });
    try {
      await client.send(
        new RegisterDomainCommand({
          name: 'after-fuzz',
          workflowExecutionRetentionPeriodInDays: '1',
        }),
      );
      const reference = fake.scheduleActivityTask({
        domain: 'after-fuzz',
        taskList: 'after',
        heartbeatTimeout: 30,
        startToCloseTimeout: 60,
      });
      const task = await client.send(
        new PollForActivityTaskCommand({ domain: 'after-fuzz', taskList: { name: 'after' } }),
      );
      expect(task.activityId).toBe(reference.activityId);
      const beat = await client.send(
        new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken, details: 'alive' }),
      );
      expect(beat.cancelRequested).toBe(false);
      await client.send(
        new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result: 'done' }),
      );
      expect(fake.activityTask(reference).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    } finally {
      client.destroy();
    }
  });
});

/** Registers a domain, types and executions, and collects names and tokens worth trying. */
async function seedModel(fake: FakeSwf, foreign: FakeSwf): Promise<StringPools> {
  const admin = createInProcessClient(fake);
  const activityTokens: string[] = [];
  const decisionTokens: string[] = [];
  const workflowIds: string[] = [];
  const runIds: string[] = [];
  try {
    await admin.send(
      new RegisterDomainCommand({ name: 'fuzz', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    await admin.send(
      new RegisterActivityTypeCommand({
        domain: 'fuzz',
        name: 'work',
        version: '1',
        defaultTaskList: { name: 'fuzz-list' },
        defaultTaskHeartbeatTimeout: '30',
        defaultTaskStartToCloseTimeout: '60',
        defaultTaskScheduleToStartTimeout: 'NONE',
        defaultTaskScheduleToCloseTimeout: 'NONE',
      }),
    );
    await admin.send(
      new RegisterWorkflowTypeCommand({
        domain: 'fuzz',
        name: 'flow',
        version: '1',
        defaultTaskList: { name: 'fuzz-decisions' },
        defaultExecutionStartToCloseTimeout: '3600',
        defaultTaskStartToCloseTimeout: '60',
        defaultChildPolicy: 'TERMINATE',
      }),
    );
    for (let index = 1; index <= 6; index++) {
      const workflowId = `fuzz-flow-${index}`;
      const started = await admin.send(
        new StartWorkflowExecutionCommand({
          domain: 'fuzz',
          workflowId,
          workflowType: { name: 'flow', version: '1' },
        }),
      );
      workflowIds.push(workflowId);
      if (started.runId !== undefined) runIds.push(started.runId);
      const decision = await admin.send(
        new PollForDecisionTaskCommand({ domain: 'fuzz', taskList: { name: 'fuzz-decisions' } }),
      );
      if (decision.taskToken) decisionTokens.push(decision.taskToken);
    }
    for (let index = 1; index <= 6; index++) {
      const reference = fake.scheduleActivityTask({
        domain: 'fuzz',
        taskList: 'fuzz-list',
        activityType: { name: 'work', version: '1' },
      });
      workflowIds.push(reference.workflowExecution.workflowId);
      runIds.push(reference.workflowExecution.runId);
      const task = await admin.send(
        new PollForActivityTaskCommand({ domain: 'fuzz', taskList: { name: 'fuzz-list' } }),
      );
      if (task.taskToken) activityTokens.push(task.taskToken);
    }
  } finally {
    admin.destroy();
  }
  const other = createInProcessClient(foreign);
  let foreignToken = '';
  try {
    foreign.scheduleActivityTask({ domain: 'fuzz', taskList: 'fuzz-list' });
    const task = await other.send(
      new PollForActivityTaskCommand({ domain: 'fuzz', taskList: { name: 'fuzz-list' } }),
    );
    foreignToken = task.taskToken ?? '';
  } finally {
    other.destroy();
  }
  const durations = ['0', '1', '30', '3600', 'NONE', '-1', '1.5', 'x', '99999999999999999999'];
  const durationMembers = [
    'heartbeatTimeout',
    'scheduleToStartTimeout',
    'scheduleToCloseTimeout',
    'startToCloseTimeout',
    'defaultTaskHeartbeatTimeout',
    'defaultTaskScheduleToStartTimeout',
    'defaultTaskScheduleToCloseTimeout',
    'defaultTaskStartToCloseTimeout',
    'defaultExecutionStartToCloseTimeout',
    'executionStartToCloseTimeout',
    'taskStartToCloseTimeout',
    'startToFireTimeout',
    'workflowExecutionRetentionPeriodInDays',
  ];
  const byMember: Record<string, readonly string[]> = {
    domain: ['fuzz', 'fuzz', 'missing-domain'],
    name: ['fuzz', 'work', 'flow', 'fuzz-list', 'fuzz-decisions', 'new-name'],
    version: ['1', '2'],
    workflowId: workflowIds,
    runId: runIds,
    activityId: ['activity-1', 'activity-2', 'fresh-activity'],
    timerId: ['timer-1'],
    taskToken: [
      ...activityTokens,
      ...decisionTokens,
      foreignToken,
      randomBytes(32).toString('base64url'),
      'garbage',
    ],
    nextPageToken: ['', 'AAAA', 'not-a-page-token', Buffer.from('{"offset":5}').toString('base64')],
    resourceArn: ['arn:aws:swf:us-east-1:123456789012:/domain/fuzz', 'arn:aws:swf:::/domain/'],
    taskPriority: ['0', '10', '-5', 'high', '2147483648'],
    defaultTaskPriority: ['0', '10', '-5', 'high'],
    childPolicy: ['TERMINATE', 'ABANDON', 'REQUEST_CANCEL'],
    defaultChildPolicy: ['TERMINATE', 'ABANDON'],
  };
  for (const member of durationMembers) byMember[member] = durations;
  return { byMember, any: ['fuzz', 'NONE', '0', 'work', '1', ''] };
}
