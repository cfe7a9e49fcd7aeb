/**
 * The form of the validation rules generated from the SWF API model
 * (see `validation-rules.ts`): one rule per shape, referring to other shapes by name.
 *
 * @module
 */

/** A structure: named members, each of a shape, some of them required. */
export interface StructureRule {
  readonly type: 'structure';
  /** Members that must be present and not null. */
  readonly required?: readonly string[];
  /** Member name to shape name, in the model's order. */
  readonly members: Readonly<Record<string, string>>;
}

/** A list of members of one shape, with bounds on its length. */
export interface ListRule {
  readonly type: 'list';
  /** The shape of each member. */
  readonly member: string;
  readonly min?: number;
  readonly max?: number;
}

/** A map from keys of one shape to values of another, with bounds on its size. */
export interface MapRule {
  readonly type: 'map';
  readonly key: string;
  readonly value: string;
  readonly min?: number;
  readonly max?: number;
}

/** A string, with bounds on its length (in UTF-16 code units) or a set of allowed values. */
export interface StringRule {
  readonly type: 'string';
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/** A whole number: `integer` is 32-bit, `long` 64-bit (in JSON, up to 2^53 here). */
export interface NumberRule {
  readonly type: 'integer' | 'long';
  readonly min?: number;
  readonly max?: number;
}

/** A boolean. */
export interface BooleanRule {
  readonly type: 'boolean';
}

/** A point in time; JSON 1.0 carries it as epoch seconds (a number, possibly fractional). */
export interface TimestampRule {
  readonly type: 'timestamp';
}

/** The rule of one shape of the model. */
export type ShapeRule =
  | StructureRule
  | ListRule
  | MapRule
  | StringRule
  | NumberRule
  | BooleanRule
  | TimestampRule;
