import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HeapTimer, TimerHeap } from '../../src/clock/timer-heap.js';

interface Entry extends HeapTimer {
  readonly id: number;
}

/** Sets, cancels and takes out timers at random, checked against a sorted list. */
type Step =
  | { readonly kind: 'push'; readonly due: number }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'pop' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), due: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('pop' as const) }),
);

const order = (a: Entry, b: Entry) => a.due - b.due || a.sequence - b.sequence;

describe('TimerHeap', () => {
  it('takes timers out by due time, then in the order they were set, a cancelled one at once', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const heap = new TimerHeap<Entry>();
        let live: Entry[] = [];
        let id = 0;
        for (const each of steps) {
          if (each.kind === 'push') {
            const timer: Entry = {
              id: id++,
              due: each.due,
              sequence: heap.nextSequence(),
              heapIndex: -1,
            };
            heap.push(timer);
            live.push(timer);
          } else if (each.kind === 'cancel') {
            const timer = live[each.pick % Math.max(1, live.length)];
            if (timer === undefined) continue;
            heap.cancel(timer);
            heap.cancel(timer); // harmless twice
            live = live.filter((other) => other !== timer);
            expect(heap.has(timer)).toBe(false);
            expect(timer.heapIndex).toBe(-1);
          } else {
            const expected = [...live].sort(order)[0];
            expect(heap.pop()?.id).toBe(expected?.id);
            live = live.filter((other) => other !== expected);
          }
          expect(heap.size).toBe(live.length);
          expect(heap.peek()?.id).toBe([...live].sort(order)[0]?.id);
        }
        const rest: number[] = [];
        for (let timer = heap.pop(); timer !== undefined; timer = heap.pop()) rest.push(timer.id);
        expect(rest).toEqual([...live].sort(order).map((timer) => timer.id));
      }),
    );
  });
});
