/**
 * javaFlowCodec against the AWS Flow Framework for Java's converter on the real Jackson: input
 * written by Jackson is decoded, and what the codec writes is what Flow's own worker writes, and
 * what a Flow decider reads back as the declared types and exceptions.
 */
import {
  type JavaReturnType,
  javaClassOf,
  javaFlowCodec,
  javaTyped,
  javaUntyped,
  simpleflowCodec,
} from 'swf-activity-worker/interop';
import { describe, expect, it } from 'vitest';
import { hostileValues } from '../support/hostile-values.js';
import { flowJackson, flowToData } from './support/flow-jackson.js';

const ORDER = {
  id: 'o-1',
  qty: 3,
  tags: ['gift', 'express'],
  prices: { book: 1250 },
  shipTo: { city: 'Lyon', zip: 69001 },
  codes: ['A', 'B'],
  total: 5_000_000_000,
  createdAt: new Date(1_700_000_000_000),
};

function decode(input: string | undefined): unknown[] {
  return javaFlowCodec({ returns: 'void' }).decodeInput(input);
}

function encode(returns: JavaReturnType, value: unknown): string | undefined {
  return javaFlowCodec({ returns }).encodeResult(value as never);
}

describe("javaFlowCodec input, as Jackson writes a Flow decider's arguments", () => {
  it('takes the type wrappers off boxed types, collections, maps, arrays and classes', async () => {
    const [stringInt, none, boxed, collections, order, dateEnum] = await flowToData(
      'args:string-int',
      'args:none',
      'args:boxed',
      'args:collections',
      'args:order',
      'args:date-enum',
    );
    expect(stringInt).toBe('["[Ljava.lang.Object;",["hello",42]]');
    expect(decode(stringInt)).toEqual(['hello', 42]);
    expect(decode(none)).toEqual([]);
    expect(decode(boxed)).toEqual([5, 1.5, 2.5, true, null, 3, 1, 'c', 1.25, 12345678901234]);

    const lists = decode(collections);
    expect(lists).toEqual([['a', 'b'], { k: 1 }, [7], ['x'], { n: [1, 2] }, ['s'], [1, 2]]);
    expect(lists.map(javaClassOf)).toEqual([
      'java.util.ArrayList',
      'java.util.HashMap',
      'java.util.LinkedList',
      'java.util.HashSet',
      'java.util.TreeMap',
      '[Ljava.lang.String;',
      '[I',
    ]);

    const [decodedOrder, note] = decode(order) as [typeof ORDER, string];
    expect(decodedOrder).toEqual(ORDER);
    expect(note).toBe('note');
    expect(javaClassOf(decodedOrder)).toBe('com.acme.Order');
    expect(javaClassOf(decodedOrder.shipTo)).toBe('com.acme.Address');
    expect(javaClassOf(decodedOrder.tags)).toBe('java.util.ArrayList');
    expect(javaClassOf(decodedOrder.codes)).toBeUndefined(); // a String[] field: written bare

    expect(decode(dateEnum)).toEqual([new Date(1_700_000_000_000), 'SECONDS']);
  });

  it("fails input that is not in Flow's format with an error naming the format", () => {
    for (const input of ['["hello",42]', '{"args":[]}', 'not json', '"text"']) {
      expect(() => decode(input)).toThrow(/AWS Flow Framework for Java's input format/);
    }
    expect(decode(undefined)).toEqual([]);
  });

  it('checks arguments against `parameters` and fills missing trailing ones as Flow does', () => {
    const codec = javaFlowCodec({
      parameters: ['java.lang.String', 'int', 'boolean', 'java.util.List'],
      returns: 'void',
    });
    expect(codec.decodeInput('["[Ljava.lang.Object;",["a",1]]')).toEqual(['a', 1, false, null]);
    expect(() => codec.decodeInput('["[Ljava.lang.Object;",[1,1]]')).toThrow(
      /Argument 1 should be a Java java\.lang\.String, got 1/,
    );
    expect(() => codec.decodeInput('["[Ljava.lang.Object;",["a",1.5]]')).toThrow(
      /Argument 2 should be a Java int/,
    );
  });
});

describe("javaFlowCodec results, byte for byte as Flow's worker writes them", () => {
  it('writes each return type as Jackson writes that Java value', async () => {
    const javaOrder = await flowToData('args:order');
    const [decodedOrder] = decode(javaOrder[0]);
    const cases: [JavaReturnType, unknown, string][] = [
      ['void', undefined, 'result:void'],
      ['java.lang.String', 'done', 'result:string'],
      ['int', 7, 'result:int'],
      ['long', 5_000_000_000, 'result:long'],
      ['long', 5_000_000_000n, 'result:long'],
      ['double', 2.5, 'result:double'],
      ['boolean', true, 'result:boolean'],
      ['java.util.List', ['a', 'b'], 'result:list'],
      [
        'java.util.List',
        [javaTyped('java.lang.Long', 1), javaTyped('java.lang.Long', 2)],
        'result:list-of-long',
      ],
      ['java.util.Map', { k: 1 }, 'result:map'],
      ['java.util.Date', new Date(1_700_000_000_000), 'result:date'],
      ['java.util.Set', new Set(['x']), 'result:set'],
      // A final class: no type id, even at the top.
      ['com.acme.Receipt', javaUntyped({ chargeId: 'ch_1', cents: 1250 }), 'result:receipt'],
      // A decoded object keeps its classes: written back exactly.
      ['com.acme.Order', decodedOrder, 'result:order'],
      // One made in JavaScript, with the classes the codec cannot guess.
      [
        'com.acme.Order',
        {
          ...ORDER,
          shipTo: javaTyped('com.acme.Address', ORDER.shipTo),
          codes: javaUntyped([...ORDER.codes]),
        },
        'result:order',
      ],
    ];
    const expected = await flowToData(...cases.map(([, , name]) => name));
    cases.forEach(([returns, value, name], index) => {
      expect(encode(returns, value), `${returns} (${name})`).toBe(expected[index]);
    });
  });

  it('is read back by a Flow decider as the declared return type', async () => {
    const written: [JavaReturnType, unknown, unknown][] = [
      ['java.lang.String', 'done', { class: 'java.lang.String', value: 'done' }],
      ['java.lang.String', null, null],
      ['int', 7, { class: 'java.lang.Integer', value: 7 }],
      ['java.lang.Integer', null, null],
      ['short', -3, { class: 'java.lang.Short', value: -3 }],
      ['byte', 127, { class: 'java.lang.Byte', value: 127 }],
      ['long', 5_000_000_000, { class: 'java.lang.Long', value: 5_000_000_000 }],
      ['long', 9_007_199_254_740_993n, { class: 'java.lang.Long', text: '9007199254740993' }],
      ['double', 2.5, { class: 'java.lang.Double', value: 2.5 }],
      ['double', Number.NaN, { class: 'java.lang.Double', text: 'NaN' }],
      ['float', 0.5, { class: 'java.lang.Float', value: 0.5 }],
      ['boolean', false, { class: 'java.lang.Boolean', value: false }],
      ['java.lang.Boolean', true, { class: 'java.lang.Boolean', value: true }],
      ['void', 'ignored', null],
      [
        'java.util.List',
        ['a', { nested: [1] }, 2.5, null],
        {
          class: 'java.util.ArrayList',
          items: [
            { class: 'java.lang.String', value: 'a' },
            {
              class: 'java.util.HashMap',
              entries: {
                nested: {
                  class: 'java.util.ArrayList',
                  items: [{ class: 'java.lang.Integer', value: 1 }],
                },
              },
            },
            { class: 'java.lang.Double', value: 2.5 },
            null,
          ],
        },
      ],
      [
        'java.util.List',
        [javaTyped('java.lang.Long', 1)],
        { class: 'java.util.ArrayList', items: [{ class: 'java.lang.Long', value: 1 }] },
      ],
      [
        'java.util.Set',
        new Set(['x']),
        { class: 'java.util.HashSet', items: [{ class: 'java.lang.String', value: 'x' }] },
      ],
      [
        'java.util.Map',
        new Map([['k', new Date(5)]]),
        { class: 'java.util.HashMap', entries: { k: { class: 'java.util.Date', value: 5 } } },
      ],
      [
        'java.util.Date',
        new Date(1_700_000_000_000),
        { class: 'java.util.Date', value: 1_700_000_000_000 },
      ],
      [
        'com.acme.Receipt',
        javaUntyped({ chargeId: 'ch_1', cents: 1250 }),
        {
          class: 'com.acme.Receipt',
          fields: { chargeId: { value: 'ch_1' }, cents: { value: 1250 } },
        },
      ],
      [
        'com.acme.Order',
        {
          id: 'o-2',
          qty: 1,
          tags: ['t'],
          prices: { a: 1 },
          shipTo: javaTyped('com.acme.Address', { city: 'Nice' }),
        },
        {
          class: 'com.acme.Order',
          fields: {
            id: { class: 'java.lang.String', value: 'o-2' },
            qty: { class: 'java.lang.Integer', value: 1 },
            tags: {
              class: 'java.util.ArrayList',
              items: [{ class: 'java.lang.String', value: 't' }],
            },
            // Map<String, Long>: Jackson reads the declared type.
            prices: {
              class: 'java.util.HashMap',
              entries: { a: { class: 'java.lang.Long', value: 1 } },
            },
            shipTo: { class: 'com.acme.Address', fields: { city: { value: 'Nice' } } },
            codes: null,
          },
        },
      ],
    ];
    const answers = await flowJackson(
      written.map(([type, value]) => ({
        op: 'fromData',
        type: type === 'void' ? 'java.lang.Object' : type,
        data: encode(type, value) ?? null,
      })),
    );
    answers.forEach((answer, index) => {
      const [type, value, expected] = written[index] ?? [];
      const what = `${type} ${String(value)}: ${encode(type ?? 'void', value)}`;
      expect(answer.error, what).toBeUndefined();
      if (expected === null) expect(answer.value, what).toBeNull();
      else expect(answer.value, what).toMatchObject(expected as object);
    });
  });

  it('refuses a result that does not fit the return type, naming it', () => {
    expect(() => encode('int', 'x')).toThrow(/must be a Java int/);
    expect(() => encode('int', 2 ** 31)).toThrow(/must be a Java int/);
    expect(() => encode('java.lang.String', 5)).toThrow(/must be a Java java\.lang\.String/);
    expect(() => encode('java.util.List', { a: 1 })).toThrow(/must be an array/);
    expect(() => encode('com.acme.Order', 'x')).toThrow(/must be an object/);
    expect(() => javaFlowCodec({ returns: 'Order' })).toThrow(/Java class name with its package/);
  });
});

class CardDeclined extends Error {
  override readonly name = 'CardDeclined';
}

describe('javaFlowCodec failures, rebuilt by a Flow decider as Java exceptions', () => {
  const codec = javaFlowCodec({
    returns: 'void',
    exceptionClass: (error) =>
      error instanceof CardDeclined
        ? 'com.acme.CardDeclinedException'
        : error instanceof RangeError
          ? 'java.lang.IllegalArgumentException'
          : 'java.lang.IllegalStateException',
  });
  const failure = (error: unknown) => {
    const encoded = codec.encodeFailure?.(error);
    if (encoded?.details === undefined) throw new Error('no details');
    return { reason: encoded.reason, details: encoded.details };
  };
  const rebuild = async (...details: string[]) =>
    (await flowJackson(details.map((data) => ({ op: 'throwable', data })))).map((answer) => {
      if (!answer.ok) throw new Error(answer.error);
      return answer.chain ?? [];
    });

  it('sends the message as reason and the class, message, stack and causes as details', async () => {
    const error = new CardDeclined('card 4242 declined', {
      cause: new RangeError('amount 0', { cause: 'gateway said no' }),
    });
    const { reason, details } = failure(error);
    expect(reason).toBe('card 4242 declined');
    const [chain] = await rebuild(details);
    expect(chain?.map(({ class: name, message }) => ({ name, message }))).toEqual([
      { name: 'com.acme.CardDeclinedException', message: 'card 4242 declined' },
      { name: 'java.lang.IllegalArgumentException', message: 'amount 0' },
      { name: 'java.lang.IllegalStateException', message: 'gateway said no' },
    ]);
    // The JavaScript stack, as Java stack trace elements.
    expect(chain?.[0]?.frames).toBeGreaterThan(0);
    expect(chain?.[0]?.top).toMatch(/^java-flow-codec\.test\..+\(java-flow-codec\.test\.ts:\d+\)$/);
  });

  it('rebuilds the default class, thrown values that are not errors, and a cycle of causes', async () => {
    const plain = javaFlowCodec({ returns: 'void' });
    const cyclic = new Error('loop');
    cyclic.cause = cyclic;
    const thrown = [new Error('boom'), 'just text', { code: 42 }, cyclic];
    const chains = await rebuild(
      ...thrown.map((value) => plain.encodeFailure?.(value).details ?? ''),
    );
    expect(chains.map((chain) => chain.map((link) => [link.class, link.message]))).toEqual([
      [['java.lang.RuntimeException', 'boom']],
      [['java.lang.RuntimeException', 'just text']],
      [['java.lang.RuntimeException', '{"code":42}']],
      [['java.lang.RuntimeException', 'loop']],
    ]);
  });

  it('keeps details within 32,768 characters by dropping causes, never breaking the JSON', async () => {
    let error: Error = new Error('root cause');
    for (let level = 0; level < 8; level++) {
      error = new Error(`level ${level} ${'x'.repeat(6000)}`, { cause: error });
    }
    const huge = new Error('y'.repeat(50_000));
    const { reason, details } = failure(error);
    const hugeFailure = failure(huge);
    expect(reason?.length).toBeLessThanOrEqual(256);
    expect(details.length).toBeLessThanOrEqual(32_768);
    expect(hugeFailure.details.length).toBeLessThanOrEqual(32_768);
    const [chain, hugeChain] = await rebuild(details, hugeFailure.details);
    expect(chain?.length).toBeGreaterThanOrEqual(2);
    expect(chain?.length).toBeLessThan(9);
    expect(chain?.[0]?.message).toMatch(/^level 7 /);
    expect(hugeChain?.[0]?.message).toMatch(/^y+…$/);
  });

  it('sends heartbeat details as strings, and no details for a cancellation', () => {
    expect(codec.encodeDetails('50%')).toBe('50%');
    expect(codec.encodeDetails({ done: 5 })).toBe('{"done":5}');
    expect(codec.encodeCanceled?.(new Error('stop'))).toBeUndefined();
  });
});

describe('the interop codecs and hostile thrown values', () => {
  it('encode every failure without throwing, into details the decider parses', async () => {
    const java = javaFlowCodec({
      returns: 'void',
      exceptionClass: () => {
        throw new Error('a mapping that throws falls back to the default class');
      },
    });
    const python = simpleflowCodec();
    const values = hostileValues();
    const javaDetails = values.map(([, value]) => java.encodeFailure?.(value).details ?? '');
    for (const [, value] of values) {
      const failure = python.encodeFailure?.(value);
      expect(JSON.parse(failure?.details ?? '')).toMatchObject({ error: 'Exception' });
      expect(typeof failure?.reason).toBe('string');
    }
    const answers = await flowJackson(javaDetails.map((data) => ({ op: 'throwable', data })));
    answers.forEach((answer, index) => {
      expect(answer.error, values[index]?.[0]).toBeUndefined();
      expect(answer.chain?.[0]?.class).toBe('java.lang.RuntimeException');
    });
  });
});

describe('exception classes a Flow decider rebuilds', () => {
  it('rebuilds standard and custom exceptions, checked and unchecked; refuses an unknown class', async () => {
    const classes = [
      'java.lang.RuntimeException',
      'java.lang.Exception',
      'java.lang.IllegalStateException',
      'java.lang.IllegalArgumentException',
      'java.lang.UnsupportedOperationException',
      'java.io.IOException',
      'java.util.concurrent.TimeoutException',
      'com.acme.CardDeclinedException',
      'com.acme.OutOfStockException',
    ];
    const details = [...classes, 'com.acme.NotOnTheClasspath'].map(
      (name) =>
        javaFlowCodec({ returns: 'void', exceptionClass: () => name }).encodeFailure?.(
          new Error(`as ${name}`, { cause: new Error('because') }),
        ).details ?? '',
    );
    const answers = await flowJackson(details.map((data) => ({ op: 'throwable', data })));
    classes.forEach((name, index) => {
      expect(answers[index]?.chain?.map((link) => [link.class, link.message])).toEqual([
        [name, `as ${name}`],
        [name, 'because'],
      ]);
    });
    expect(answers.at(-1)?.error).toMatch(
      /Could not resolve type id 'com\.acme\.NotOnTheClasspath'/,
    );
  });
});
