import type { ActivityCodec } from '../activity/codec.js';
import { MAX_REASON_LENGTH, truncate } from '../limits/swf-limits.js';
import { notInFormat, parseInputJson } from './input-format.js';
import { fromJackson, numberJson, toJackson } from './jackson-values.js';
import { DEFAULT_JAVA_EXCEPTION_CLASS, javaExceptionDetails } from './java-exception.js';
import {
  checkJavaClassName,
  type JavaArguments,
  type JavaResult,
  type JavaReturnType,
  type JavaTypeName,
} from './java-types.js';
import { thrownMessage } from './stack-frames.js';

/** Options of {@link javaFlowCodec}. */
export interface JavaFlowCodecOptions<
  Returns extends JavaReturnType,
  Parameters extends readonly JavaTypeName[] | undefined,
> {
  /**
   * The Java return type of the activity method (`'void'`, `'java.lang.String'`, `'int'`,
   * `'long'`, `'double'`, `'boolean'`, `'java.util.List'`, `'java.util.Map'`, or a class such as
   * `'com.acme.Order'`): the result is written as Flow's own worker writes a value of that type,
   * and the handler's result is typed by it.
   */
  readonly returns: Returns;
  /**
   * The Java parameter types of the activity method, in order. Given, arguments are checked
   * against them (missing trailing ones are filled with Java's defaults, as Flow's worker does)
   * and the handler's arguments are typed by them.
   *
   * @defaultValue none: arguments as they come (`unknown[]`)
   */
  readonly parameters?: Parameters;
  /**
   * The Java class of the exception a thrown value becomes (each cause is asked too). The class
   * must be on the decider's classpath with a constructor taking the message (as every standard
   * exception has), or the decider cannot rebuild it.
   * @defaultValue `() => 'java.lang.RuntimeException'`
   */
  readonly exceptionClass?: (error: unknown) => string;
}

/** The format of Flow's input, named in the error for input in any other. */
const INPUT_FORMAT =
  'the AWS Flow Framework for Java\'s input format, ["[Ljava.lang.Object;",[...arguments]] (Jackson with default typing)';

/**
 * The codec of activities scheduled by a decider written with the AWS Flow Framework for Java
 * (its default `JsonDataConverter`):
 * - input: Flow's argument array, `["[Ljava.lang.Object;",[...]]`, given to the handler as the
 *   array of arguments, with Jackson's type wrappers taken off (boxed numbers, collections and
 *   maps become plain values, an object of one of your classes a plain object whose class
 *   {@link javaClassOf} gives); other input fails the task with `InputDecodingError`;
 * - result: written as Flow's worker writes a value of the `returns` type;
 * - failure: the reason is the error's message (as Java's `getMessage()`), the details a Java
 *   exception of the class `exceptionClass` gives, with the message, the stack and the chain of
 *   causes, which the decider rebuilds as the cause of its `ActivityTaskFailedException`;
 * - heartbeat details: strings as they are (Flow's are strings), other values as JSON;
 * - cancellation: no details, as Flow's worker sends.
 *
 * @example
 * ```ts
 * // Java: @Activities(version = "1.0") interface OrderActivities { String charge(String orderId, int cents); }
 * const charge = defineActivity({
 *   name: 'OrderActivities.charge',
 *   version: '1.0',
 *   codec: javaFlowCodec({
 *     parameters: ['java.lang.String', 'int'],
 *     returns: 'java.lang.String',
 *     exceptionClass: (error) =>
 *       error instanceof CardDeclined ? 'com.acme.CardDeclinedException' : 'java.lang.IllegalStateException',
 *   }),
 *   async handler([orderId, cents]) {
 *     return `charged ${cents} for ${orderId}`;
 *   },
 * });
 * ```
 */
export function javaFlowCodec<
  const Returns extends JavaReturnType,
  const Parameters extends readonly JavaTypeName[] | undefined = undefined,
