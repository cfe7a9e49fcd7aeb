/**
 * A handler's input and result are checked against its codec's types: these lines compile only
 * as long as that holds (the `@ts-expect-error` lines must stay errors for `npm test` to pass).
 */
import { defineActivity, jsonCodec, textCodec } from 'swf-activity-worker';
import { javaFlowCodec, simpleflowCodec } from 'swf-activity-worker/interop';
import { describe, expect, expectTypeOf, it } from 'vitest';

describe('codec types', () => {
  it('types a handler by its codec, and rejects one that does not fit', () => {
    const charge = defineActivity({
      name: 'Orders.charge',
      version: '1',
      codec: javaFlowCodec({
        parameters: ['java.lang.String', 'int'],
        returns: 'java.lang.String',
      }),
      async handler([orderId, cents]) {
        expectTypeOf(orderId).toEqualTypeOf<string | null>();
        expectTypeOf(cents).toEqualTypeOf<number>();
        return `${orderId}:${cents}`;
      },
    });
    defineActivity({
      name: 'Orders.charge',
      version: '1',
      codec: javaFlowCodec({
        parameters: ['java.lang.String', 'int'],
        returns: 'java.lang.String',
      }),
      // @ts-expect-error the second Java parameter is an int, not a string
      async handler(_args: [string | null, string]) {
        return 'x';
      },
    });
    defineActivity({
      name: 'Orders.count',
      version: '1',
      codec: javaFlowCodec({ returns: 'int' }),
      // @ts-expect-error an int method cannot return a string
      async handler() {
        return 'seven';
      },
    });
    defineActivity({
      name: 'Orders.load',
      version: '1',
      codec: javaFlowCodec({ parameters: ['com.acme.Order'], returns: 'com.acme.Order' }),
      // Classes carry no type the codec checks: the handler's annotation is taken on trust.
      async handler([order]: [{ id: string }]) {
        return { id: order.id };
      },
    });
    const resize = defineActivity({
      name: 'images.resize',
      version: '1',
      codec: simpleflowCodec<[string], { width?: number }, { key: string }>(),
      async handler({ args: [key], kwargs: { width = 100 } }) {
        return { key: `${key}@${width}` };
      },
    });
    defineActivity({
      name: 'images.resize',
      version: '1',
      codec: simpleflowCodec<[string], { width?: number }, { key: string }>(),
      // @ts-expect-error the result must be a { key: string }
      async handler() {
        return { size: 1 };
      },
    });
    // JSON and text carry no type: the declared input is taken on trust, as before.
    defineActivity({
      name: 'a',
      version: '1',
      codec: jsonCodec,
      handler: async (_: { k: string }) => 1,
    });
    defineActivity({
      name: 'b',
      version: '1',
      codec: textCodec,
      handler: async (text) => text?.length,
    });
    expect([charge.codec, resize.codec].every((codec) => codec.encodeFailure !== undefined)).toBe(
      true,
    );
  });
});
