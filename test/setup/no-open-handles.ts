/**
 * Fails a test file that leaves handles of its own open (sockets, servers, timers, child
 * processes): compares `process.getActiveResourcesInfo()` after the file's tests with what was
 * active before them, once pending closes have had a few turns of the event loop to finish.
 */
import { afterAll, beforeAll } from 'vitest';

/** Resource kinds that come and go with vitest's own bookkeeping or this check itself. */
const IGNORED: ReadonlySet<string> = new Set(['Immediate']);

/** Checks made a turn of the event loop apart, first: closing sockets and servers take those. */
const SETTLE_TURNS = 10;

/**
 * Then how long a handle may take to go, checked every 20 ms, before it is called leaked. A
 * leak stays; a handle about to go must not be called one. With 100 ms, CI's first run on
 * Node 22 once reported "1 × Timeout" after examples/testing/thumbnail.unit.test.ts, whose
 * tests set no platform timer (manual clocks; the one on real time fails before any wait).
 */
const SETTLE_MS = 1_000;

let before: Map<string, number> = new Map();

beforeAll(() => {
  before = countResources();
});

afterAll(async () => {
  let leaked: string[] = [];
  for (let turn = 0; turn < SETTLE_TURNS; turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    leaked = leakedResources(before, countResources());
    if (leaked.length === 0) return;
  }
  for (let waited = 0; waited < SETTLE_MS; waited += 20) {
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    leaked = leakedResources(before, countResources());
    if (leaked.length === 0) return;
  }
  throw new Error(`This test file left open handles: ${leaked.join(', ')}`);
});

function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) {
    if (IGNORED.has(kind)) continue;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

function leakedResources(start: Map<string, number>, end: Map<string, number>): string[] {
  const leaked: string[] = [];
  for (const [kind, count] of end) {
    const extra = count - (start.get(kind) ?? 0);
    if (extra > 0) leaked.push(`${extra} × ${kind}`);
  }
  return leaked;
}
