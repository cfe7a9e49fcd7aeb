/**
 * fast-check arbitraries for SWF requests, driven by the validation rules generated from the
 * official API model: inputs that are mostly valid (so they reach deep into the model), with
 * wrong types, missing members, unknown members and values just past their limits mixed in.
 */
import fc from 'fast-check';
import type { SwfOperationName } from 'swf-activity-worker/fake';
import type { ShapeRule } from '../../../src/fake/protocol/rule-types.js';
import {
  OPERATION_INPUT_SHAPES,
  SHAPE_RULES,
} from '../../../src/fake/protocol/validation-rules.js';

/** Strings worth trying for members of a given name: names the model knows, tokens, ids. */
export interface StringPools {
  /** By member name, e.g. `domain`, `taskToken`, `workflowId`. */
  readonly byMember: Readonly<Record<string, readonly string[]>>;
  /** For any string member. */
  readonly any: readonly string[];
}

const ABSENT = Symbol('absent');
const MAX_DEPTH = 6;

/** A value of the wrong JSON type for wherever it lands. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** Arbitrary inputs for SWF operations. */
export class SwfArbitraries {
  readonly #pools: StringPools;

  constructor(pools: StringPools) {
    this.#pools = pools;
  }

  /** An operation and an input for it. */
  request(): fc.Arbitrary<{ operation: SwfOperationName; input: unknown }> {
    const operations = Object.keys(OPERATION_INPUT_SHAPES) as SwfOperationName[];
    return fc.constantFrom(...operations).chain((operation) =>
      this.shape(OPERATION_INPUT_SHAPES[operation], operation, 0).map((input) => ({
        operation,
        input,
      })),
    );
  }

  /** A value for `shapeName`, found as member `member`. */
  shape(shapeName: string, member: string, depth: number): fc.Arbitrary<unknown> {
    const rule = SHAPE_RULES[shapeName];
    if (rule === undefined) return wrongType;
    const valid = this.#valid(rule, member, depth);
    if (depth === 0) return valid;
    return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: wrongType });
  }

  #valid(rule: ShapeRule, member: string, depth: number): fc.Arbitrary<unknown> {
    switch (rule.type) {
      case 'structure':
        return this.#structure(rule.members, rule.required ?? [], depth);
      case 'list': {
        if (depth >= MAX_DEPTH) return fc.constant([]);
        const element = this.shape(rule.member, member, depth + 1);
        const max = Math.min(rule.max ?? 3, 3);
        const lists = [
          fc.array(element, { minLength: Math.min(rule.min ?? 0, max), maxLength: max }),
        ];
        // One element too many, when the limit is small enough to build.
        if (rule.max !== undefined && rule.max <= 100) {
          lists.push(fc.array(element, { minLength: rule.max + 1, maxLength: rule.max + 1 }));
        }
        return fc.oneof(
          { weight: 8, arbitrary: lists[0] as fc.Arbitrary<unknown[]> },
          ...lists.slice(1),
        );
      }
      case 'map': {
        if (depth >= MAX_DEPTH) return fc.constant({});
        return fc.dictionary(
          fc.string({ maxLength: 10 }),
          this.shape(rule.value, member, depth + 1),
          { maxKeys: 3 },
        );
      }
      case 'string':
        return this.#string(member, rule.enum, rule.min, rule.max);
      case 'integer':
      case 'long':
        return fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: rule.min ?? 0, max: rule.max ?? 1000 }) },
          {
            weight: 1,
            arbitrary: fc.constantFrom(-1, 0, 1.5, 2 ** 31, 2 ** 53, Number.MAX_VALUE),
          },
        );
      case 'boolean':
        return fc.boolean();
      case 'timestamp':
        return fc.oneof(
          fc.integer({ min: 0, max: 4_000_000_000 }),
          fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
        );
    }
  }

  #structure(
    members: Readonly<Record<string, string>>,
    required: readonly string[],
    depth: number,
  ): fc.Arbitrary<unknown> {
    if (depth >= MAX_DEPTH) return fc.constant({});
    const entries = Object.entries(members).map(([name, shape]) => {
      const value = this.shape(shape, name, depth + 1);
      const presence = required.includes(name) ? 12 : 2;
      return fc
        .oneof(
          { weight: presence, arbitrary: value },
          { weight: 1, arbitrary: fc.constant(ABSENT) },
        )
        .map((member) => [name, member] as const);
    });
    const unknownMember = fc.option(
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), wrongType),
      { freq: 10 },
    );
    return fc.tuple(fc.tuple(...entries), unknownMember).map(([pairs, extra]) => {
      const value: Record<string, unknown> = {};
      for (const [name, member] of pairs) if (member !== ABSENT) value[name] = member;
      if (extra !== null) value[extra[0]] = extra[1];
      return value;
    });
  }

  #string(
    member: string,
    values: readonly string[] | undefined,
    min: number | undefined,
    max: number | undefined,
  ): fc.Arbitrary<string> {
    const choices: fc.WeightedArbitrary<string>[] = [
      { weight: 2, arbitrary: fc.string({ maxLength: 24 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
      { weight: 1, arbitrary: fc.constantFrom(...this.#pools.any) },
    ];
    const pool = this.#pools.byMember[member];
    if (pool !== undefined && pool.length > 0) {
      choices.push({ weight: 8, arbitrary: fc.constantFrom(...pool) });
    }
    if (values !== undefined && values.length > 0) {
      choices.push({ weight: 8, arbitrary: fc.constantFrom(...values) });
    }
    if (max !== undefined && max <= 40_000) {
      choices.push({ weight: 1, arbitrary: fc.constant('x'.repeat(max + 1)) });
      choices.push({ weight: 1, arbitrary: fc.constant('é'.repeat(max)) });
    }
    if (min !== undefined && min > 0) choices.push({ weight: 1, arbitrary: fc.constant('') });
    return fc.oneof(...choices);
  }
}
