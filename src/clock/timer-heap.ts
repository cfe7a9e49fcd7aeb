/**
 * A timer in a {@link TimerHeap}: when it is due, its place in line, and where the heap keeps
 * it.
 */
export interface HeapTimer {
  readonly due: number;
  readonly sequence: number;
  /**
   * Its index in the heap while it waits there, -1 before it is pushed and once it is taken
   * out (fired or cancelled); the heap's own bookkeeping, see {@link TimerHeap.has}.
   */
  heapIndex: number;
}

/**
 * Timers ordered by due time, then by the order they were set: a binary heap in which each
 * timer knows its index, so that cancelling one takes it out at once (in O(log n)). A
 * cancelled timer keeps nothing alive: heartbeat timers and the timeouts of polls and tries
 * are set and cancelled all the time, and what their callbacks hold would otherwise stay
 * until they came up.
 */
export class TimerHeap<Timer extends HeapTimer> {
  readonly #heap: Timer[] = [];
  #sequence = 0;

  /** The sequence number for the next timer. */
  nextSequence(): number {
    return this.#sequence++;
  }

  /** Timers neither fired nor cancelled. */
  get size(): number {
    return this.#heap.length;
  }

  /** Whether `timer` still waits in this heap: pushed, neither taken out nor cancelled. */
  has(timer: Timer): boolean {
    return this.#heap[timer.heapIndex] === timer;
  }

  push(timer: Timer): void {
    timer.heapIndex = this.#heap.length;
    this.#heap.push(timer);
    this.#siftUp(timer.heapIndex);
  }

  /** The timer due first, or undefined when none is left. */
  peek(): Timer | undefined {
    return this.#heap[0];
  }

  /** Takes out the timer due first, or undefined when none is left. */
  pop(): Timer | undefined {
    const first = this.#heap[0];
    if (first !== undefined) this.cancel(first);
    return first;
  }

  /** Takes `timer` out; harmless on a timer already out. */
  cancel(timer: Timer): void {
    if (!this.has(timer)) return;
    const heap = this.#heap;
    const index = timer.heapIndex;
    const last = heap.pop() as Timer;
    if (last !== timer) {
      heap[index] = last;
      last.heapIndex = index;
      this.#siftDown(index);
      this.#siftUp(last.heapIndex);
    }
    timer.heapIndex = -1;
  }

  /** Takes out every timer. */
  clear(): void {
    for (const timer of this.#heap) timer.heapIndex = -1;
    this.#heap.length = 0;
  }

  #siftUp(start: number): void {
    const heap = this.#heap;
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index] as Timer, heap[parent] as Timer)) return;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let first = index;
      if (left < heap.length && before(heap[left] as Timer, heap[first] as Timer)) first = left;
      if (right < heap.length && before(heap[right] as Timer, heap[first] as Timer)) first = right;
      if (first === index) return;
      this.#swap(index, first);
      index = first;
    }
  }

  #swap(a: number, b: number): void {
    const heap = this.#heap;
    const atA = heap[a] as Timer;
    const atB = heap[b] as Timer;
    heap[a] = atB;
    heap[b] = atA;
    atB.heapIndex = a;
    atA.heapIndex = b;
  }
}

function before(a: HeapTimer, b: HeapTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.sequence < b.sequence);
}
