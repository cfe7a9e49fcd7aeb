/** A timer in a {@link TimerHeap}: when it is due, its place in line, and whether it is done. */
export interface HeapTimer {
  readonly due: number;
  readonly sequence: number;
  /** Fired or cancelled ({@link TimerHeap.cancel}): dropped from the heap when it comes up. */
  done: boolean;
}

/**
 * Timers ordered by due time, then by the order they were set: a binary heap with lazy
 * removal. Cancelling a timer only marks it done; the heap sheds done timers as they come up,
 * and rebuilds itself when they outnumber the live ones (heartbeat timers are re-armed all
 * the time).
 */
export class TimerHeap<Timer extends HeapTimer> {
  readonly #heap: Timer[] = [];
  #sequence = 0;
  #live = 0;

  /** The sequence number for the next timer. */
  nextSequence(): number {
    return this.#sequence++;
  }

  /** Timers neither fired nor cancelled. */
  get size(): number {
    return this.#live;
  }

  push(timer: Timer): void {
    const heap = this.#heap;
    this.#live += 1;
    if (heap.length >= 64 && this.#live * 4 < heap.length) {
      const live = heap.filter((entry) => !entry.done).sort((a, b) => (before(a, b) ? -1 : 1));
      heap.length = 0;
      heap.push(...live);
    }
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent] as Timer;
      if (!before(timer, above)) break;
      heap[index] = above;
      heap[parent] = timer;
      index = parent;
    }
  }

  /** The live timer due first, if any. */
  peek(): Timer | undefined {
    while (this.#heap[0]?.done) this.#removeFirst();
    return this.#heap[0];
  }

  /** Takes the live timer due first out of the heap, marked done, for its owner to fire. */
  pop(): Timer | undefined {
    const first = this.peek();
    if (first !== undefined) {
      this.#removeFirst();
      this.cancel(first);
    }
    return first;
  }

  /** Marks a timer done: it will not come up. Harmless on a done timer. */
  cancel(timer: Timer): void {
    if (timer.done) return;
    timer.done = true;
    this.#live -= 1;
  }

  /** Drops every timer, marking each done. */
  clear(): void {
    for (const timer of this.#heap) timer.done = true;
    this.#heap.length = 0;
    this.#live = 0;
  }

  #removeFirst(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let first = index;
      if (left < heap.length && before(heap[left] as Timer, heap[first] as Timer)) first = left;
      if (right < heap.length && before(heap[right] as Timer, heap[first] as Timer)) first = right;
      if (first === index) return;
      [heap[index], heap[first]] = [heap[first] as Timer, heap[index] as Timer];
      index = first;
    }
  }
}

function before(a: HeapTimer, b: HeapTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.sequence < b.sequence);
}
