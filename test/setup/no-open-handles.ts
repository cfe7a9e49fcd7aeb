/**
 * Fails a test file that leaves handles of its own open (sockets, servers, timers, child
 * processes): compares `process.getActiveResourcesInfo()` after the file's tests with what was
 * active before them, once pending closes have had a few turns of the event loop to finish.
 */
import { afterAll, beforeAll } from 'vitest';

/** Resource kinds that come and go with vitest's own bookkeeping or this check itself. */
const IGNORED: ReadonlySet<string> = new Set(['Immediate']);

/** How many checks to make, a turn or a short wait apart, before calling a handle leaked. */
const SETTLE_ROUNDS = 20;

let before: Map<string, number> = new Map();

beforeAll(() => {
  before = countResources();
});

afterAll(async () => {
  let leaked: string[] = [];
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    // Closing sockets and servers finish over a few loop turns; give them those first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    leaked = leakedResources(before, countResources());
    if (leaked.length === 0) return;
    if (round >= SETTLE_ROUNDS / 2) await new Promise<void>((resolve) => setTimeout(resolve, 10));
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
