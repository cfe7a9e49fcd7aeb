import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { SwfServiceError } from '../../src/fake/errors.js';
import { SWF_OPERATION_NAMES, type SwfOperationName } from '../../src/fake/operations.js';
import type { ShapeRule } from '../../src/fake/protocol/rule-types.js';
import {
  describeViolation,
  validateOperationInput,
  validationMessage,
} from '../../src/fake/protocol/validate.js';
import { OPERATION_INPUT_SHAPES, SHAPE_RULES } from '../../src/fake/protocol/validation-rules.js';
import { type ModelShape, SDK_OPERATIONS, SWF_MODEL } from '../support/swf-model.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The rule a shape of the model should have, derived here independently of the generator. */
function expectedRule(shape: ModelShape): ShapeRule {
  const bounds = {
    ...(shape.min === undefined ? {} : { min: shape.min }),
    ...(shape.max === undefined ? {} : { max: shape.max }),
  };
  switch (shape.type) {
    case 'structure':
      return {
        type: 'structure',
        ...(shape.required?.length ? { required: shape.required } : {}),
        members: Object.fromEntries(
          Object.entries(shape.members ?? {}).map(([name, member]) => [name, member.shape]),
        ),
        ...bounds,
      };
    case 'list':
      return { type: 'list', member: shape.member?.shape ?? '', ...bounds };
    case 'map':
      return {
        type: 'map',
        key: shape.key?.shape ?? '',
        value: shape.value?.shape ?? '',
        ...bounds,
      };
    case 'string':
      return { type: 'string', ...(shape.enum ? { enum: shape.enum } : {}), ...bounds };
    case 'integer':
    case 'long':
      return { type: shape.type, ...bounds };
    case 'boolean':
    case 'timestamp':
      return { type: shape.type };
    default:
      throw new Error(`unexpected shape type ${shape.type}`);
  }
}

/** Every shape reachable from `root`. */
function reachable(root: string, seen = new Set<string>()): Set<string> {
  if (seen.has(root)) return seen;
  seen.add(root);
  const shape = SWF_MODEL.shapes[root];
  if (shape === undefined) throw new Error(`unknown shape ${root}`);
  const next = [
    ...Object.values(shape.members ?? {}).map((member) => member.shape),
    ...[shape.member, shape.key, shape.value].flatMap((ref) => (ref ? [ref.shape] : [])),
  ];
  for (const name of next) reachable(name, seen);
  return seen;
}

describe('validation rules generated from the SWF model', () => {
  test("take the operations the published model lacks from the SDK's schemas", async () => {
    const sdk = (await import('@aws-sdk/client-swf')) as unknown as Record<string, unknown>;
    expect(Object.keys(SDK_OPERATIONS.operations).sort()).toEqual([
      'DeleteActivityType',
      'DeleteWorkflowType',
    ]);
    for (const [name, shape] of Object.entries(SDK_OPERATIONS.shapes)) {
      const schema = sdk[`${name}$`] as [
        number,
        string,
        string,
        number,
        string[],
        unknown[],
        number,
      ];
      expect(schema[4]).toEqual(Object.keys(shape.members ?? {}));
      expect(schema[4].slice(0, schema[6])).toEqual(shape.required);
    }
  });

  test('cover exactly the operations of the model', () => {
    expect(Object.keys(SWF_MODEL.operations).sort()).toEqual([...SWF_OPERATION_NAMES].sort());
    for (const [operation, { input }] of Object.entries(SWF_MODEL.operations)) {
      expect(OPERATION_INPUT_SHAPES[operation as SwfOperationName]).toBe(input.shape);
    }
  });

  test.each(SWF_OPERATION_NAMES.map((operation) => [operation]))(
    'match the model for every shape of the %s input',
    (operation) => {
      for (const name of reachable(SWF_MODEL.operations[operation]?.input.shape ?? '')) {
        const shape = SWF_MODEL.shapes[name];
        expect(shape, name).toBeDefined();
        expect(SHAPE_RULES[name], name).toEqual(expectedRule(shape as ModelShape));
      }
    },
  );

  test('hold no shape that no input reaches', () => {
    const used = new Set<string>();
    for (const { input } of Object.values(SWF_MODEL.operations)) reachable(input.shape, used);
    expect(Object.keys(SHAPE_RULES).sort()).toEqual([...used].sort());
  });

  test('keep the limits an activity worker lives by', () => {
    const input = (operation: SwfOperationName) => SHAPE_RULES[OPERATION_INPUT_SHAPES[operation]];
    const memberRule = (operation: SwfOperationName, member: string) => {
      const rule = input(operation);
      if (rule?.type !== 'structure') throw new Error(`${operation} input is not a structure`);
      return SHAPE_RULES[rule.members[member] ?? ''];
    };
    expect(memberRule('RecordActivityTaskHeartbeat', 'details')).toEqual({
      type: 'string',
      max: 2048,
    });
    expect(memberRule('RecordActivityTaskHeartbeat', 'taskToken')).toEqual({
      type: 'string',
      min: 1,
      max: 1024,
    });
    expect(memberRule('RespondActivityTaskFailed', 'reason')).toEqual({ type: 'string', max: 256 });
    expect(memberRule('RespondActivityTaskFailed', 'details')).toEqual({
      type: 'string',
      max: 32768,
    });
    expect(memberRule('RespondActivityTaskCompleted', 'result')).toEqual({
      type: 'string',
      max: 32768,
    });
    expect(memberRule('RespondActivityTaskCanceled', 'details')).toEqual({
      type: 'string',
      max: 32768,
    });
  });

  test.each([
    ['PollForActivityTask', ['domain', 'taskList']],
    ['RecordActivityTaskHeartbeat', ['taskToken']],
    ['RespondActivityTaskCompleted', ['taskToken']],
    ['RespondActivityTaskFailed', ['taskToken']],
    ['RespondActivityTaskCanceled', ['taskToken']],
  ] as const)('require every required member of %s', (operation, required) => {
    const inModel = SWF_MODEL.shapes[SWF_MODEL.operations[operation]?.input.shape ?? '']?.required;
    expect(inModel).toEqual(required);
    expect(validateOperationInput(operation, {})).toEqual(
      required.map((path) => ({ path, value: null, constraint: 'Member must not be null' })),
    );
  });

  test('are what the generator writes today', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/generate-validation.mjs', '--check'], {
        cwd: ROOT,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });
});

