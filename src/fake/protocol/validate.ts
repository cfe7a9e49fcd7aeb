/**
 * Checks a parsed JSON 1.0 request body against the constraints of the SWF API model, the way
 * the AWS request layer does before the service sees a request: wrong JSON types are a
 * `SerializationException`, broken constraints a `ValidationException` whose message lists
 * every violation in AWS's words. Unknown members are ignored, as AWS JSON 1.0 services do.
 *
 * @module
 */
import { SwfServiceError } from '../errors.js';
import type { SwfOperationName } from '../operations.js';
import type { ShapeRule } from './rule-types.js';
import { OPERATION_INPUT_SHAPES, SHAPE_RULES } from './validation-rules.js';

/** One broken constraint: where, which value, and what it failed to satisfy. */
export interface ValidationViolation {
  /** AWS's path to the value, e.g. `decisions.1.member.scheduleActivityTaskDecisionAttributes.activityId`. */
  readonly path: string;
  /** The offending value; `null` for a missing member. */
  readonly value: unknown;
  /** The constraint in AWS's words, e.g. `Member must not be null`. */
  readonly constraint: string;
}

/** Values longer than this many characters are cut in messages (SWF values reach 32 KB). */
const MAX_SHOWN_VALUE_LENGTH = 128;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Checks the body of an `operation` request against the model and answers the constraints it
 * breaks, in the order of the model's members (an empty list when the body is valid).
 *
 * @throws {@link SwfServiceError} `SerializationException` when a member has the wrong JSON type
 *   (a number where a string belongs, an object where a list belongs, and so on).
 */
export function validateOperationInput(
  operation: SwfOperationName,
  input: Readonly<Record<string, unknown>>,
): ValidationViolation[] {
  const violations: ValidationViolation[] = [];
  checkValue(OPERATION_INPUT_SHAPES[operation], input, '', violations);
  return violations;
}

/** One violation as AWS words it: `Value '<value>' at '<path>' failed to satisfy constraint: <constraint>`. */
export function describeViolation(violation: ValidationViolation): string {
  return `Value ${showValue(violation.value)} at '${violation.path}' failed to satisfy constraint: ${violation.constraint}`;
}

/**
 * The message of a `ValidationException`: `1 validation error detected: ...`, or
 * `N validation errors detected: a; b` for several.
 */
export function validationMessage(violations: readonly ValidationViolation[]): string {
  const count = violations.length;
  const noun = count === 1 ? 'error' : 'errors';
  return `${count} validation ${noun} detected: ${violations.map(describeViolation).join('; ')}`;
}

/** The `ValidationException` that answers a request breaking `violations` (at least one). */
export function validationException(violations: readonly ValidationViolation[]): SwfServiceError {
  return new SwfServiceError('ValidationException', validationMessage(violations));
}

function checkValue(shapeName: string, value: unknown, path: string, out: ValidationViolation[]) {
  const rule = SHAPE_RULES[shapeName];
  if (rule === undefined) throw new Error(`No validation rule for shape ${shapeName}`);
  switch (rule.type) {
    case 'structure': {
      const object = expectObject(value, rule, path);
      for (const [name, memberShape] of Object.entries(rule.members)) {
        const member = Object.hasOwn(object, name) ? object[name] : undefined;
        const memberPath = path === '' ? name : `${path}.${name}`;
        if (member === undefined || member === null) {
          if (rule.required?.includes(name)) {
            out.push({ path: memberPath, value: null, constraint: 'Member must not be null' });
          }
          continue;
        }
        checkValue(memberShape, member, memberPath, out);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) throw serializationError(value, rule, path);
      checkRange('length', value.length, value, rule, path, out);
      value.forEach((element: unknown, index) => {
        const elementPath = `${path}.${index + 1}.member`;
        if (element === null || element === undefined) {
          out.push({ path: elementPath, value: null, constraint: 'Member must not be null' });
        } else {
          checkValue(rule.member, element, elementPath, out);
        }
      });
      return;
    }
    case 'map': {
      const object = expectObject(value, rule, path);
      const entries = Object.entries(object);
      checkRange('length', entries.length, value, rule, path, out);
      for (const [key, entry] of entries) {
        checkValue(rule.key, key, `${path}.${key}.key`, out);
        if (entry === null || entry === undefined) {
          out.push({
            path: `${path}.${key}.value`,
            value: null,
            constraint: 'Member must not be null',
          });
        } else {
          checkValue(rule.value, entry, `${path}.${key}.value`, out);
        }
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') throw serializationError(value, rule, path);
      if (rule.enum !== undefined && !rule.enum.includes(value)) {
        out.push({
          path,
          value,
          constraint: `Member must satisfy enum value set: [${rule.enum.join(', ')}]`,
        });
      }
      checkRange('length', value.length, value, rule, path, out);
      return;
    }
    case 'integer':
    case 'long': {
      const [low, high] =
        rule.type === 'integer'
          ? [INT32_MIN, INT32_MAX]
          : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > high) {
        throw serializationError(value, rule, path);
      }
      checkRange('value', value, value, rule, path, out);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw serializationError(value, rule, path);
      return;
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw serializationError(value, rule, path);
      }
      return;
  }
}

function expectObject(
  value: unknown,
  rule: ShapeRule,
  path: string,
): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw serializationError(value, rule, path);
  }
  return value as Readonly<Record<string, unknown>>;
}

/** Checks `measured` (a length, or the value itself) against the rule's min and max. */
function checkRange(
  what: 'length' | 'value',
  measured: number,
  value: unknown,
  rule: { readonly min?: number; readonly max?: number },
  path: string,
  out: ValidationViolation[],
) {
  if (rule.min !== undefined && measured < rule.min) {
    out.push({
      path,
      value,
      constraint: `Member must have ${what} greater than or equal to ${rule.min}`,
    });
  }
  if (rule.max !== undefined && measured > rule.max) {
    out.push({
      path,
      value,
      constraint: `Member must have ${what} less than or equal to ${rule.max}`,
    });
  }
}

const TARGET_NAMES: Record<ShapeRule['type'], string> = {
  structure: 'a Structure',
  list: 'a List',
  map: 'a Map',
  string: 'a String',
  integer: 'an Integer',
  long: 'a Long',
  boolean: 'a Boolean',
  timestamp: 'a Timestamp',
};

/** A `SerializationException` in the style of AWS's JSON deserializer, plus where it happened. */
function serializationError(value: unknown, rule: ShapeRule, path: string): SwfServiceError {
  const where = path === '' ? 'the request body' : `'${path}'`;
  let message: string;
  if (Array.isArray(value)) {
    message = 'Start of list found where not expected';
  } else if (typeof value === 'object' && value !== null) {
    message = 'Start of structure or map found where not expected';
  } else {
    message = `${jsonTokenName(value)} can not be converted to ${TARGET_NAMES[rule.type]}`;
  }
  return new SwfServiceError('SerializationException', `${message} (at ${where})`);
}

function jsonTokenName(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return 'STRING_VALUE';
    case 'number':
      return 'NUMBER_VALUE';
    case 'boolean':
      return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
    default:
      return 'NULL_VALUE';
  }
}

function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const text = render(value);
  const shown =
    text.length > MAX_SHOWN_VALUE_LENGTH ? `${text.slice(0, MAX_SHOWN_VALUE_LENGTH)}...` : text;
  return `'${shown}'`;
}

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
