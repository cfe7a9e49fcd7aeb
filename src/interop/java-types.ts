/**
 * Java type names as the AWS Flow Framework for Java's converter (Jackson with default typing)
 * writes them, the TypeScript type each one stands for, and the marks that carry a Java class
 * name on a JavaScript value.
 */

/** Java's primitive number types. */
export type JavaPrimitiveNumberType = 'int' | 'long' | 'double' | 'float' | 'short' | 'byte';

/** Java's boxed number types (nullable). */
export type JavaBoxedNumberType =
  | 'java.lang.Integer'
  | 'java.lang.Long'
  | 'java.lang.Double'
  | 'java.lang.Float'
  | 'java.lang.Short'
  | 'java.lang.Byte';

/**
 * A Java type as written in a method's signature: a primitive (`'int'`, `'boolean'`, ...), a
 * JDK type (`'java.lang.String'`, `'java.util.List'`, `'java.util.Map'`, `'java.util.Date'`,
 * ...) or the binary name of one of your classes (`'com.acme.Order'`, `'com.acme.Outer$Inner'`).
 */
export type JavaTypeName =
  | JavaPrimitiveNumberType
  | JavaBoxedNumberType
  | 'boolean'
  | 'java.lang.Boolean'
  | 'java.lang.String'
  | 'java.util.List'
  | 'java.util.Collection'
  | 'java.util.Set'
  | 'java.util.Map'
  | 'java.util.Date'
  | (string & {});

/** A Java method's return type: any {@link JavaTypeName}, or `'void'`. */
export type JavaReturnType = JavaTypeName | 'void';

/**
 * What a handler receives for a Java parameter of type `T`. Scalars are checked; the contents
 * of collections, maps and classes carry no type the codec could check, so they are taken on
 * trust (`never`): annotate them in the handler.
 */
export type JavaArgument<T extends string> = T extends JavaPrimitiveNumberType
  ? number
  : T extends JavaBoxedNumberType
    ? number | null
    : T extends 'boolean'
      ? boolean
      : T extends 'java.lang.Boolean'
        ? boolean | null
        : T extends 'java.lang.String'
          ? string | null
          : T extends 'java.util.Date'
            ? Date | null
            : never;

/** The arguments a handler receives for the Java parameter types `P` (`unknown[]` when not given). */
export type JavaArguments<P extends readonly string[] | undefined> = P extends readonly string[]
  ? { -readonly [K in keyof P]: JavaArgument<P[K] & string> }
  : unknown[];

/** What a handler may return for the Java return type `T`. */
export type JavaResult<T extends string> = T extends 'void'
  ? // biome-ignore lint/suspicious/noConfusingVoidType: a handler of a void method returns Promise<void>
    void | null
  : T extends 'long' | 'java.lang.Long'
    ? JavaArgument<T> | bigint
    : T extends 'java.util.Date'
      ? Date | number | null
      : T extends 'java.util.List' | 'java.util.Collection' | 'java.util.Set'
        ? Iterable<unknown> | null
        : [JavaArgument<T>] extends [never]
          ? object | null // a map or a class
          : JavaArgument<T>;

/** Where decoded values keep their Java class (`null`: written bare, with no type id). */
const javaClasses = new WeakMap<object, string | null>();

/**
 * The Java class a value decoded from Flow's input had (`'com.acme.Order'`,
 * `'java.util.ArrayList'`, ...), or `undefined` when it had none (written bare, or made in
 * JavaScript). Results keep the classes of values that still carry them.
 *
 * @example
 * ```ts
 * async handler([order]: [Order]) {
 *   javaClassOf(order); // 'com.acme.Order'
 * }
 * ```
 */
export function javaClassOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null
    ? (javaClasses.get(value) ?? undefined)
    : undefined;
}

/** The mark a decoded or tagged value carries: a class name, `null` for bare, `undefined` for none. */
export function javaMarkOf(value: object): string | null | undefined {
  return javaClasses.get(value);
}

/** Marks `value` with its Java class (`null`: it had no type id). */
export function markJavaClass<T extends object>(value: T, className: string | null): T {
  javaClasses.set(value, className);
  return value;
}

/**
 * A value to write with a Java type id, as Jackson writes a value in a slot of a non-final type:
 * `[className, value]`. Use it inside results where the class cannot be guessed (a nested
 * object of one of your classes, a `Long` in a `List<Long>`); see {@link javaTyped}.
 */
export class JavaTypedValue {
  /** The Java class name written as the type id. */
  readonly className: string;
  /** The value written after it. */
  readonly value: unknown;

  /** Prefer {@link javaTyped}. */
  constructor(className: string, value: unknown) {
    checkJavaClassName(className, 'javaTyped');
    this.className = className;
    this.value = value;
    Object.freeze(this);
  }
}

/**
 * Writes `value` with the Java type id `className`: for nested values whose class the codec
 * cannot guess (by default, nested arrays are written as `java.util.ArrayList`, objects as
 * `java.util.HashMap`, numbers bare).
 *
 * @example
 * ```ts
 * return { id: 'o1', shipTo: javaTyped('com.acme.Address', { city: 'Lyon' }) };
 * return [javaTyped('java.lang.Long', 5)]; // a List<Long>
 * ```
 */
export function javaTyped(className: string, value: unknown): JavaTypedValue {
  return new JavaTypedValue(className, value);
}

/**
 * Writes an object or array bare, without a type id, as Jackson writes a value in a slot of a
 * final type (a `String[]` or `int[]` field, a final class, an enum).
 *
 * @example
 * ```ts
 * return { id: 'o1', codes: javaUntyped(['A', 'B']) }; // a String[] field
 * ```
 */
export function javaUntyped<T extends object>(value: T): T {
  return markJavaClass(value, null);
}

/** `[Ljava.lang.String;`, `[I`, `java.util.ArrayList`, `com.acme.Outer$Inner`. */
const JAVA_CLASS_NAME =
  /^(?:\[+(?:[ZBCSIJFD]|L[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*;)|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)$/;

/** Whether `text` is a Java class name as Jackson writes type ids (a package is required). */
export function isJavaClassName(text: string): boolean {
  return JAVA_CLASS_NAME.test(text);
}

/** Throws a TypeError naming `where` unless `name` is a Java class name. */
export function checkJavaClassName(name: unknown, where: string): asserts name is string {
  if (typeof name !== 'string' || !isJavaClassName(name)) {
    throw new TypeError(
      `${where}: expected a Java class name with its package, such as 'com.acme.Order' or 'java.lang.IllegalStateException'; got ${JSON.stringify(name)}`,
    );
  }
}
