/**
 * The real model behind each transport: an activity task's life as a worker sees it through
 * `@aws-sdk/client-swf`, and an injected connection drop.
 */
import {
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCompletedCommand,
  SWFClient,
  UnknownResourceFault,
} from '@aws-sdk/client-swf';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeSwf } from '../../src/fake/fake-swf.js';
import { startHttpServer } from '../../src/fake/transports/http-server.js';
import { createInProcessClient } from '../../src/fake/transports/in-process.js';
import { createSwfHandlers } from '../../src/msw/index.js';

const credentials = { accessKeyId: 'AKIDFAKESWF', secretAccessKey: 'fake-swf-secret' };

/** Wires a fake to a client through one transport; `close` takes both down. */
type Wiring = (fake: FakeSwf) => Promise<{ client: SWFClient; close(): Promise<void> }>;

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

const WIRINGS: readonly (readonly [string, Wiring])[] = [
  [
    'in-process',
    async (fake) => {
      const client = createInProcessClient(fake, { maxAttempts: 1 });
      return { client, close: async () => client.destroy() };
    },
  ],
  [
    'msw',
    async (fake) => {
      msw.use(...createSwfHandlers(fake, { connectionDrop: 'reset' }));
      const client = new SWFClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
      return {
        client,
        close: async () => {
          client.destroy();
          msw.resetHandlers();
        },
      };
    },
  ],
  [
    'HTTP',
    async (fake) => {
      const server = await startHttpServer(fake);
      const client = new SWFClient({
        region: 'us-east-1',
        endpoint: server.url,
        credentials,
        maxAttempts: 1,
      });
      return {
        client,
        close: async () => {
          client.destroy();
          await server.close();
        },
      };
    },
  ],
];

describe.each(WIRINGS)('FakeSwf over the %s transport', (_, wire) => {
  test('serves a task from poll to completion, then forgets its token', async () => {
    const fake = new FakeSwf();
    const { client, close } = await wire(fake);
    try {
      const reference = fake.scheduleActivityTask({ domain: 'media', taskList: 'images' });
      const task = await client.send(
        new PollForActivityTaskCommand({ domain: 'media', taskList: { name: 'images' } }),
      );
      expect(task.activityId).toBe(reference.activityId);
      const taskToken = task.taskToken ?? '';
      const status = await client.send(
        new RecordActivityTaskHeartbeatCommand({ taskToken, details: '50%' }),
      );
      expect(status.cancelRequested).toBe(false);
      await client.send(new RespondActivityTaskCompletedCommand({ taskToken, result: 'done' }));
      expect(fake.activityTask(reference).closeEvent?.eventType).toBe('ActivityTaskCompleted');
      await expect(
        client.send(new RecordActivityTaskHeartbeatCommand({ taskToken })),
      ).rejects.toBeInstanceOf(UnknownResourceFault);
    } finally {
      await close();
      fake.close();
    }
  });

  test('an injected drop after the call took effect is a network error', async () => {
    const fake = new FakeSwf();
    const { client, close } = await wire(fake);
    try {
      const reference = fake.scheduleActivityTask({ domain: 'media', taskList: 'images' });
      const task = await client.send(
        new PollForActivityTaskCommand({ domain: 'media', taskList: { name: 'images' } }),
      );
      fake.faults.inject({ operations: ['RecordActivityTaskHeartbeat'], drop: 'response' });
      const error = await client
        .send(
          new RecordActivityTaskHeartbeatCommand({ taskToken: task.taskToken ?? '', details: 'x' }),
        )
        .catch((caught: unknown) => caught);
      expect((error as { code?: string }).code).toBe('ECONNRESET');
      expect(fake.activityTask(reference).lastHeartbeatDetails).toBe('x');
    } finally {
      await close();
      fake.close();
    }
  });
});
