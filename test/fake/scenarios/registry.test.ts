/**
 * Domains, activity types and workflow types, and the tags of domains, through the real SDK
 * over each way into the fake.
 */
import {
  DeprecateActivityTypeCommand,
  DeprecateDomainCommand,
  DeprecateWorkflowTypeCommand,
  DescribeActivityTypeCommand,
  DescribeDomainCommand,
  DescribeWorkflowTypeCommand,
  DomainAlreadyExistsFault,
  DomainDeprecatedFault,
  ListActivityTypesCommand,
  ListDomainsCommand,
  ListTagsForResourceCommand,
  ListWorkflowTypesCommand,
  RegisterDomainCommand,
  type SWFClient,
  TagResourceCommand,
  TooManyTagsFault,
  TypeAlreadyExistsFault,
  TypeDeprecatedFault,
  UndeprecateActivityTypeCommand,
  UndeprecateDomainCommand,
  UndeprecateWorkflowTypeCommand,
  UnknownResourceFault,
  UntagResourceCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, test } from 'vitest';
import { SCENARIO_TRANSPORTS, useFake } from '../../support/fake-harness.js';
import {
  ACTIVITY_DEFAULTS,
  ACTIVITY_TYPE,
  DOMAIN,
  registerActivityType,
  registerDomain,
  registerWorkflowType,
  rejectionOf,
  WORKFLOW_DEFAULTS,
  WORKFLOW_TYPE,
} from '../../support/swf-scenario.js';

async function domainNames(
  client: SWFClient,
  input: { registrationStatus: 'REGISTERED' | 'DEPRECATED'; reverseOrder?: boolean },
  maximumPageSize: number,
): Promise<{ names: string[]; pages: number }> {
  const names: string[] = [];
  let pages = 0;
  let nextPageToken: string | undefined;
  do {
    const page = await client.send(
      new ListDomainsCommand({ ...input, maximumPageSize, nextPageToken }),
    );
    names.push(...(page.domainInfos ?? []).map((info) => info.name ?? '?'));
    nextPageToken = page.nextPageToken;
    pages++;
  } while (nextPageToken !== undefined);
  return { names, pages };
}

