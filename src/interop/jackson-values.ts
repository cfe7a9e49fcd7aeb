/**
 * Values to and from JSON as Jackson writes them with default typing (`NON_FINAL`, type ids as
 * `WRAPPER_ARRAY`), the settings of the AWS Flow Framework for Java's converter.
 */
import { isJavaClassName, JavaTypedValue, javaMarkOf, markJavaClass } from './java-types.js';

/** Boxed types whose value Jackson writes as a JSON number. */
const NUMBER_CLASSES = new Set([
  'java.lang.Integer',
  'java.lang.Long',
  'java.lang.Short',
  'java.lang.Byte',
  'java.lang.Float',
  'java.lang.Double',
  'java.math.BigDecimal',
  'java.math.BigInteger',
  'java.util.concurrent.atomic.AtomicInteger',
  'java.util.concurrent.atomic.AtomicLong',
]);

/**
 * Takes Jackson's type wrappers off a parsed JSON value, recursively: boxed numbers, strings,
 * characters and booleans become JavaScript scalars, `java.util.Date` a `Date`, arrays,
 * collections, maps and class wrappers plain arrays and objects that keep their class (see
 * {@link javaClassOf}). Arrays and objects written bare keep a `null` class, so that they are
 * written bare again.
 */
export function fromJackson(json: unknown): unknown {
  if (Array.isArray(json)) {
    const [typeId, value] = json;
    if (json.length === 2 && typeof typeId === 'string' && isJavaClassName(typeId)) {
      const typed = fromTyped(typeId, value);
      if (typed !== NOT_TYPED) return typed;
    }
    return markJavaClass(json.map(fromJackson), null);
  }
  if (typeof json === 'object' && json !== null) return markJavaClass(mapFields(json), null);
  return json;
}

const NOT_TYPED = Symbol('not a type wrapper');

function fromTyped(typeId: string, value: unknown): unknown {
  if (NUMBER_CLASSES.has(typeId)) return typeof value === 'number' ? value : NOT_TYPED;
  switch (typeId) {
    case 'java.lang.String':
    case 'java.lang.Character':
      return typeof value === 'string' ? value : NOT_TYPED;
    case 'java.lang.Boolean':
      return typeof value === 'boolean' ? value : NOT_TYPED;
    case 'java.util.Date':
      return typeof value === 'number' ? new Date(value) : NOT_TYPED;
  }
  if (Array.isArray(value)) return markJavaClass(value.map(fromJackson), typeId);
  if (typeof value === 'object' && value !== null) {
    return markJavaClass(mapFields(value), typeId);
  }
  // An enum, a UUID, a URI...: the value Jackson writes for them, as it is.
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return NOT_TYPED;
}

function mapFields(object: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) fields[key] = fromJackson(value);
  return fields;
}

/**
 * JSON text for `value` as Jackson would write it with Flow's settings. `rootClass` is the type
 * id written for an object or array (`undefined`: the nested rules). Nested values:
 * strings, numbers, booleans and `null` bare (`bigint` as `java.lang.Long`, `Date` as
 * `java.util.Date`); values with a Java class ({@link javaTyped}, or decoded from Flow's input)
 * with it; values marked bare ({@link javaUntyped}) without; other arrays and `Set`s as
 * `java.util.ArrayList` / `java.util.HashSet`, other objects and `Map`s as `java.util.HashMap`.
 * `path` names the value in errors.
 */
export function toJackson(
  value: unknown,
  rootClass: string | null | undefined,
  path: string,
): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof JavaTypedValue) {
    return `[${JSON.stringify(value.className)},${toJackson(value.value, null, path)}]`;
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return numberJson(value);
    case 'bigint':
      return rootClass === undefined ? `["java.lang.Long",${value}]` : String(value);
    case 'object':
      break;
    default:
      throw new TypeError(`${path}: a ${typeof value} has no Java counterpart`);
  }
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) throw new TypeError(`${path}: an invalid Date`);
    return rootClass === null ? String(time) : `["java.util.Date",${time}]`;
  }
  const mark = javaMarkOf(value);
  const typeId = mark !== undefined ? mark : rootClass;
  let body: string;
  let defaultClass: string;
  if (Array.isArray(value) || value instanceof Set) {
    const items = Array.from(value as Iterable<unknown>, (item, index) =>
      toJackson(item, undefined, `${path}[${index}]`),
    );
    body = `[${items.join(',')}]`;
    defaultClass = value instanceof Set ? 'java.util.HashSet' : 'java.util.ArrayList';
  } else {
    const entries =
      value instanceof Map
        ? Array.from(value, ([k, v]) => [String(k), v] as const)
        : Object.entries(value);
    const fields: string[] = [];
    for (const [key, field] of entries) {
      if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
      fields.push(`${JSON.stringify(key)}:${toJackson(field, undefined, `${path}.${key}`)}`);
    }
    body = `{${fields.join(',')}}`;
    defaultClass = 'java.util.HashMap';
  }
  if (typeId === null) return body;
  return `[${JSON.stringify(typeId ?? defaultClass)},${body}]`;
}

/** A JSON number; the values JSON lacks as Jackson writes them (`"NaN"`, `"Infinity"`). */
export function numberJson(value: number): string {
  return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
}
