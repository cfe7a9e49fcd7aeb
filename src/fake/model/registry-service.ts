import type { RegistrationStatus } from '@aws-sdk/client-swf';
import { SwfServiceError, unknownResource } from '../errors.js';
import type { OperationInput, OperationOutput } from '../operations.js';
import type { ModelContext } from './context.js';
import { type ActivityTypeRecord, Domain, typeKey, type WorkflowTypeRecord } from './domain.js';
import { parseDuration, parseExecutionTimeout } from './durations.js';
import { takePage } from './page-token.js';
import { checkTaskPriority } from './task-priority.js';

/** SWF's account quotas that the registry enforces. */
const MAX_DOMAINS = 100;
const MAX_TYPES_PER_DOMAIN = 10_000;
const MAX_TAGS = 50;

/** Where the registry lives: the account and region its ARNs name. */
export interface RegistryOptions {
  readonly region: string;
  readonly accountId: string;
  readonly maxPollersPerTaskList: number;
  readonly maxClosedExecutions: number;
}

/**
 * Domains, activity types and workflow types: registration, description, listing,
 * deprecation, and the tags of domains.
 */
export class RegistryService {
  readonly domains = new Map<string, Domain>();

  constructor(
    private readonly context: ModelContext,
    private readonly options: RegistryOptions,
  ) {}

  /** The domain `name`, or UnknownResourceFault. */
  domain(name: string): Domain {
    const domain = this.domains.get(name);
    if (domain === undefined) throw unknownResource(`Unknown domain: ${name}`);
    domain.purgeExpired();
    return domain;
  }

  /** The domain `name` if it is registered (not deprecated), or UnknownResourceFault. */
  activeDomain(name: string): Domain {
    const domain = this.domain(name);
    if (domain.status === 'DEPRECATED') throw unknownResource(`Domain is deprecated: ${name}`);
    return domain;
  }

  // ---- domains -------------------------------------------------------------------------------

  RegisterDomain(input: OperationInput<'RegisterDomain'>): OperationOutput<'RegisterDomain'> {
    if (this.domains.has(input.name)) {
      throw new SwfServiceError('DomainAlreadyExistsFault', `Domain already exists: ${input.name}`);
    }
    if (this.domains.size >= MAX_DOMAINS) {
      throw new SwfServiceError(
        'LimitExceededFault',
        `At most ${MAX_DOMAINS} domains may be registered`,
      );
    }
    const retention = input.workflowExecutionRetentionPeriodInDays;
    if (!/^(NONE|\d{1,2})$/.test(retention) || (retention !== 'NONE' && Number(retention) > 90)) {
      throw new SwfServiceError(
        'ValidationException',
        `1 validation error detected: Value '${retention}' at 'workflowExecutionRetentionPeriodInDays' failed to satisfy constraint: Member must be a number of days from 0 to 90, or NONE`,
      );
    }
    checkTagCount(input.tags?.length ?? 0);
    const arn = `arn:aws:swf:${this.options.region}:${this.options.accountId}:/domain/${input.name}`;
    const domain = new Domain(input, arn, this.context.clock, this.options);
    for (const tag of input.tags ?? []) domain.tags.set(tag.key, tag.value ?? '');
    this.domains.set(input.name, domain);
    return {};
  }

  DescribeDomain(input: OperationInput<'DescribeDomain'>): OperationOutput<'DescribeDomain'> {
    const domain = this.domain(input.name);
    return {
      domainInfo: domainInfo(domain),
      configuration: { workflowExecutionRetentionPeriodInDays: domain.retentionPeriodInDays },
    };
  }

  ListDomains(input: OperationInput<'ListDomains'>): OperationOutput<'ListDomains'> {
    const matching = [...this.domains.values()]
      .filter((domain) => domain.status === input.registrationStatus)
      .sort((a, b) => compareText(a.name, b.name));
    const ordered = input.reverseOrder ? matching.reverse() : matching;
    const page = takePage(
      ordered,
      `domains:${input.registrationStatus}:${input.reverseOrder}`,
      input,
      this.context,
    );
    return { domainInfos: page.items.map(domainInfo), nextPageToken: page.nextPageToken };
  }

