import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A worker script of the tests in a process of its own, as an orchestrator runs one: the
 * package's source through tsx, its settings in its environment, what it prints collected.
 */
export class WorkerProcess {
  readonly child: ChildProcess;
  #stdout = '';
  #stderr = '';

  /** Starts `script` (a path) with `env` added to this process's environment. */
  constructor(script: string, env: Readonly<Record<string, string>>) {
    this.child = spawn(
      process.execPath,
      ['--conditions=swf-activity-worker:source', '--import', 'tsx', script],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stdout += chunk;
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr += chunk;
    });
  }

  /** What it printed on stdout so far. */
  get stdout(): string {
    return this.#stdout;
  }

  /** What it printed on stderr so far. */
  get stderr(): string {
    return this.#stderr;
  }

  /** A test's clean-up: kills it with SIGKILL if it still runs, and waits until it is gone. */
  async killIfRunning(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}
