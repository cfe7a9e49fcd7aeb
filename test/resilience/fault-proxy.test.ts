import {
  DescribeDomainCommand,
  ListDomainsCommand,
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RegisterDomainCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import { FakeSwf, type SwfHttpServer, startHttpServer } from 'swf-activity-worker/fake';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultProxy } from './support/fault-proxy.js';
import { delay, FAKE_CREDENTIALS, until } from './support/network-rig.js';

describe('the fault proxy, between a real SWF client and the HTTP fake', () => {
  let fake: FakeSwf;
  let server: SwfHttpServer;
  let proxy: FaultProxy;
  let client: SWFClient;

  beforeEach(async () => {
    fake = new FakeSwf();
    server = await startHttpServer(fake, { closeGraceMs: 100 });
    proxy = await FaultProxy.start(server.url);
    // One attempt: each fault shows as the client meets it, with no retry of the SDK's own.
    client = new SWFClient({
      region: 'us-east-1',
      endpoint: proxy.url,
      credentials: FAKE_CREDENTIALS,
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    client.destroy();
    fake.close();
    await proxy.close();
    await server.close();
  });

  const listDomains = (abortSignal?: AbortSignal) =>
    client.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }), { abortSignal });

  /** Sends `send` and aborts it after `ms`: what the client got by then. */
  async function outcomeWithin(ms: number, send: (signal: AbortSignal) => Promise<unknown>) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('gave up')), ms);
    const sentAt = Date.now();
    try {
      await send(controller.signal);
      return { outcome: 'answered', afterMs: Date.now() - sentAt };
    } catch (error) {
      const reason = controller.signal.aborted ? 'silence' : errorCode(error);
      return { outcome: reason, afterMs: Date.now() - sentAt };
    } finally {
      clearTimeout(timer);
    }
  }

  it('passes calls through untouched, and records each with its operation', async () => {
    await client.send(
      new RegisterDomainCommand({ name: 'proxied', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    const described = await client.send(new DescribeDomainCommand({ name: 'proxied' }));
    expect(described.domainInfo?.name).toBe('proxied');
    expect(proxy.calls.map((call) => [call.operation, call.outcome, call.status])).toEqual([
      ['RegisterDomain', 'answered', 200],
      ['DescribeDomain', 'answered', 200],
    ]);
  });

  it('black-holes: the request never reaches SWF and nothing comes back, not even an error', async () => {
    const fault = proxy.blackHole(60_000, ['ListDomains']);
    const result = await outcomeWithin(700, listDomains);
    expect(result.outcome).toBe('silence');
    expect(result.afterMs).toBeGreaterThanOrEqual(650);
    expect(fake.callCount('ListDomains')).toBe(0);
    expect(fault.hits).toBe(1);
    // Other operations pass.
    await client.send(new DescribeDomainCommand({ name: 'missing' })).catch(() => {});
    expect(fake.callCount('DescribeDomain')).toBe(1);
    fault.remove();
    expect(await outcomeWithin(5_000, listDomains)).toMatchObject({ outcome: 'answered' });
  });

  it('resets the connection at once', async () => {
    proxy.inject({ kind: 'reset', operations: ['ListDomains'], forMs: 60_000 });
    const result = await outcomeWithin(5_000, listDomains);
    expect(result.outcome).toBe('ECONNRESET');
    expect(fake.callCount('ListDomains')).toBe(0);
  });

  it('delays requests, then lets them and their answers through', async () => {
    proxy.inject({ kind: 'delay', delayMs: 400 });
    const result = await outcomeWithin(5_000, listDomains);
    expect(result.outcome).toBe('answered');
    expect(result.afterMs).toBeGreaterThanOrEqual(390);
  });

  it('drops answers: SWF did the work, the client hears nothing', async () => {
    proxy.inject({ kind: 'dropAnswer', operations: ['RegisterDomain'] });
    const result = await outcomeWithin(700, (abortSignal) =>
      client.send(
        new RegisterDomainCommand({ name: 'dropped', workflowExecutionRetentionPeriodInDays: '1' }),
        { abortSignal },
      ),
    );
    expect(result.outcome).toBe('silence');
    expect(fake.model.registry.domain('dropped').name).toBe('dropped');
    expect(proxy.calls.at(-1)).toMatchObject({ operation: 'RegisterDomain', status: 200 });
  });

  it('keeps to its span of time: starts after afterMs, ends after forMs', async () => {
    const fault = proxy.inject({ kind: 'reset', afterMs: 300, forMs: 400 });
    expect(fault.active).toBe(false);
    expect((await outcomeWithin(5_000, listDomains)).outcome).toBe('answered');
    await delay(400);
    expect(fault.active).toBe(true);
    expect((await outcomeWithin(5_000, listDomains)).outcome).toBe('ECONNRESET');
    await fault.ended;
    expect(fault.endedAt).toBeDefined();
    expect((await outcomeWithin(5_000, listDomains)).outcome).toBe('answered');
  });

  it('holds black-holed requests silent after it ends, or resets them with onEnd: reset', async () => {
    proxy.inject({ kind: 'blackHole', operations: ['ListDomains'], forMs: 200 });
    const hung = await outcomeWithin(800, listDomains);
    expect(hung.outcome).toBe('silence');

    proxy.inject({ kind: 'blackHole', operations: ['ListDomains'], forMs: 200, onEnd: 'reset' });
    const reset = await outcomeWithin(5_000, listDomains);
    expect(reset.outcome).toBe('ECONNRESET');
    expect(reset.afterMs).toBeGreaterThanOrEqual(150);
    const last = proxy.calls.at(-1);
    expect(last?.outcome).toBe('reset');
  });

  it('reads the task token of calls that carry one', async () => {
    await client
      .send(new RecordActivityTaskHeartbeatCommand({ taskToken: 'not-a-real-token' }))
      .catch(() => {});
    expect(proxy.calls.at(-1)).toMatchObject({
      operation: 'RecordActivityTaskHeartbeat',
      taskToken: 'not-a-real-token',
    });
  });

  it('leaves a poll the client gave up on open at SWF, which may still hand it a task', async () => {
    await client.send(
      new RegisterDomainCommand({ name: 'polls', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    const result = await outcomeWithin(500, (abortSignal) =>
      client.send(new PollForActivityTaskCommand({ domain: 'polls', taskList: { name: 'list' } }), {
        abortSignal,
      }),
    );
    expect(result.outcome).toBe('silence');
    await until(() => proxy.calls.at(-1)?.outcome !== 'pending', 'the proxy sees the client go');
    expect(proxy.calls.at(-1)?.outcome).toBe('clientGone');
    // As with SWF: the poll was sent; the client going away does not take it back.
    expect(fake.model.registry.domain('polls').activityQueue('list').waitingPollers).toBe(1);
    const task = fake.scheduleActivityTask({ domain: 'polls', taskList: 'list' });
    expect(fake.activityTask(task).status).toBe('STARTED');
  });
});

function errorCode(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (typeof name === 'string') return name;
  }
  return String(error);
}