  DeprecateDomain(input: OperationInput<'DeprecateDomain'>): OperationOutput<'DeprecateDomain'> {
    const domain = this.domain(input.name);
    if (domain.status === 'DEPRECATED') {
      throw new SwfServiceError(
        'DomainDeprecatedFault',
        `Domain already deprecated: ${input.name}`,
      );
    }
    domain.status = 'DEPRECATED';
    return {};
  }

  UndeprecateDomain(
    input: OperationInput<'UndeprecateDomain'>,
  ): OperationOutput<'UndeprecateDomain'> {
    const domain = this.domain(input.name);
    if (domain.status === 'REGISTERED') {
      throw new SwfServiceError(
        'DomainAlreadyExistsFault',
        `Domain is not deprecated: ${input.name}`,
      );
    }
    domain.status = 'REGISTERED';
    return {};
  }

  // ---- activity types ------------------------------------------------------------------------

  RegisterActivityType(
    input: OperationInput<'RegisterActivityType'>,
  ): OperationOutput<'RegisterActivityType'> {
    const domain = this.activeDomain(input.domain);
    for (const member of [
      'defaultTaskStartToCloseTimeout',
      'defaultTaskHeartbeatTimeout',
      'defaultTaskScheduleToStartTimeout',
      'defaultTaskScheduleToCloseTimeout',
    ] as const) {
      parseDuration(input[member], member);
    }
    checkTaskPriority(input.defaultTaskPriority, 'defaultTaskPriority');
    const activityType = { name: input.name, version: input.version };
    register(domain.activityTypes, activityType, 'ActivityType', {
      activityType,
      status: 'REGISTERED',
      description: input.description,
      creationDate: this.context.clock.now(),
      configuration: {
        defaultTaskStartToCloseTimeout: input.defaultTaskStartToCloseTimeout,
        defaultTaskHeartbeatTimeout: input.defaultTaskHeartbeatTimeout,
        defaultTaskList: input.defaultTaskList,
        defaultTaskPriority: input.defaultTaskPriority,
        defaultTaskScheduleToStartTimeout: input.defaultTaskScheduleToStartTimeout,
        defaultTaskScheduleToCloseTimeout: input.defaultTaskScheduleToCloseTimeout,
      },
    });
    return {};
  }

  DescribeActivityType(
    input: OperationInput<'DescribeActivityType'>,
  ): OperationOutput<'DescribeActivityType'> {
    const record = find(
      this.domain(input.domain).activityTypes,
      input.activityType,
      'ActivityType',
    );
    return { typeInfo: activityTypeInfo(record), configuration: record.configuration };
  }

  ListActivityTypes(
    input: OperationInput<'ListActivityTypes'>,
  ): OperationOutput<'ListActivityTypes'> {
    const page = listTypes(
      this.domain(input.domain).activityTypes,
      input,
      (record) => typeKey(record.activityType),
      this.context,
    );
    return { typeInfos: page.items.map(activityTypeInfo), nextPageToken: page.nextPageToken };
  }

  DeprecateActivityType(
    input: OperationInput<'DeprecateActivityType'>,
  ): OperationOutput<'DeprecateActivityType'> {
    const record = find(
      this.domain(input.domain).activityTypes,
      input.activityType,
      'ActivityType',
    );
    deprecate(record, 'ActivityType', this.context.clock.now());
    return {};
  }

  /**
   * Deletes a deprecated activity type: it is unknown from then on (describe, list, schedule),
   * while its tasks already scheduled or running go on to their close.
   */
  DeleteActivityType(
    input: OperationInput<'DeleteActivityType'>,
  ): OperationOutput<'DeleteActivityType'> {
    remove(this.domain(input.domain).activityTypes, input.activityType, 'ActivityType');
    return {};
  }

  UndeprecateActivityType(
    input: OperationInput<'UndeprecateActivityType'>,
  ): OperationOutput<'UndeprecateActivityType'> {
    const record = find(
      this.domain(input.domain).activityTypes,
      input.activityType,
      'ActivityType',
    );
    undeprecate(record, 'ActivityType');
    return {};
  }

  // ---- workflow types ------------------------------------------------------------------------