>(
  options: JavaFlowCodecOptions<Returns, Parameters>,
): ActivityCodec<JavaArguments<Parameters>, JavaResult<Returns>> {
  const { returns, parameters } = options;
  if (typeof options !== 'object' || options === null || typeof returns !== 'string') {
    throw new TypeError(
      "javaFlowCodec: `returns` must name the activity method's Java return type, such as 'void', 'java.lang.String' or 'com.acme.Order'",
    );
  }
  if (!RETURN_WRITERS.has(returns)) checkJavaClassName(returns, 'javaFlowCodec `returns`');
  if (parameters !== undefined) {
    if (!Array.isArray(parameters)) {
      throw new TypeError('javaFlowCodec: `parameters` must be an array of Java type names');
    }
    for (const parameter of parameters) {
      if (!RETURN_WRITERS.has(parameter) || parameter === 'void') {
        checkJavaClassName(parameter, 'javaFlowCodec `parameters`');
      }
    }
  }
  const exceptionClass = options.exceptionClass ?? (() => DEFAULT_JAVA_EXCEPTION_CLASS);
  if (typeof exceptionClass !== 'function') {
    throw new TypeError('javaFlowCodec: `exceptionClass` must be a function of the thrown value');
  }
  const writeResult = RETURN_WRITERS.get(returns) ?? classWriter(returns);
  return {
    decodeInput(input) {
      const args = decodeArguments(input);
      return (
        parameters === undefined ? args : checkArguments(args, parameters)
      ) as JavaArguments<Parameters>;
    },
    encodeResult: (result) => writeResult(result),
    encodeDetails: (details) =>
      details === undefined
        ? undefined
        : typeof details === 'string'
          ? details
          : JSON.stringify(details),
    encodeFailure: (error) => ({
      reason: truncate(thrownMessage(error), MAX_REASON_LENGTH),
      details: javaExceptionDetails(error, exceptionClass),
    }),
    encodeCanceled: () => undefined,
  };
}

function decodeArguments(input: string | undefined): unknown[] {
  // Flow always sends its array; none at all is a method without arguments.
  if (input === undefined || input === '') return [];
  const json = parseInputJson(input, INPUT_FORMAT);
  if (
    !Array.isArray(json) ||
    json.length !== 2 ||
    json[0] !== '[Ljava.lang.Object;' ||
    !Array.isArray(json[1])
  ) {
    throw notInFormat(input, INPUT_FORMAT);
  }
  return (json[1] as unknown[]).map(fromJackson);
}

/** Java's defaults for parameters a decider did not send (an older version of the method). */
function defaultArgument(type: string): unknown {
  if (type === 'boolean') return false;
  return PRIMITIVE_NUMBERS.has(type) ? 0 : null;
}

function checkArguments(args: unknown[], parameters: readonly string[]): unknown[] {
  return parameters.map((type, index) => {
    if (index >= args.length) return defaultArgument(type);
    const value = args[index];
    const expected = ARGUMENT_KINDS.get(type);
    if (expected === undefined) return value;
    const nullable = !PRIMITIVE_NUMBERS.has(type) && type !== 'boolean';
    if ((value === null && nullable) || expected(value)) return value;
    throw new TypeError(
      `Argument ${index + 1} should be a Java ${type}, got ${truncate(JSON.stringify(value) ?? String(value), 100)}; check \`parameters\` against the Java method`,
    );
  });
}

const PRIMITIVE_NUMBERS = new Set(['int', 'long', 'double', 'float', 'short', 'byte']);

const isNumber = (value: unknown) => typeof value === 'number';
const isInteger = (value: unknown) => Number.isInteger(value);
const ARGUMENT_KINDS = new Map<string, (value: unknown) => boolean>([
  ['int', isInteger],
  ['long', isInteger],
  ['short', isInteger],
  ['byte', isInteger],
  ['double', isNumber],
  ['float', isNumber],
  ['java.lang.Integer', isInteger],
  ['java.lang.Long', isInteger],
  ['java.lang.Short', isInteger],
  ['java.lang.Byte', isInteger],
  ['java.lang.Double', isNumber],
  ['java.lang.Float', isNumber],
  ['boolean', (value) => typeof value === 'boolean'],
  ['java.lang.Boolean', (value) => typeof value === 'boolean'],
  ['java.lang.String', (value) => typeof value === 'string'],
  ['java.util.Date', (value) => value instanceof Date],
]);

