/**
 * A fake SWF on a manual clock, reached by the real `@aws-sdk/client-swf` through one of the
 * three ways in (in-process request handler, msw handlers, HTTP server), so that one scenario
 * suite can run over each of them with `describe.each(FAKE_TRANSPORTS)`.
 */
import type { Readable } from 'node:stream';
import { SWFClient, type SWFClientConfig } from '@aws-sdk/client-swf';
import { HttpRequest } from '@smithy/core/protocols';
import { setupServer } from 'msw/node';
import {
  createInProcessClient,
  FakeSwf,
  type FakeSwfOptions,
  InProcessHttpHandler,
  ManualClock,
  startHttpServer,
} from 'swf-activity-worker/fake';
import { createSwfHandlers } from 'swf-activity-worker/msw';
import { afterEach } from 'vitest';

/** The three ways a client reaches the fake. */
export const FAKE_TRANSPORTS = ['in-process', 'msw', 'http'] as const;
export type FakeTransport = (typeof FAKE_TRANSPORTS)[number];

/**
 * Where the fake's scenario suites run: in-process only, since `test/fake/transport-contract.test.ts`
 * proves that the three transports answer alike.
 */
export const SCENARIO_TRANSPORTS = ['in-process'] as const satisfies readonly FakeTransport[];

/** SWF's real endpoint in us-east-1: msw intercepts requests to it, nothing leaves the host. */
const REAL_LOOKING_ENDPOINT = 'https://swf.us-east-1.amazonaws.com';

const CREDENTIALS = { accessKeyId: 'AKIDFAKESWF', secretAccessKey: 'fake-swf-secret' };

/** An HTTP answer as it came off the wire, for requests the SDK would not send. */
export interface RawReply {
  readonly status: number;
  readonly body: { __type?: string; message?: string } & Record<string, unknown>;
}

/** A fake, its clock, and an SDK client wired to it through one transport. */
export interface FakeHarness {
  readonly fake: FakeSwf;
  readonly clock: ManualClock;
  readonly client: SWFClient;
  /** Posts a raw JSON 1.0 request body for `operation` through the same transport. */
  post(operation: string, body: string): Promise<RawReply>;
  /**
   * Waits (event loop turns, no time passes on the clock) until `count` polls wait on the task
   * list: a poll sent over a socket takes a few turns to reach the fake.
   */
  pollersWaiting(
    kind: 'activity' | 'decision',
    domain: string,
    taskList: string,
    count?: number,
  ): Promise<void>;
  /** Closes the fake, the client and the transport; idempotent. */
  cleanup(): Promise<void>;
}

/** Options of {@link openFake}. */
export interface OpenFakeOptions {
  readonly fake?: Omit<FakeSwfOptions, 'clock'>;
  /** Client settings; `maxAttempts` defaults to 1 so that retries hide nothing. */
  readonly client?: SWFClientConfig;
}

/** Opens a fake on a new manual clock, with a client wired to it through `transport`. */
export async function openFake(
  transport: FakeTransport,
  options: OpenFakeOptions = {},
): Promise<FakeHarness> {
  const clock = new ManualClock();
  const fake = new FakeSwf({ ...options.fake, clock });
  const clientConfig: SWFClientConfig = {
    region: 'us-east-1',
    credentials: CREDENTIALS,
    maxAttempts: 1,
    ...options.client,
  };
  let client: SWFClient;
  let post: FakeHarness['post'];
  let closeTransport: () => Promise<void>;
  switch (transport) {
    case 'in-process': {
      client = createInProcessClient(fake, clientConfig);
      const handler = new InProcessHttpHandler(fake);
      post = async (operation, body) => {
        const { response } = await handler.handle(
          new HttpRequest({
            method: 'POST',
            protocol: 'http:',
            hostname: 'swf.fake.local',
            path: '/',
            headers: jsonHeaders(operation),
            body,
          }),
        );
        return {
          status: response.statusCode,
          body: JSON.parse(await readText(response.body as Readable)),
        };
      };
      closeTransport = async () => handler.destroy();
      break;
    }
    case 'msw': {
      const server = setupServer(...createSwfHandlers(fake));
      server.listen({ onUnhandledRequest: 'error' });
      client = new SWFClient({ ...clientConfig, endpoint: REAL_LOOKING_ENDPOINT });
      post = (operation, body) => fetchReply(REAL_LOOKING_ENDPOINT, operation, body);
      closeTransport = async () => server.close();
      break;
    }
    case 'http': {
      const server = await startHttpServer(fake, { closeGraceMs: 100 });
      client = new SWFClient({ ...clientConfig, endpoint: server.url });
      post = (operation, body) => fetchReply(server.url, operation, body);
      closeTransport = () => server.close();
      break;
    }
  }
  let closed: Promise<void> | undefined;
  return {
    fake,
    clock,
    client,
    post,
    async pollersWaiting(kind, domain, taskList, count = 1) {
      for (let turn = 0; turn < 10_000; turn++) {
        if (fake.waitingPolls(domain, taskList, kind) >= count) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      throw new Error(`${count} poll(s) never reached ${kind} task list ${taskList}`);
    },
    cleanup() {
      closed ??= (async () => {
        fake.close();
        client.destroy();
        await closeTransport();
      })();
      return closed;
    },
  };
}

/**
 * For use inside a `describe`: opens fakes over `transport` and cleans every one of them up
 * after each test.
 */
export function useFake(
  transport: FakeTransport,
): (options?: OpenFakeOptions) => Promise<FakeHarness> {
  const opened: FakeHarness[] = [];
  afterEach(async () => {
    for (const harness of opened.splice(0)) await harness.cleanup();
  });
  return async (options) => {
    const harness = await openFake(transport, options);
    opened.push(harness);
    return harness;
  };
}

function jsonHeaders(operation: string): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `SimpleWorkflowService.${operation}`,
  };
}

async function fetchReply(url: string, operation: string, body: string): Promise<RawReply> {
  const response = await fetch(url, { method: 'POST', headers: jsonHeaders(operation), body });
  return { status: response.status, body: (await response.json()) as RawReply['body'] };
}

async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}