  RegisterWorkflowType(
    input: OperationInput<'RegisterWorkflowType'>,
  ): OperationOutput<'RegisterWorkflowType'> {
    const domain = this.activeDomain(input.domain);
    parseDuration(input.defaultTaskStartToCloseTimeout, 'defaultTaskStartToCloseTimeout');
    checkTaskPriority(input.defaultTaskPriority, 'defaultTaskPriority');
    if (input.defaultExecutionStartToCloseTimeout !== undefined) {
      parseExecutionTimeout(
        input.defaultExecutionStartToCloseTimeout,
        'defaultExecutionStartToCloseTimeout',
      );
    }
    const workflowType = { name: input.name, version: input.version };
    register(domain.workflowTypes, workflowType, 'WorkflowType', {
      workflowType,
      status: 'REGISTERED',
      description: input.description,
      creationDate: this.context.clock.now(),
      configuration: {
        defaultTaskStartToCloseTimeout: input.defaultTaskStartToCloseTimeout,
        defaultExecutionStartToCloseTimeout: input.defaultExecutionStartToCloseTimeout,
        defaultTaskList: input.defaultTaskList,
        defaultTaskPriority: input.defaultTaskPriority,
        defaultChildPolicy: input.defaultChildPolicy,
        defaultLambdaRole: input.defaultLambdaRole,
      },
    });
    return {};
  }

  DescribeWorkflowType(
    input: OperationInput<'DescribeWorkflowType'>,
  ): OperationOutput<'DescribeWorkflowType'> {
    const record = find(
      this.domain(input.domain).workflowTypes,
      input.workflowType,
      'WorkflowType',
    );
    return { typeInfo: workflowTypeInfo(record), configuration: record.configuration };
  }

  ListWorkflowTypes(
    input: OperationInput<'ListWorkflowTypes'>,
  ): OperationOutput<'ListWorkflowTypes'> {
    const page = listTypes(
      this.domain(input.domain).workflowTypes,
      input,
      (record) => typeKey(record.workflowType),
      this.context,
    );
    return { typeInfos: page.items.map(workflowTypeInfo), nextPageToken: page.nextPageToken };
  }

  DeprecateWorkflowType(
    input: OperationInput<'DeprecateWorkflowType'>,
  ): OperationOutput<'DeprecateWorkflowType'> {
    const record = find(
      this.domain(input.domain).workflowTypes,
      input.workflowType,
      'WorkflowType',
    );
    deprecate(record, 'WorkflowType', this.context.clock.now());
    return {};
  }

  /**
   * Deletes a deprecated workflow type: it is unknown from then on (describe, list, start,
   * continue as new, start as a child), while its open executions go on to their close.
   */
  DeleteWorkflowType(
    input: OperationInput<'DeleteWorkflowType'>,
  ): OperationOutput<'DeleteWorkflowType'> {
    remove(this.domain(input.domain).workflowTypes, input.workflowType, 'WorkflowType');
    return {};
  }

  UndeprecateWorkflowType(
    input: OperationInput<'UndeprecateWorkflowType'>,
  ): OperationOutput<'UndeprecateWorkflowType'> {
    const record = find(
      this.domain(input.domain).workflowTypes,
      input.workflowType,
      'WorkflowType',
    );
    undeprecate(record, 'WorkflowType');
    return {};
  }

  // ---- tags ----------------------------------------------------------------------------------

  TagResource(input: OperationInput<'TagResource'>): OperationOutput<'TagResource'> {
    const domain = this.#domainByArn(input.resourceArn);
    const keys = new Set([...domain.tags.keys(), ...input.tags.map((tag) => tag.key)]);
    checkTagCount(keys.size);
    for (const tag of input.tags) domain.tags.set(tag.key, tag.value ?? '');
    return {};
  }

  UntagResource(input: OperationInput<'UntagResource'>): OperationOutput<'UntagResource'> {
    const domain = this.#domainByArn(input.resourceArn);
    for (const key of input.tagKeys) domain.tags.delete(key);
    return {};
  }

  ListTagsForResource(
    input: OperationInput<'ListTagsForResource'>,
  ): OperationOutput<'ListTagsForResource'> {
    const domain = this.#domainByArn(input.resourceArn);
    return { tags: [...domain.tags].map(([key, value]) => ({ key, value })) };
  }

  #domainByArn(arn: string): Domain {
    for (const domain of this.domains.values()) if (domain.arn === arn) return domain;
    throw unknownResource(`Unknown resource: ${arn}`);
  }
}