type ResultWriter = (result: unknown) => string;

const INT_RANGE: Record<string, readonly [number, number]> = {
  int: [-(2 ** 31), 2 ** 31 - 1],
  short: [-(2 ** 15), 2 ** 15 - 1],
  byte: [-(2 ** 7), 2 ** 7 - 1],
  long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** A value of a primitive or boxed scalar type: bare, as Jackson writes a root value of a final type. */
function scalarWriter(type: string, nullable: boolean): ResultWriter {
  const base = type.startsWith('java.lang.') ? type.slice(10).toLowerCase() : type;
  const kind = base === 'integer' ? 'int' : base;
  return (result) => {
    if (result === null || result === undefined) {
      if (nullable) return 'null';
      throw new TypeError(`The result must be a ${type}, got ${String(result)}`);
    }
    switch (kind) {
      case 'boolean':
        if (typeof result === 'boolean') return String(result);
        break;
      case 'string':
        if (typeof result === 'string') return JSON.stringify(result);
        break;
      case 'double':
      case 'float':
        if (typeof result === 'number') return numberJson(result);
        break;
      default: {
        const range = INT_RANGE[kind];
        if (kind === 'long' && typeof result === 'bigint') return String(result);
        if (range !== undefined && Number.isInteger(result)) {
          const value = result as number;
          if (value >= range[0] && value <= range[1]) return String(value);
        }
      }
    }
    throw new TypeError(
      `The result must be a Java ${type}, got ${truncate(safeJson(result), 100)}; check \`returns\` against the Java method`,
    );
  };
}

/** A value written with a type id: `[className, value]` (the value's own class when it has one). */
function typedWriter(
  className: string,
  check: (value: object) => boolean,
  what: string,
): ResultWriter {
  return (result) => {
    if (result === null || result === undefined) return 'null';
    if (typeof result !== 'object' || !check(result)) {
      throw new TypeError(
        `The result must be ${what} (the Java ${className}), got ${truncate(safeJson(result), 100)}; check \`returns\` against the Java method`,
      );
    }
    return toJackson(result, className, 'result');
  };
}

function classWriter(className: string): ResultWriter {
  return typedWriter(
    className,
    (value) => !Array.isArray(value) && !(value instanceof Set),
    'an object',
  );
}

const isIterable = (value: object) => Array.isArray(value) || value instanceof Set;
const isMapLike = (value: object) => !isIterable(value) && !(value instanceof Date);

const RETURN_WRITERS = new Map<string, ResultWriter>([
  ['void', () => 'null'],
  ['java.lang.String', scalarWriter('java.lang.String', true)],
  ...(['int', 'long', 'double', 'float', 'short', 'byte', 'boolean'] as const).map(
    (type) => [type, scalarWriter(type, false)] as const,
  ),
  ...(
    [
      'java.lang.Integer',
      'java.lang.Long',
      'java.lang.Double',
      'java.lang.Float',
      'java.lang.Short',
      'java.lang.Byte',
      'java.lang.Boolean',
    ] as const
  ).map((type) => [type, scalarWriter(type, true)] as const),
  ['java.util.List', typedWriter('java.util.ArrayList', isIterable, 'an array')],
  ['java.util.Collection', typedWriter('java.util.ArrayList', isIterable, 'an array')],
  ['java.util.Set', typedWriter('java.util.HashSet', isIterable, 'an array or a Set')],
  ['java.util.Map', typedWriter('java.util.HashMap', isMapLike, 'an object or a Map')],
  ['java.util.Date', dateWriter],
]);

function dateWriter(result: unknown): string {
  if (result === null || result === undefined) return 'null';
  const date = typeof result === 'number' ? new Date(result) : result;
  if (!(date instanceof Date)) {
    throw new TypeError(
      `The result must be a Date (the Java java.util.Date), got ${safeJson(result)}`,
    );
  }
  return toJackson(date, 'java.util.Date', 'result');
}

function safeJson(value: unknown): string {
  try {
    return typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
