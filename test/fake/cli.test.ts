import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  DescribeDomainCommand,
  PollForActivityTaskCommand,
  RegisterDomainCommand,
  SWFClient,
  UnknownResourceFault,
} from '@aws-sdk/client-swf';
import { afterEach, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Starts `swf-fake` from source, as `npm run fake` does. */
function startCli(args: readonly string[]): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=swf-activity-worker:source', 'src/cli/swf-fake.ts', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Collects a child's output and waits for its exit code. */
async function finished(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

describe('swf-fake command', () => {
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'close');
      }
    }
  });

  test('prints its URL, serves the SDK, resets on SIGHUP, and exits 0 on SIGTERM', async () => {
    const child = startCli(['--port', '0', '--poll-timeout', '300']);
    children.push(child);
    const lines = createInterface({ input: child.stdout ?? process.stdin });
    const [firstLine] = (await once(lines, 'line')) as [string];
    const url = /^swf-fake listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(firstLine)?.[1];
    expect(url, firstLine).toBeDefined();

    const client = new SWFClient({
      region: 'us-east-1',
      endpoint: url,
      credentials: { accessKeyId: 'AKIDFAKESWF', secretAccessKey: 'fake-swf-secret' },
      maxAttempts: 1,
    });
    try {
      await client.send(
        new RegisterDomainCommand({
          name: 'media',
          workflowExecutionRetentionPeriodInDays: '1',
        }),
      );
      const domain = await client.send(new DescribeDomainCommand({ name: 'media' }));
      expect(domain.domainInfo?.name).toBe('media');
      // --poll-timeout: an empty answer well before SWF's 60 s.
      const poll = await client.send(
        new PollForActivityTaskCommand({ domain: 'media', taskList: { name: 'none' } }),
      );
      expect(poll.taskToken ?? '').toBe('');

      const reset = once(lines, 'line');
      child.kill('SIGHUP');
      expect(await reset).toEqual(['swf-fake reset']);
      const gone = await client
        .send(new DescribeDomainCommand({ name: 'media' }))
        .catch((error: unknown) => error);
      expect(gone).toBeInstanceOf(UnknownResourceFault);
    } finally {
      client.destroy();
    }

    const rest: string[] = [];
    lines.on('line', (line) => rest.push(line));
    const exit = finished(child);
    child.kill('SIGTERM');
    const { code, stderr } = await exit;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(rest).toEqual([]);
  });

  test('refuses an unknown flag with exit code 2', async () => {
    const child = startCli(['--prot', '8080']);
    children.push(child);
    const { code, stdout, stderr } = await finished(child);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("Unknown option '--prot'");
  });

  test('refuses a bad port with exit code 2', async () => {
    const child = startCli(['--port', '70000']);
    children.push(child);
    const { code, stderr } = await finished(child);
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be a whole number from 0 to 65535');
  });

  test('refuses a bad --poll-timeout with exit code 2', async () => {
    const child = startCli(['--poll-timeout', '1.5s']);
    children.push(child);
    const { code, stderr } = await finished(child);
    expect(code).toBe(2);
    expect(stderr).toContain(
      "--poll-timeout must be a whole number of milliseconds (0 or more), got '1.5s'",
    );
  });

  test('--help prints the usage and exits 0', async () => {
    const child = startCli(['--help']);
    children.push(child);
    const { code, stdout } = await finished(child);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: swf-fake');
  });
});
