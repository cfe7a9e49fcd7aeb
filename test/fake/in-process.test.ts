import {
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, test } from 'vitest';
import {
  createInProcessClient,
  InProcessHttpHandler,
} from '../../src/fake/transports/in-process.js';
import { StubService, TOKENS } from './support/stub-service.js';

describe('in-process transport', () => {
  test('defaults to us-east-1 and lets the caller config override it', async () => {
    const client = createInProcessClient(new StubService(), { region: 'eu-west-1' });
    expect(await client.config.region()).toBe('eu-west-1');
    expect(client.config.requestHandler).toBeInstanceOf(InProcessHttpHandler);
    client.destroy();
    const fallback = createInProcessClient(new StubService());
    expect(await fallback.config.region()).toBe('us-east-1');
    fallback.destroy();
  });

  test('the service sees the signal of an aborted call abort', async () => {
    const service = new StubService();
    const client = createInProcessClient(service);
    const controller = new AbortController();
    const polled = client
      .send(
        new PollForActivityTaskCommand({
          domain: 'media',
          taskList: { name: 'images' },
        }),
        { abortSignal: controller.signal },
      )
      .catch(() => undefined);
    await service.pollsWaiting(1);
    const seen = service.calls[0]?.signal;
    expect(seen?.aborted).toBe(false);
    controller.abort();
    await polled;
    expect(seen?.aborted).toBe(true);
    service.releaseAllPolls();
    client.destroy();
  });

  test('answers 413 to a body over the limit', async () => {
    const client = createInProcessClient(
      new StubService(),
      { maxAttempts: 1 },
      { maxBodyBytes: 64 },
    );
    const error = await client
      .send(
        new RecordActivityTaskHeartbeatCommand({
          taskToken: TOKENS.cancel,
          details: 'x'.repeat(100),
        }),
      )
      .catch((caught: unknown) => caught);
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(
      413,
    );
    expect((error as Error).name).toBe('RequestEntityTooLargeException');
    client.destroy();
  });
});