/** The message of the ValidationException for `input`, or `undefined` when valid. */
function messageFor(operation: SwfOperationName, input: Record<string, unknown>) {
  const violations = validateOperationInput(operation, input);
  return violations.length === 0 ? undefined : validationMessage(violations);
}

function serializationMessage(operation: SwfOperationName, input: Record<string, unknown>) {
  try {
    validateOperationInput(operation, input);
  } catch (error) {
    expect(error).toBeInstanceOf(SwfServiceError);
    expect((error as SwfServiceError).name).toBe('SerializationException');
    return (error as SwfServiceError).message;
  }
  throw new Error('expected a SerializationException');
}

describe('validation messages, in AWS style', () => {
  test('a missing required member', () => {
    expect(messageFor('RecordActivityTaskHeartbeat', {})).toBe(
      "1 validation error detected: Value null at 'taskToken' failed to satisfy constraint: Member must not be null",
    );
  });

  test('a JSON null counts as missing', () => {
    expect(messageFor('RecordActivityTaskHeartbeat', { taskToken: null })).toBe(
      "1 validation error detected: Value null at 'taskToken' failed to satisfy constraint: Member must not be null",
    );
  });

  test('a string too long, its value cut short in the message', () => {
    const details = `${'a'.repeat(2000)}${'b'.repeat(49)}`;
    expect(messageFor('RecordActivityTaskHeartbeat', { taskToken: 't', details })).toBe(
      `1 validation error detected: Value '${'a'.repeat(128)}...' at 'details' failed to satisfy constraint: Member must have length less than or equal to 2048`,
    );
  });

  test('a string at its limit is valid', () => {
    expect(
      messageFor('RecordActivityTaskHeartbeat', { taskToken: 't', details: 'x'.repeat(2048) }),
    ).toBeUndefined();
  });

  test('a string too short', () => {
    expect(messageFor('RecordActivityTaskHeartbeat', { taskToken: '' })).toBe(
      "1 validation error detected: Value '' at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  test('several violations, counted and joined', () => {
    expect(
      messageFor('RespondActivityTaskFailed', { reason: 'r'.repeat(257), details: 'short' }),
    ).toBe(
      `2 validation errors detected: Value null at 'taskToken' failed to satisfy constraint: Member must not be null; Value '${'r'.repeat(128)}...' at 'reason' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
  });

  test('a value outside an enum', () => {
    expect(messageFor('ListDomains', { registrationStatus: 'ACTIVE' })).toBe(
      "1 validation error detected: Value 'ACTIVE' at 'registrationStatus' failed to satisfy constraint: Member must satisfy enum value set: [REGISTERED, DEPRECATED]",
    );
  });

  test('numbers out of range', () => {
    expect(
      messageFor('ListDomains', { registrationStatus: 'REGISTERED', maximumPageSize: 1001 }),
    ).toBe(
      "1 validation error detected: Value '1001' at 'maximumPageSize' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    expect(
      messageFor('ListDomains', { registrationStatus: 'REGISTERED', maximumPageSize: -1 }),
    ).toBe(
      "1 validation error detected: Value '-1' at 'maximumPageSize' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
  });

  test('nested paths name list members from 1', () => {
    const message = messageFor('RespondDecisionTaskCompleted', {
      taskToken: 't',
      decisions: [
        {
          decisionType: 'StartTimer',
          startTimerDecisionAttributes: { timerId: 'x', startToFireTimeout: '5' },
        },
        {
          decisionType: 'ScheduleActivityTask',
          scheduleActivityTaskDecisionAttributes: {
            activityType: { name: 'resize', version: '1' },
          },
        },
        {},
      ],
    });
    expect(message).toBe(
      "2 validation errors detected: Value null at 'decisions.2.member.scheduleActivityTaskDecisionAttributes.activityId' failed to satisfy constraint: Member must not be null; Value null at 'decisions.3.member.decisionType' failed to satisfy constraint: Member must not be null",
    );
  });

  test('a list too long, and its string members', () => {
    expect(
      messageFor('StartWorkflowExecution', {
        domain: 'd',
        workflowId: 'w',
        workflowType: { name: 'n', version: '1' },
        tagList: ['a', 'b', 'c', 'd', 'e', 'f'],
      }),
    ).toBe(
      "1 validation error detected: Value '[a, b, c, d, e, f]' at 'tagList' failed to satisfy constraint: Member must have length less than or equal to 5",
    );
    expect(
      messageFor('StartWorkflowExecution', {
        domain: 'd',
        workflowId: 'w',
        workflowType: { name: 'n', version: '1' },
        tagList: ['ok', 't'.repeat(257)],
      }),
    ).toContain("at 'tagList.2.member' failed to satisfy constraint");
  });

  test('unknown members are ignored', () => {
    expect(
      messageFor('RecordActivityTaskHeartbeat', { taskToken: 't', colour: 42, extra: { a: 1 } }),
    ).toBeUndefined();
  });

  test('timestamps are epoch seconds', () => {
    expect(
      messageFor('CountOpenWorkflowExecutions', {
        domain: 'd',
        startTimeFilter: { oldestDate: 1_700_000_000.25 },
      }),
    ).toBeUndefined();
    expect(
      serializationMessage('CountOpenWorkflowExecutions', {
        domain: 'd',
        startTimeFilter: { oldestDate: '2024-01-01T00:00:00Z' },
      }),
    ).toBe("STRING_VALUE can not be converted to a Timestamp (at 'startTimeFilter.oldestDate')");
  });

  test('a wrong JSON type is a SerializationException', () => {
    expect(serializationMessage('RecordActivityTaskHeartbeat', { taskToken: 42 })).toBe(
      "NUMBER_VALUE can not be converted to a String (at 'taskToken')",
    );
    expect(
      serializationMessage('ListDomains', {
        registrationStatus: 'REGISTERED',
        maximumPageSize: '5',
      }),
    ).toBe("STRING_VALUE can not be converted to an Integer (at 'maximumPageSize')");
    expect(
      serializationMessage('ListDomains', {
        registrationStatus: 'REGISTERED',
        maximumPageSize: 1.5,
      }),
    ).toBe("NUMBER_VALUE can not be converted to an Integer (at 'maximumPageSize')");
    expect(
      serializationMessage('ListDomains', {
        registrationStatus: 'REGISTERED',
        reverseOrder: 'yes',
      }),
    ).toBe("STRING_VALUE can not be converted to a Boolean (at 'reverseOrder')");
    expect(serializationMessage('PollForActivityTask', { domain: 'd', taskList: 'images' })).toBe(
      "STRING_VALUE can not be converted to a Structure (at 'taskList')",
    );
    expect(
      serializationMessage('RespondDecisionTaskCompleted', { taskToken: 't', decisions: {} }),
    ).toBe("Start of structure or map found where not expected (at 'decisions')");
    expect(serializationMessage('RecordActivityTaskHeartbeat', { taskToken: ['t'] })).toBe(
      "Start of list found where not expected (at 'taskToken')",
    );
  });

  test('describeViolation words one violation', () => {
    expect(describeViolation({ path: 'a.b', value: 7, constraint: 'Member must be fine' })).toBe(
      "Value '7' at 'a.b' failed to satisfy constraint: Member must be fine",
    );
  });
});
