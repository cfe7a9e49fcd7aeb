import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/** The package's own entry points, resolved to their TypeScript source as in `package.json`. */
const source = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/**
 * The test files of each project, chosen by path so that a new suite joins one without an
 * edit here. Every file belongs to exactly one project: the first of soak, e2e, unit, fake
 * whose patterns match it, else worker.
 */
const FILES = {
  /**
   * The chaos soak: workers on real time with a heartbeat timeout of 2 s, which counts every
   * heartbeat timeout of a healthy worker as a failure. It runs alone, after everything else:
   * beside the other real-time files (processes starting, sockets black-holed) a loaded
   * machine's event loop can stall past such a timeout, which is not what the soak tests.
   */
  soak: ['test/reliability/soak.e2e.test.ts'],
  /** Real processes, sockets, servers and other languages, on real time. */
  e2e: [
    'test/examples/**/*.test.ts',
    'test/resilience/**/*.test.ts',
    'test/e2e/**/*.test.ts',
    '{test,examples}/**/*.e2e.test.ts',
  ],
  /** Pure logic: no fake, no I/O. */
  unit: ['test/unit/**/*.test.ts', '{test,examples}/**/*.unit.test.ts'],
  /** The fake SWF: its model, wire protocol and transports. */
  fake: ['test/fake/**/*.test.ts'],
  /** Everything else: workers and handlers against the fake on a manual clock. */
  worker: ['{test,examples}/**/*.test.ts'],
};

type ProjectName = keyof typeof FILES;

interface ProjectSettings {
  readonly timeoutMs: number;
  /**
   * Projects of a later group start when those of earlier ones are done: the tests on real
   * time do not share the machine with the CPU-bound ones (`maxWorkers` at a time still).
   */
  readonly group: number;
  /**
   * Whether each file gets fresh modules. Off, a test worker imports the SDK and the package
   * once for all its files, not once per file: most of the cost of a short file. Tests on the
   * fake's manual clock share no state through modules (every test builds its own clock, fake
   * and client); those with processes and real time keep isolation.
   */
  readonly isolate: boolean;
  /** Test files run at once. Default: the root's `maxWorkers`. */
  readonly maxWorkers?: number;
}

/** The projects in the order of {@link FILES}: a file matched by an earlier one is not theirs. */
const ORDER = Object.keys(FILES) as ProjectName[];

const project = (
  name: ProjectName,
  { timeoutMs, isolate, group, maxWorkers }: ProjectSettings,
) => ({
  extends: true as const,
  test: {
    name,
    include: FILES[name],
    exclude: [
      ...configDefaults.exclude,
      ...ORDER.slice(0, ORDER.indexOf(name)).flatMap((earlier) => FILES[earlier]),
    ],
    testTimeout: timeoutMs,
    hookTimeout: timeoutMs,
    isolate,
    ...(maxWorkers === undefined ? {} : { maxWorkers }),
    sequence: { groupOrder: group },
  },
});

const onFake: ProjectSettings = { timeoutMs: 20_000, isolate: false, group: 0 };

export default defineConfig({
  resolve: {
    alias: [
      { find: /^swf-activity-worker$/, replacement: source('index.ts') },
      { find: /^swf-activity-worker\/fake$/, replacement: source('fake/index.ts') },
      { find: /^swf-activity-worker\/msw$/, replacement: source('msw/index.ts') },
      { find: /^swf-activity-worker\/otel$/, replacement: source('otel/index.ts') },
      { find: /^swf-activity-worker\/testing$/, replacement: source('testing/index.ts') },
      { find: /^swf-activity-worker\/s3$/, replacement: source('s3/index.ts') },
      { find: /^swf-activity-worker\/interop$/, replacement: source('interop/index.ts') },
    ],
  },
  test: {
    setupFiles: ['test/setup/no-open-handles.ts'],
    // Vitest's default leaves a core idle (one worker on two cores); the e2e files spend most
    // of their time waiting on other processes.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      // Mostly waiting on other processes and real time: generous, for a loaded machine.
      project('e2e', { timeoutMs: 60_000, isolate: true, group: 1, maxWorkers: 3 }),
      project('soak', { timeoutMs: 90_000, isolate: true, group: 2, maxWorkers: 1 }),
      project('unit', onFake),
      project('fake', onFake),
      project('worker', onFake),
    ],
  },
});
