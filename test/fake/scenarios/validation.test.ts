/**
 * Validation of the activity operations, checked against the official SWF API model rather than
 * against the fake's own rules: the test reads the model, and for every required member and
 * every length limit it finds, sends a request that breaks it through the real SDK (or as a raw
 * JSON 1.0 POST where the SDK would not send it) and checks the ValidationException.
 */
import {
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
  type SWFClient,
  SWFServiceException,
} from '@aws-sdk/client-swf';
import { describe, expect, test } from 'vitest';
import { SCENARIO_TRANSPORTS, useFake } from '../../support/fake-harness.js';
import { type ModelShape, SWF_MODEL } from '../../support/swf-model.js';
import { rejectionOf } from '../../support/swf-scenario.js';

function shape(name: string): ModelShape {
  const found = SWF_MODEL.shapes[name];
  if (found === undefined) throw new Error(`No shape ${name} in the model`);
  return found;
}

/** A string member somewhere in an input, with the path AWS names it by. */
interface StringMember {
  readonly path: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/** A required member somewhere in an input (nested ones required when their parent is given). */
interface RequiredMember {
  readonly path: readonly string[];
}

function walk(
  shapeName: string,
  prefix: readonly string[],
  strings: StringMember[],
  required: RequiredMember[],
): void {
  const structure = shape(shapeName);
  for (const [name, member] of Object.entries(structure.members ?? {})) {
    const path = [...prefix, name];
    if (structure.required?.includes(name)) required.push({ path });
    const memberShape = shape(member.shape);
    if (memberShape.type === 'string') {
      strings.push({ path, min: memberShape.min, max: memberShape.max });
    } else if (memberShape.type === 'structure') {
      walk(member.shape, path, strings, required);
    }
  }
}

function membersOf(operation: string) {
  const strings: StringMember[] = [];
  const required: RequiredMember[] = [];
  const input = SWF_MODEL.operations[operation]?.input.shape;
  if (input === undefined) throw new Error(`No operation ${operation} in the model`);
  walk(input, [], strings, required);
  return { strings, required };
}

type Input = Record<string, unknown>;

/** A copy of `input` with the member at `path` set to `value` (or removed, for undefined). */
function withMember(input: Input, path: readonly string[], value: unknown): Input {
  const [head, ...rest] = path;
  if (head === undefined) throw new Error('empty path');
  const copy: Input = { ...input };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
  } else {
    copy[head] = withMember((copy[head] ?? {}) as Input, rest, value);
  }
  return copy;
}

/** The activity operations, a valid input of each, and how to send one through the SDK. */
const OPERATIONS: readonly {
  readonly name: string;
  readonly valid: Input;
  readonly send: (client: SWFClient, input: Input) => Promise<unknown>;
}[] = [
  {
    name: 'PollForActivityTask',
    // An unknown domain: a valid request then answers at once (UnknownResourceFault).
    valid: { domain: 'no-such-domain', taskList: { name: 'default' }, identity: 'worker-1' },
    send: (client, input) =>
      client.send(new PollForActivityTaskCommand(input as unknown as PollInput)),
  },
  {
    name: 'RecordActivityTaskHeartbeat',
    valid: { taskToken: 'token', details: '50%' },
    send: (client, input) =>
      client.send(new RecordActivityTaskHeartbeatCommand(input as unknown as HeartbeatInput)),
  },
  {
    name: 'RespondActivityTaskCompleted',
    valid: { taskToken: 'token', result: 'done' },
    send: (client, input) =>
      client.send(new RespondActivityTaskCompletedCommand(input as unknown as CompletedInput)),
  },
  {
    name: 'RespondActivityTaskFailed',
    valid: { taskToken: 'token', reason: 'broken', details: 'stack' },
    send: (client, input) =>
      client.send(new RespondActivityTaskFailedCommand(input as unknown as FailedInput)),
  },
  {
    name: 'RespondActivityTaskCanceled',
    valid: { taskToken: 'token', details: 'undone' },
    send: (client, input) =>
      client.send(new RespondActivityTaskCanceledCommand(input as unknown as CanceledInput)),
  },
];

type PollInput = ConstructorParameters<typeof PollForActivityTaskCommand>[0];
type HeartbeatInput = ConstructorParameters<typeof RecordActivityTaskHeartbeatCommand>[0];
type CompletedInput = ConstructorParameters<typeof RespondActivityTaskCompletedCommand>[0];
type FailedInput = ConstructorParameters<typeof RespondActivityTaskFailedCommand>[0];
type CanceledInput = ConstructorParameters<typeof RespondActivityTaskCanceledCommand>[0];

async function validationMessage(call: Promise<unknown>): Promise<string> {
  const error = await rejectionOf(call);
  expect(error).toBeInstanceOf(SWFServiceException);
  const exception = error as SWFServiceException;
  expect(exception.name).toBe('ValidationException');
  expect(exception.$metadata.httpStatusCode).toBe(400);
  return exception.message;
}