type TypeRecord = ActivityTypeRecord | WorkflowTypeRecord;
type TypeKind = 'ActivityType' | 'WorkflowType';

function register<Record extends TypeRecord>(
  types: Map<string, Record>,
  type: { name: string; version: string },
  kind: TypeKind,
  record: Record,
): void {
  const key = typeKey(type);
  if (types.has(key)) {
    throw new SwfServiceError(
      'TypeAlreadyExistsFault',
      `${kind}=[name=${type.name}, version=${type.version}] already exists`,
    );
  }
  if (types.size >= MAX_TYPES_PER_DOMAIN) {
    throw new SwfServiceError(
      'LimitExceededFault',
      `At most ${MAX_TYPES_PER_DOMAIN} ${kind}s may be registered in a domain`,
    );
  }
  types.set(key, record);
}

function find<Record extends TypeRecord>(
  types: Map<string, Record>,
  type: { name: string; version: string },
  kind: TypeKind,
): Record {
  const record = types.get(typeKey(type));
  if (record === undefined) {
    throw unknownResource(`Unknown type: ${kind}=[name=${type.name}, version=${type.version}]`);
  }
  return record;
}

function deprecate(record: TypeRecord, kind: TypeKind, now: number): void {
  if (record.status === 'DEPRECATED') {
    throw new SwfServiceError('TypeDeprecatedFault', `${kind} is already deprecated`);
  }
  record.status = 'DEPRECATED';
  record.deprecationDate = now;
}

/** Deleting a type needs it deprecated first (TypeNotDeprecatedFault otherwise). */
function remove<Record extends TypeRecord>(
  types: Map<string, Record>,
  type: { name: string; version: string },
  kind: TypeKind,
): void {
  if (find(types, type, kind).status !== 'DEPRECATED') {
    throw new SwfServiceError(
      'TypeNotDeprecatedFault',
      `${kind}=[name=${type.name}, version=${type.version}] must be deprecated before it is deleted`,
    );
  }
  types.delete(typeKey(type));
}

function undeprecate(record: TypeRecord, kind: TypeKind): void {
  if (record.status === 'REGISTERED') {
    throw new SwfServiceError('TypeAlreadyExistsFault', `${kind} is not deprecated`);
  }
  record.status = 'REGISTERED';
  record.deprecationDate = undefined;
}

function listTypes<Record extends TypeRecord>(
  types: Map<string, Record>,
  input: {
    domain: string;
    name?: string | undefined;
    registrationStatus: RegistrationStatus;
    nextPageToken?: string | undefined;
    maximumPageSize?: number | undefined;
    reverseOrder?: boolean | undefined;
  },
  keyOf: (record: Record) => string,
  limits: { readonly maxPageSize: number },
): { items: Record[]; nextPageToken?: string } {
  const matching = [...types.values()]
    .filter((record) => record.status === input.registrationStatus)
    .filter((record) => input.name === undefined || keyOf(record).startsWith(`${input.name}\u0000`))
    .sort((a, b) => compareText(keyOf(a), keyOf(b)));
  const ordered = input.reverseOrder ? matching.reverse() : matching;
  const scope = JSON.stringify([
    'types',
    input.domain,
    input.name,
    input.registrationStatus,
    input.reverseOrder,
  ]);
  return takePage(ordered, scope, input, limits);
}

function domainInfo(domain: Domain) {
  return {
    name: domain.name,
    status: domain.status,
    description: domain.description,
    arn: domain.arn,
  };
}

function activityTypeInfo(record: ActivityTypeRecord) {
  return {
    activityType: record.activityType,
    status: record.status,
    description: record.description,
    creationDate: record.creationDate / 1000,
    deprecationDate:
      record.deprecationDate === undefined ? undefined : record.deprecationDate / 1000,
  };
}

function workflowTypeInfo(record: WorkflowTypeRecord) {
  return {
    workflowType: record.workflowType,
    status: record.status,
    description: record.description,
    creationDate: record.creationDate / 1000,
    deprecationDate:
      record.deprecationDate === undefined ? undefined : record.deprecationDate / 1000,
  };
}

function checkTagCount(count: number): void {
  if (count > MAX_TAGS) {
    throw new SwfServiceError('TooManyTagsFault', `A resource may carry at most ${MAX_TAGS} tags`);
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
