/**
 * `@opentelemetry/api` is an optional peer: the root entry (and the fake) must run a worker
 * without loading it or the `/otel` entry, which only an import of `swf-activity-worker/otel`
 * loads. Proven in processes of their own whose module hooks fail any such load.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `script` as an ES module in the repository, from source, failing `forbidden` loads. */
function runModule(
  script: string,
  forbidden: readonly string[],
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=swf-activity-worker:source',
      '--import',
      'tsx',
      '--import',
      './test/otel/support/forbid-imports.mjs',
      '--input-type=module',
      '--eval',
      script,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, FORBIDDEN_IMPORTS: forbidden.join(','), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the module did not finish in 30 s:\n${output}`));
    }, 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A worker from the root entry runs a task against the fake. */
const WORKER_SCRIPT = `
import { ActivityWorker, defineActivity, runActivityTask } from 'swf-activity-worker';
import { createInProcessClient, FakeSwf } from 'swf-activity-worker/fake';
const fake = new FakeSwf();
const client = createInProcessClient(fake);
const echo = defineActivity({ name: 'echo', version: '1', handler: async (input) => input });
fake.scheduleActivityTask({ domain: 'd', taskList: 't', activityType: echo, input: '1', heartbeatTimeout: 30, startToCloseTimeout: 60 });
const worker = new ActivityWorker({ client, domain: 'd', taskList: 't', activities: [echo], interceptors: [{ execute: (input, ctx, next) => next(input, ctx) }] });
worker.on('taskResponded', ({ outcome }) => {
  console.log('task ' + outcome);
  void worker.shutdown();
  fake.close();
});
await worker.run();
console.log(typeof runActivityTask);
`;

describe.concurrent('the /otel entry', () => {
  it('is never loaded by the root entry, nor is @opentelemetry/api', async () => {
    const { code, output } = await runModule(WORKER_SCRIPT, ['/@opentelemetry/', '/src/otel/']);
    expect(output).toContain('task completed');
    expect(output).not.toContain('forbidden load');
    expect(code, output).toBe(0);
  });

  it('loads @opentelemetry/api when imported (the hooks do catch loads)', async () => {
    const { code, output } = await runModule(
      "import { OpenTelemetryInterceptor } from 'swf-activity-worker/otel'; console.log(typeof OpenTelemetryInterceptor);",
      ['/@opentelemetry/'],
    );
    expect(output).toMatch(
      /forbidden load of \S*\/@opentelemetry\/api\/\S* \(imported by \S*\/src\/otel\//,
    );
    expect(code).not.toBe(0);
  });
});