describe('the model the validation is checked against', () => {
  test.each(OPERATIONS.map((operation) => operation.name))(
    '%s has required members and length limits',
    (name) => {
      const { strings, required } = membersOf(name);
      expect(required.length).toBeGreaterThan(0);
      expect(strings.filter((member) => member.max !== undefined).length).toBeGreaterThan(0);
    },
  );

  test('the limits of the members a worker fills are as SWF documents them', () => {
    const limit = (operation: string, member: string) =>
      membersOf(operation).strings.find((found) => found.path.join('.') === member)?.max;
    expect(limit('RecordActivityTaskHeartbeat', 'details')).toBe(2048);
    expect(limit('RecordActivityTaskHeartbeat', 'taskToken')).toBe(1024);
    expect(limit('RespondActivityTaskCompleted', 'result')).toBe(32768);
    expect(limit('RespondActivityTaskFailed', 'reason')).toBe(256);
    expect(limit('PollForActivityTask', 'taskList.name')).toBe(256);
  });
});

describe.each(SCENARIO_TRANSPORTS)('validation of the activity operations over %s', (transport) => {
  const open = useFake(transport);

  describe.each(OPERATIONS)('$name', (operation) => {
    const { strings, required } = membersOf(operation.name);

    test('a valid request passes validation', async () => {
      const { client } = await open();
      const error = await rejectionOf(operation.send(client, operation.valid));
      expect((error as Error).name).toBe('UnknownResourceFault');
    });

    test.each(required.map((member) => member.path.join('.')))(
      'without %s is a ValidationException naming it',
      async (path) => {
        const { client } = await open();
        const input = withMember(operation.valid, path.split('.'), undefined);
        const message = await validationMessage(operation.send(client, input));
        expect(message).toBe(
          `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
        );
      },
    );

    const limited = strings.filter(
      (member): member is StringMember & { max: number } => member.max !== undefined,
    );
    test.each(limited.map((member) => [member.path.join('.'), member.max] as const))(
      'with %s one character over its %i is a ValidationException naming it and the limit',
      async (path, max) => {
        const { client } = await open();
        const input = withMember(operation.valid, path.split('.'), 'x'.repeat(max + 1));
        const message = await validationMessage(operation.send(client, input));
        expect(message).toContain(`at '${path}' failed to satisfy constraint`);
        expect(message).toContain(`Member must have length less than or equal to ${max}`);
        expect(message).toMatch(/^1 validation error detected: /);

        const atLimit = withMember(operation.valid, path.split('.'), 'x'.repeat(max));
        const error = await rejectionOf(operation.send(client, atLimit));
        expect((error as Error).name).not.toBe('ValidationException');
      },
    );

    const floored = strings.filter(
      (member): member is StringMember & { min: number } =>
        member.min !== undefined && member.min > 0,
    );
    test.each(floored.map((member) => [member.path.join('.'), member.min] as const))(
      'with %s shorter than its %i is a ValidationException',
      async (path, min) => {
        const { client } = await open();
        const input = withMember(operation.valid, path.split('.'), 'x'.repeat(min - 1));
        const message = await validationMessage(operation.send(client, input));
        expect(message).toContain(`at '${path}'`);
        expect(message).toContain(`Member must have length greater than or equal to ${min}`);
      },
    );

    test('raw requests the SDK would not send: explicit nulls, wrong types, no body', async () => {
      const harness = await open();
      const [first] = required;
      if (first === undefined) throw new Error('no required member');
      const path = first.path.join('.');
      const nulled = await harness.post(
        operation.name,
        JSON.stringify(withMember(operation.valid, first.path, null)),
      );
      expect(nulled.status).toBe(400);
      expect(nulled.body.__type).toBe('com.amazon.coral.validate#ValidationException');
      expect(nulled.body.message).toContain(`Value null at '${path}'`);

      const wrongType = await harness.post(
        operation.name,
        JSON.stringify(withMember(operation.valid, first.path, 42)),
      );
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.__type).toMatch(/#SerializationException$/);

      const empty = await harness.post(operation.name, '');
      expect(empty.status).toBe(400);
      expect(empty.body.__type).toBe('com.amazon.coral.validate#ValidationException');
      const topLevel = required.filter((member) => member.path.length === 1);
      expect(empty.body.message).toMatch(
        new RegExp(`^${topLevel.length} validation errors? detected`),
      );
      for (const member of topLevel) {
        expect(empty.body.message).toContain(`Value null at '${member.path.join('.')}'`);
      }
    });
  });

  test('several broken constraints are all named, in one message', async () => {
    const { client } = await open();
    const message = await validationMessage(
      client.send(
        new RespondActivityTaskFailedCommand({
          taskToken: 't'.repeat(1025),
          reason: 'r'.repeat(257),
          details: 'd'.repeat(32_769),
        }),
      ),
    );
    expect(message).toMatch(/^3 validation errors detected: /);
    for (const [path, max] of [
      ['taskToken', 1024],
      ['reason', 256],
      ['details', 32768],
    ] as const) {
      expect(message).toContain(
        `at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
      );
    }
  });
});
