/**
 * A client from a copy of `@aws-sdk/client-swf` the package cannot drive is refused at
 * construction, with the fix in the message, instead of failing every poll forever. The old
 * client here is the real oldest version of the supported range (the `client-swf-oldest`
 * alias of the dev setup), against the current version the package's commands come from.
 */
import { readFileSync } from 'node:fs';
import {
  ListDomainsCommand as OldListDomainsCommand,
  RegisterDomainCommand as OldRegisterDomainCommand,
  SWFClient as OldSWFClient,
} from 'client-swf-oldest';
import {
  ActivityWorker,
  defineActivity,
  runActivityTask,
  UnsupportedClientError,
} from 'swf-activity-worker';
import { createInProcessClient, FakeSwf, InProcessHttpHandler } from 'swf-activity-worker/fake';
import { afterEach, describe, expect, it } from 'vitest';
import { SUPPORTED_CLIENT_RANGE } from '../../src/client/check-client.js';

const PACKAGE = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const echo = defineActivity({
  name: 'echo',
  version: '1',
  handler: async (input: string) => input,
});

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const resource of opened.splice(0)) resource.close();
});

function oldClient(fake: FakeSwf): OldSWFClient {
  const client = new OldSWFClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKESWF', secretAccessKey: 'fake-swf-secret' },
    endpoint: 'http://swf.fake.local',
    maxAttempts: 1,
    requestHandler: new InProcessHttpHandler(fake),
  });
  opened.push({ close: () => client.destroy() });
  return client;
}

function openFake(): FakeSwf {
  const fake = new FakeSwf();
  opened.push(fake);
  return fake;
}

describe('the client check', () => {
  it('refuses a client of another copy whose middleware does not fit, naming the fix', async () => {
    const fake = openFake();
    const client = oldClient(fake);
    const construct = () =>
      new ActivityWorker({
        client: client as never,
        domain: 'media',
        taskList: 'images',
        activities: [echo],
      });
    expect(construct).toThrow(UnsupportedClientError);
    expect(construct).toThrow(/^ActivityWorker: this SWFClient cannot send the commands of/);
    expect(construct).toThrow(/serializerMiddleware is not found/);
    expect(construct).toThrow(`in the range ${SUPPORTED_CLIENT_RANGE}`);
    expect(construct).toThrow('`npm ls @aws-sdk/client-swf` lists the copies');

    const task = {
      taskToken: 'token',
      activityId: 'a',
      startedEventId: 1,
      workflowExecution: { workflowId: 'w', runId: 'r' },
      activityType: { name: 'echo', version: '1' },
    };
    const outcome = runActivityTask(client as never, task, echo, { domain: 'media' });
    await expect(outcome).rejects.toThrow(UnsupportedClientError);
    await expect(outcome).rejects.toThrow(/^runActivityTask: /);
    // Refused before anything went out.
    expect(fake.callCount('PollForActivityTask')).toBe(0);
    expect(fake.callCount('RespondActivityTaskFailed')).toBe(0);
  });

  it('accepts a client of the copy the package uses, and objects that are not SDK clients', () => {
    const fake = openFake();
    const client = createInProcessClient(fake);
    opened.push({ close: () => client.destroy() });
    const options = { domain: 'media', taskList: 'images', activities: [echo] };
    expect(() => new ActivityWorker({ ...options, client })).not.toThrow();
    // A wrapper of the user's own with a send method: the worker only calls send().
    expect(
      () => new ActivityWorker({ ...options, client: { send: async () => ({}) } as never }),
    ).not.toThrow();
  });

  it('the oldest supported client drives the fake with its own commands', async () => {
    const client = oldClient(openFake());
    await client.send(
      new OldRegisterDomainCommand({ name: 'media', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    const { domainInfos } = await client.send(
      new OldListDomainsCommand({ registrationStatus: 'REGISTERED' }),
    );
    expect(domainInfos?.map((domain) => domain.name)).toEqual(['media']);
  });

  it('states the range of the peer dependency, whose lower end is the oldest version tested', () => {
    expect(PACKAGE.peerDependencies['@aws-sdk/client-swf']).toBe(SUPPORTED_CLIENT_RANGE);
    const lowest = /^>=(\d+\.\d+\.\d+) <\d+$/.exec(SUPPORTED_CLIENT_RANGE)?.[1];
    expect(PACKAGE.devDependencies['client-swf-oldest']).toBe(`npm:@aws-sdk/client-swf@${lowest}`);
  });
});
