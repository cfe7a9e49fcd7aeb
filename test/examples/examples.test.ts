/**
 * Runs every example end to end against the fake, as a user would (from source, in a process
 * of its own, on the system clock), so that none of them can rot. They run at the same time:
 * each spends most of its few seconds waiting.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a run printed, and how it ended. */
interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `command` in the repository with the examples' environment; after `timeoutMs`, kills it
 * and every process it started (npm's script, the fleet's workers): it leads a process group.
 */
function run(command: string, args: readonly string[], timeoutMs = 25_000): Promise<Finished> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.SWF_EXAMPLES_REAL;
  const child = spawn(command, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(
        new Error(`${args.join(' ')} did not finish in ${timeoutMs} ms:\n${stdout}\n${stderr}`),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs an example as `npm run example <file>` does, without npm in between. */
function runExample(file: string, ...args: string[]): Promise<Finished> {
  return run(process.execPath, [
    '--conditions=swf-activity-worker:source',
    '--import',
    'tsx',
    file,
    ...args,
  ]);
}

/** Expects a clean exit, showing the output if not. */
function expectSuccess(result: Finished): void {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
}

describe.concurrent('examples, end to end against the fake', () => {
  test('npm run demo', async () => {
    const result = await run('npm', ['run', '--silent', 'demo']);
    expectSuccess(result);
    const { stdout } = result;
    // Plain progress lines when stdout is not a terminal.
    expect(stdout).toMatch(/transcode progress: \d+%/);
    expect(stdout).not.toContain('\x1b[');
    // The blocking activity: the worker names it in an eventLoopLag warning, SWF times it out.
    expect(stdout).toMatch(/worker warning \[eventLoopLag\].*ActivityTask\(checksum@1/);
    expect(stdout).toContain('checksum: handler stopped, ctx.signal.reason is TaskGoneError');
    // The cancelled activity, and the one that completes.
    expect(stdout).toContain('transcode: SWF answered a heartbeat with cancelRequested');
    expect(stdout).toContain('ctx.signal.reason is ActivityCancelledError');
    expect(stdout).toContain('transcode: reported canceled (RespondActivityTaskCanceled)');
    expect(stdout).toContain('thumbnail: reported completed (RespondActivityTaskCompleted)');
    // The timeline.
    expect(stdout).toMatch(/ActivityTaskTimedOut +activityId=checksum timeoutType=HEARTBEAT/);
    expect(stdout).toMatch(/ActivityTaskCancelRequested +activityId=transcode/);
    expect(stdout).toMatch(/ActivityTaskCanceled +activityId=transcode/);
    expect(stdout).toMatch(/ActivityTaskCompleted +activityId=thumbnail/);
    expect(stdout).toMatch(/\d+ +\+\d+\.\d\ds +WorkflowExecutionCompleted/);
  });

  test('quickstart', async () => {
    const result = await runExample('examples/quickstart.ts');
    expectSuccess(result);
    expect(result.stdout).toContain('resize-1 completed: {"key":"thumbnails/320/cat.png"}');
    expect(result.stdout.match(/: completed$/gm)).toHaveLength(3);
  });

  test('progress and resume', async () => {
    const result = await runExample('examples/progress-and-resume.ts');
    expectSuccess(result);
    const resumedAfter = Number(/resumes after chunk (\d+)/.exec(result.stdout)?.[1]);
    expect(resumedAfter).toBeGreaterThan(0);
    expect(result.stdout).toContain('machine A: back online; SWF no longer knows encode');
    expect(result.stdout).toContain(
      `encode: completed after 2 attempts: {"encoded":${30 - resumedAfter},"resumedAt":${resumedAfter}}`,
    );
  });

  test('cancellation', async () => {
    const result = await runExample('examples/cancellation.ts');
    expectSuccess(result);
    const { stdout } = result;
    expect(stdout).toMatch(/^small: completed: \{"bytes":65536/m);
    // What an aborted operation throws depends on the API and on Node's version (a stream
    // pipeline throws an AbortError up to Node 22, the signal's reason from Node 24 on).
    const stopped = (stage: string, thrown: string) =>
      new RegExp(`^${stage} threw (${thrown}); the reason: ActivityCancelledError$`, 'm');
    expect(stdout).toMatch(stopped('unanswered: the fetch', "the signal's reason"));
    expect(stdout).toMatch(stopped('large: the stream pipeline', "AbortError|the signal's reason"));
    expect(stdout).toMatch(stopped('delayed: the timer', 'AbortError'));
    for (const activityId of ['unanswered', 'large', 'delayed']) {
      expect(stdout).toContain(`${activityId}: canceled: ActivityCancelledError`);
    }
  });

  test('an approval completed later by task token', async () => {
    const result = await runExample('examples/approval.ts');
    expectSuccess(result);
    const { stdout } = result;
    // One slot, three approvals waiting at once: each handler handed its task off.
    expect(stdout).toContain('handed off by the worker (one slot): 3');
    expect(stdout).toContain('refund-1: ada decides to approve: HTTP 200');
    expect(stdout).toContain('refund-3: linus decides to approve: HTTP 404');
    // Kept alive past the 2 s heartbeat timeout by the desk, then answered by token.
    expect(stdout).toContain('refund-1: completed: {"approved":true,"by":"ada"}');
    expect(stdout).toContain('refund-2: failed: Error: rejected by grace');
    expect(stdout).toContain('refund-3: canceled: withdrawn by the workflow before anyone decided');
  });

  test('CPU-bound work in a worker thread', async () => {
    const result = await runExample('examples/cpu-bound.ts');
    expectSuccess(result);
    expect(result.stdout).toMatch(/^short: completed \{"rounds":400000/m);
    expect(result.stdout).toMatch(/^endless: the thread stopped at round \d+/m);
    expect(result.stdout).toMatch(/^endless: canceled/m);
    expect(result.stdout).toContain('event loop lag warnings: 0');
  });

  test('graceful shutdown on SIGTERM', async () => {
    const result = await runExample('examples/graceful-shutdown.ts');
    expectSuccess(result);
    const { stdout } = result;
    expect(stdout).toContain('shutdown started: no more polls; 3 tasks have 2000 ms');
    expect(stdout).toContain('scene-1: reported completed');
    expect(stdout).toContain('scene-2: reported completed');
    expect(stdout).toContain('grace ended: aborting the signal of 1 task(s)');
    expect(stdout).toContain('scene-3: reported failed (WorkerShutdownError');
    expect(stdout).toContain('worker stopped');
  });

  test('the README quickstart, and runActivityTask in a poll loop of your own', async () => {
    const quickstart = await runExample('examples/readme/quickstart.ts');
    expectSuccess(quickstart);
    expect(quickstart.stdout.trim()).toBe('activity-1: completed');
    const ownLoop = await runExample('examples/readme/own-poll-loop.ts');
    expectSuccess(ownLoop);
    expect(ownLoop.stdout.trim()).toBe('completed HELLO');
  });

  test('observability: OpenTelemetry spans and metrics on the console', async () => {
    const result = await runExample('examples/observability.ts');
    expectSuccess(result);
    const { stdout } = result;
    expect(stdout).toContain('resize-cat: completed');
    expect(stdout).toContain('transcode-dog: failed');
    // One trace: the span that started the workflow, the task spans, the handler's spans.
    const traceIds = new Set(
      [...stdout.matchAll(/^ {2}traceId: '([0-9a-f]{32})'/gm)].map(([, id]) => id),
    );
    expect(traceIds.size).toBe(1);
    expect(stdout.match(/name: 'RunActivity:resizeImage'/g)).toHaveLength(2);
    expect(stdout.match(/name: 'download'/g)).toHaveLength(2);
    expect(stdout).toContain("'swf.outcome': 'completed'");
    expect(stdout).toContain("'swf.failure_reason': 'Error: no codec for dog.mov'");
    expect(stdout).toMatch(/name: 'RunActivity:transcode',\n\s+id: '[0-9a-f]{16}',\n\s+kind: 4,/);
    for (const metric of [
      'swf_activity_execution_latency',
      'swf_activity_task_received',
      'swf_activity_execution_failed',
      'swf_activity_heartbeat_sent',
      'swf_worker_task_slots_available',
      'swf_num_pollers',
    ]) {
      expect(stdout).toContain(`name: '${metric}'`);
    }
  });

  test('serving a Java Flow decider', async () => {
    const result = await runExample('examples/interop/java-flow.ts');
    expectSuccess(result);
    const { stdout } = result;
    expect(stdout).toContain('worker: reserving com.acme.Order o-1 (gift, express)');
    expect(stdout).toContain(
      'decider: reserve(o-1) returned com.acme.Order {"id":"o-1","qty":2,"tags":["java.util.ArrayList",["gift","express"]],"status":"RESERVED"}',
    );
    expect(stdout).toContain(
      'decider: charge(o-1) attempt 1: ActivityTaskFailedException, cause com.acme.PaymentGatewayException: the payment gateway timed out; retried in 1 s',
    );
    expect(stdout).toContain('decider: charge(o-1) returned "ch_o-1"');
    expect(stdout).toMatch(
      /decider: charge\(o-2\) attempt 1: ActivityTaskFailedException, cause com\.acme\.CardDeclinedException: card declined for o-2 <- caused by java\.lang\.IllegalStateException: .*; not retried/,
    );
    expect(stdout).toContain('decider: workflow completed');
  });

  test('serving a simpleflow decider', async () => {
    const result = await runExample('examples/interop/simpleflow.ts');
    expectSuccess(result);
    const { stdout } = result;
    expect(stdout).toContain(
      'decider: resize("cat.png", width=320) returned {"key":"cat@320.png","width":320}',
    );
    expect(stdout).toContain(
      'decider: resize("dog.png", width=0) attempt 1 failed: ValueError: width must be positive, got 0 (error_type builtins.ValueError: a bug, not retried)',
    );
    expect(stdout).toContain(
      'resize("owl.png", width=640) attempt 1 failed: TimeoutError: the image store timed out (error_type builtins.TimeoutError: retried)',
    );
    expect(stdout).toContain(
      'decider: resize("owl.png", width=640) returned {"key":"owl@640.png","width":640}',
    );
    expect(stdout).toContain('from a non-Python decider returned "thumbnails/cat.png"');
    expect(stdout).toContain('decider: workflow completed');
  });

  test('fleet of three worker processes', async () => {
    const result = await runExample('examples/fleet.ts');
    expectSuccess(result);
    const { stdout } = result;
    expect(stdout).toContain('12 of 12 completed');
    const counts = [...stdout.matchAll(/^worker-\d: ■* (\d+) tasks$/gm)].map(([, n]) => Number(n));
    expect(counts).toHaveLength(3);
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(12);
    for (const count of counts) expect(count).toBeGreaterThan(0);
    expect(stdout).toContain('worker processes exited with 0, 0, 0');
  });
});