describe.each(SCENARIO_TRANSPORTS)('registry over %s', (transport) => {
  const open = useFake(transport);

  describe('domains', () => {
    test('a registered domain is described with its ARN and retention period', async () => {
      const { client } = await open();
      await client.send(
        new RegisterDomainCommand({
          name: DOMAIN,
          description: 'order processing',
          workflowExecutionRetentionPeriodInDays: '7',
        }),
      );
      const described = await client.send(new DescribeDomainCommand({ name: DOMAIN }));
      expect(described.domainInfo).toEqual({
        name: DOMAIN,
        status: 'REGISTERED',
        description: 'order processing',
        arn: `arn:aws:swf:us-east-1:123456789012:/domain/${DOMAIN}`,
      });
      expect(described.configuration).toEqual({ workflowExecutionRetentionPeriodInDays: '7' });
    });

    test('registering a domain twice is a DomainAlreadyExistsFault', async () => {
      const { client } = await open();
      await registerDomain(client);
      const error = await rejectionOf(registerDomain(client));
      expect(error).toBeInstanceOf(DomainAlreadyExistsFault);
    });

    test('an unknown domain is an UnknownResourceFault', async () => {
      const { client } = await open();
      const error = await rejectionOf(client.send(new DescribeDomainCommand({ name: 'nope' })));
      expect(error).toBeInstanceOf(UnknownResourceFault);
      expect((error as UnknownResourceFault).$metadata.httpStatusCode).toBe(400);
    });

    test('ListDomains pages by name, in reverse order on request', async () => {
      const { client } = await open();
      for (const name of ['delta', 'alpha', 'echo', 'charlie', 'bravo']) {
        await registerDomain(client, name);
      }
      const forward = await domainNames(client, { registrationStatus: 'REGISTERED' }, 2);
      expect(forward).toEqual({ names: ['alpha', 'bravo', 'charlie', 'delta', 'echo'], pages: 3 });
      const reverse = await domainNames(
        client,
        { registrationStatus: 'REGISTERED', reverseOrder: true },
        2,
      );
      expect(reverse.names).toEqual(['echo', 'delta', 'charlie', 'bravo', 'alpha']);
    });

    test('deprecation moves a domain between the listings, and back', async () => {
      const { client } = await open();
      await registerDomain(client, 'alpha');
      await registerDomain(client, 'bravo');
      await client.send(new DeprecateDomainCommand({ name: 'alpha' }));
      expect((await domainNames(client, { registrationStatus: 'REGISTERED' }, 10)).names).toEqual([
        'bravo',
      ]);
      expect((await domainNames(client, { registrationStatus: 'DEPRECATED' }, 10)).names).toEqual([
        'alpha',
      ]);
      const described = await client.send(new DescribeDomainCommand({ name: 'alpha' }));
      expect(described.domainInfo?.status).toBe('DEPRECATED');

      await client.send(new UndeprecateDomainCommand({ name: 'alpha' }));
      expect((await domainNames(client, { registrationStatus: 'REGISTERED' }, 10)).names).toEqual([
        'alpha',
        'bravo',
      ]);
    });

    test('deprecating a deprecated domain is a DomainDeprecatedFault', async () => {
      const { client } = await open();
      await registerDomain(client);
      await client.send(new DeprecateDomainCommand({ name: DOMAIN }));
      const error = await rejectionOf(client.send(new DeprecateDomainCommand({ name: DOMAIN })));
      expect(error).toBeInstanceOf(DomainDeprecatedFault);
    });

    test('undeprecating a registered domain is a DomainAlreadyExistsFault', async () => {
      const { client } = await open();
      await registerDomain(client);
      const error = await rejectionOf(client.send(new UndeprecateDomainCommand({ name: DOMAIN })));
      expect(error).toBeInstanceOf(DomainAlreadyExistsFault);
    });

    test('registering the name of a deprecated domain is a DomainAlreadyExistsFault', async () => {
      const { client } = await open();
      await registerDomain(client);
      await client.send(new DeprecateDomainCommand({ name: DOMAIN }));
      expect(await rejectionOf(registerDomain(client))).toBeInstanceOf(DomainAlreadyExistsFault);
    });

    test('a deprecated domain takes no new types', async () => {
      const { client } = await open();
      await registerDomain(client);
      await client.send(new DeprecateDomainCommand({ name: DOMAIN }));
      const error = await rejectionOf(registerActivityType(client));
      expect(error).toBeInstanceOf(UnknownResourceFault);
    });
  });

  describe('activity types', () => {
    test('a registered type is described with its defaults', async () => {
      const { client, clock } = await open();
      await registerDomain(client);
      await registerActivityType(client, { description: 'charges a card' });
      const described = await client.send(
        new DescribeActivityTypeCommand({ domain: DOMAIN, activityType: ACTIVITY_TYPE }),
      );
      expect(described.typeInfo).toEqual({
        activityType: ACTIVITY_TYPE,
        status: 'REGISTERED',
        description: 'charges a card',
        creationDate: new Date(clock.now()),
      });
      expect(described.configuration).toEqual(ACTIVITY_DEFAULTS);
    });

    test('registering a type twice is a TypeAlreadyExistsFault', async () => {
      const { client } = await open();
      await registerDomain(client);
      await registerActivityType(client);
      expect(await rejectionOf(registerActivityType(client))).toBeInstanceOf(
        TypeAlreadyExistsFault,
      );
    });

    test('an unknown type, or a type in an unknown domain, is an UnknownResourceFault', async () => {
      const { client } = await open();
      await registerDomain(client);
      for (const domain of [DOMAIN, 'nope']) {
        const error = await rejectionOf(
          client.send(new DescribeActivityTypeCommand({ domain, activityType: ACTIVITY_TYPE })),
        );
        expect(error).toBeInstanceOf(UnknownResourceFault);
      }
    });

    test('ListActivityTypes filters by name and status, pages, and reverses', async () => {
      const { client } = await open();
      await registerDomain(client);
      for (const [name, version] of [
        ['resize', '2'],
        ['resize', '1'],
        ['encode', '1'],
        ['upload', '1'],
      ] as const) {
        await registerActivityType(client, { name, version });
      }
      await client.send(
        new DeprecateActivityTypeCommand({
          domain: DOMAIN,
          activityType: { name: 'upload', version: '1' },
        }),
      );
      const list = async (input: { name?: string; reverseOrder?: boolean }) => {
        const seen: string[] = [];
        let nextPageToken: string | undefined;
        do {
          const page = await client.send(
            new ListActivityTypesCommand({
              domain: DOMAIN,
              registrationStatus: 'REGISTERED',
              maximumPageSize: 1,
              nextPageToken,
              ...input,
            }),
          );
          expect(page.typeInfos?.length).toBeLessThanOrEqual(1);
          seen.push(
            ...(page.typeInfos ?? []).map(
              (info) => `${info.activityType?.name}@${info.activityType?.version}`,
            ),
          );
          nextPageToken = page.nextPageToken;
        } while (nextPageToken !== undefined);
        return seen;
      };
      expect(await list({})).toEqual(['encode@1', 'resize@1', 'resize@2']);
      expect(await list({ reverseOrder: true })).toEqual(['resize@2', 'resize@1', 'encode@1']);
      expect(await list({ name: 'resize' })).toEqual(['resize@1', 'resize@2']);
      const deprecated = await client.send(
        new ListActivityTypesCommand({ domain: DOMAIN, registrationStatus: 'DEPRECATED' }),
      );
      expect(deprecated.typeInfos?.map((info) => info.activityType?.name)).toEqual(['upload']);
    });

    test('deprecate and undeprecate, each fault when repeated', async () => {
      const { client, clock } = await open();
      await registerDomain(client);
      await registerActivityType(client);
      const target = { domain: DOMAIN, activityType: ACTIVITY_TYPE };
      await clock.advance(5_000);
      await client.send(new DeprecateActivityTypeCommand(target));
      const described = await client.send(new DescribeActivityTypeCommand(target));
      expect(described.typeInfo?.status).toBe('DEPRECATED');
      expect(described.typeInfo?.deprecationDate).toEqual(new Date(clock.now()));
      expect(
        await rejectionOf(client.send(new DeprecateActivityTypeCommand(target))),
      ).toBeInstanceOf(TypeDeprecatedFault);
      expect(await rejectionOf(registerActivityType(client))).toBeInstanceOf(
        TypeAlreadyExistsFault,
      );

      await client.send(new UndeprecateActivityTypeCommand(target));
      const again = await client.send(new DescribeActivityTypeCommand(target));
      expect(again.typeInfo?.status).toBe('REGISTERED');
      expect(again.typeInfo?.deprecationDate).toBeUndefined();
      expect(
        await rejectionOf(client.send(new UndeprecateActivityTypeCommand(target))),
      ).toBeInstanceOf(TypeAlreadyExistsFault);
    });
    test('a default timeout that is no duration is a ValidationException naming it', async () => {
      const { client } = await open();
      await registerDomain(client);
      const error = await rejectionOf(
        registerActivityType(client, { defaultTaskScheduleToCloseTimeout: 'an hour' }),
      );
      expect((error as Error).name).toBe('ValidationException');
      expect((error as Error).message).toContain("'defaultTaskScheduleToCloseTimeout'");
      await registerActivityType(client, { defaultTaskScheduleToCloseTimeout: 'NONE' });
    });
  });

  describe('workflow types', () => {
    test('a registered type is described with its defaults', async () => {
      const { client } = await open();
      await registerDomain(client);
      await registerWorkflowType(client);
      const described = await client.send(
        new DescribeWorkflowTypeCommand({ domain: DOMAIN, workflowType: WORKFLOW_TYPE }),
      );
      expect(described.typeInfo?.workflowType).toEqual(WORKFLOW_TYPE);
      expect(described.typeInfo?.status).toBe('REGISTERED');
      expect(described.configuration).toEqual(WORKFLOW_DEFAULTS);
    });

    test('ListWorkflowTypes pages and reverses', async () => {
      const { client } = await open();
      await registerDomain(client);
      for (const version of ['1', '2', '3']) await registerWorkflowType(client, { version });
      const first = await client.send(
        new ListWorkflowTypesCommand({
          domain: DOMAIN,
          registrationStatus: 'REGISTERED',
          maximumPageSize: 2,
          reverseOrder: true,
        }),
      );
      expect(first.typeInfos?.map((info) => info.workflowType?.version)).toEqual(['3', '2']);
      const second = await client.send(
        new ListWorkflowTypesCommand({
          domain: DOMAIN,
          registrationStatus: 'REGISTERED',
          maximumPageSize: 2,
          reverseOrder: true,
          nextPageToken: first.nextPageToken,
        }),
      );
      expect(second.typeInfos?.map((info) => info.workflowType?.version)).toEqual(['1']);
      expect(second.nextPageToken).toBeUndefined();
    });

    test('deprecate, undeprecate and their faults', async () => {
      const { client } = await open();
      await registerDomain(client);
      await registerWorkflowType(client);
      const target = { domain: DOMAIN, workflowType: WORKFLOW_TYPE };
      await client.send(new DeprecateWorkflowTypeCommand(target));
      expect(
        await rejectionOf(client.send(new DeprecateWorkflowTypeCommand(target))),
      ).toBeInstanceOf(TypeDeprecatedFault);
      await client.send(new UndeprecateWorkflowTypeCommand(target));
      expect(
        await rejectionOf(client.send(new UndeprecateWorkflowTypeCommand(target))),
      ).toBeInstanceOf(TypeAlreadyExistsFault);
      expect(
        await rejectionOf(
          client.send(
            new DeprecateWorkflowTypeCommand({
              domain: DOMAIN,
              workflowType: { name: 'nope', version: '1' },
            }),
          ),
        ),
      ).toBeInstanceOf(UnknownResourceFault);
    });
    test('an execution timeout default of NONE or over a year is a ValidationException', async () => {
      const { client } = await open();
      await registerDomain(client);
      for (const value of ['NONE', String(365 * 24 * 3600 + 1), '-1']) {
        const error = await rejectionOf(
          registerWorkflowType(client, { defaultExecutionStartToCloseTimeout: value }),
        );
        expect((error as Error).name).toBe('ValidationException');
        expect((error as Error).message).toContain("'defaultExecutionStartToCloseTimeout'");
      }
      await registerWorkflowType(client, { defaultExecutionStartToCloseTimeout: '31536000' });
    });
  });

  describe('tags', () => {
    const arn = `arn:aws:swf:us-east-1:123456789012:/domain/${DOMAIN}`;

    test('tags given at registration, added, listed and removed', async () => {
      const { client } = await open();
      await client.send(
        new RegisterDomainCommand({
          name: DOMAIN,
          workflowExecutionRetentionPeriodInDays: '1',
          tags: [{ key: 'team', value: 'payments' }],
        }),
      );
      await client.send(
        new TagResourceCommand({
          resourceArn: arn,
          tags: [
            { key: 'env', value: 'test' },
            { key: 'team', value: 'billing' },
          ],
        }),
      );
      const listed = await client.send(new ListTagsForResourceCommand({ resourceArn: arn }));
      expect(listed.tags).toEqual(
        expect.arrayContaining([
          { key: 'team', value: 'billing' },
          { key: 'env', value: 'test' },
        ]),
      );
      expect(listed.tags).toHaveLength(2);
      await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
      const after = await client.send(new ListTagsForResourceCommand({ resourceArn: arn }));
      expect(after.tags).toEqual([{ key: 'env', value: 'test' }]);
    });

    test('more than 50 tags on a domain is a TooManyTagsFault, and changes nothing', async () => {
      const { client } = await open();
      await registerDomain(client);
      const tags = (from: number, count: number) =>
        Array.from({ length: count }, (_, index) => ({ key: `k${from + index}`, value: 'v' }));
      await client.send(new TagResourceCommand({ resourceArn: arn, tags: tags(0, 49) }));
      const error = await rejectionOf(
        client.send(new TagResourceCommand({ resourceArn: arn, tags: tags(49, 2) })),
      );
      expect(error).toBeInstanceOf(TooManyTagsFault);
      const listed = await client.send(new ListTagsForResourceCommand({ resourceArn: arn }));
      expect(listed.tags).toHaveLength(49);
      await client.send(new TagResourceCommand({ resourceArn: arn, tags: tags(49, 1) }));
    });

    test('the ARN of an unknown domain is an UnknownResourceFault', async () => {
      const { client } = await open();
      const error = await rejectionOf(
        client.send(
          new ListTagsForResourceCommand({
            resourceArn: 'arn:aws:swf:us-east-1:123456789012:/domain/nope',
          }),
        ),
      );
      expect(error).toBeInstanceOf(UnknownResourceFault);
    });
  });
});
