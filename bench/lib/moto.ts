/**
 * moto, the Python emulator of AWS, run as a server (`python3 -m moto.server`): the other SWF
 * emulator the fake is compared with. Used when the machine's `python3` can import moto's
 * server (`pip install 'moto[server]'`); the comparison is left out otherwise.
 *
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type Decision,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import { ACTIVITY_TYPE, DOMAIN, TASK_LIST, type TypeDefaults } from './swf.js';
import type { Target } from './targets.js';

const PYTHON = process.env.BENCH_PYTHON ?? 'python3';
const WORKFLOW_TYPE = { name: 'benchWorkflow', version: '1' } as const;
const DECIDER_TASK_LIST = 'bench-decisions';
/** Activities scheduled by each workflow execution's one decision. */
const TASKS_PER_EXECUTION = 100;

/** The version of moto the machine's Python has, or undefined when it has none. */
export function motoVersion(): string | undefined {
  const found = spawnSync(
    PYTHON,
    ['-c', 'import moto, moto.server, werkzeug; print(moto.__version__)'],
    { encoding: 'utf8' },
  );
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/**
 * Starts moto's server on 127.0.0.1 and a client for it (keep-alive, `maxSockets`). Its
 * `prepare(count)` resets moto and schedules `count` activity tasks of the bench type through
 * SWF's own calls (workflow executions whose first decision schedules them), as a decider
 * would.
 */
export async function startMotoTarget(defaults: TypeDefaults, maxSockets: number): Promise<Target> {
  const port = await freePort();
  const child = spawn(PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(
    url,
    () => child.exitCode === null,
    () => stderr,
  );
  const agent = new Agent({ keepAlive: true, maxSockets });
  const client = new SWFClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
    requestHandler: { httpAgent: agent, requestTimeout: 120_000 },
  });
  return {
    client,
    prepare: async (count) => {
      await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      await registerBenchTypes(client, defaults);
      await scheduleTasks(client, count);
    },
    releasePollers: async () => {},
    serverCpuMicros: async () => processCpuMicros(child.pid),
    callCount: async () => 0,
    close: async () => {
      client.destroy();
      agent.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function registerBenchTypes(client: SWFClient, defaults: TypeDefaults): Promise<void> {
  await client.send(
    new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' }),
  );
  await client.send(
    new RegisterActivityTypeCommand({
      domain: DOMAIN,
      ...ACTIVITY_TYPE,
      defaultTaskList: { name: TASK_LIST },
      defaultTaskHeartbeatTimeout: String(defaults.heartbeatTimeout),
      defaultTaskStartToCloseTimeout: String(defaults.startToCloseTimeout),
      defaultTaskScheduleToStartTimeout: 'NONE',
      defaultTaskScheduleToCloseTimeout: 'NONE',
    }),
  );
  await client.send(
    new RegisterWorkflowTypeCommand({
      domain: DOMAIN,
      ...WORKFLOW_TYPE,
      defaultTaskList: { name: DECIDER_TASK_LIST },
      defaultExecutionStartToCloseTimeout: '86400',
      defaultTaskStartToCloseTimeout: '600',
      defaultChildPolicy: 'TERMINATE',
    }),
  );
}

/** Starts executions whose first decision schedules the tasks, a hundred per execution. */
async function scheduleTasks(client: SWFClient, count: number): Promise<void> {
  for (let first = 0; first < count; first += TASKS_PER_EXECUTION) {
    const size = Math.min(TASKS_PER_EXECUTION, count - first);
    await client.send(
      new StartWorkflowExecutionCommand({
        domain: DOMAIN,
        workflowId: `bench-${first}`,
        workflowType: WORKFLOW_TYPE,
      }),
    );
    const decisionTask = await client.send(
      new PollForDecisionTaskCommand({ domain: DOMAIN, taskList: { name: DECIDER_TASK_LIST } }),
    );
    if (!decisionTask.taskToken) throw new Error('moto handed out no decision task');
    const decisions: Decision[] = Array.from({ length: size }, (_, index) => ({
      decisionType: 'ScheduleActivityTask',
      scheduleActivityTaskDecisionAttributes: {
        activityType: ACTIVITY_TYPE,
        activityId: `task-${first + index}`,
        input: `{"n":${first + index}}`,
      },
    }));
    await client.send(
      new RespondDecisionTaskCompletedCommand({ taskToken: decisionTask.taskToken, decisions }),
    );
  }
}

/** A TCP port free on 127.0.0.1 a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was free');
  return address.port;
}

/** Waits up to 20 s for the server at `url` to answer, while `running()`. */
async function waitUntilServing(
  url: string,
  running: () => boolean,
  stderr: () => string,
): Promise<void> {
  for (let tries = 0; tries < 200 && running(); tries++) {
    try {
      await fetch(`${url}/moto-api/`);
      return;
    } catch {
      await delay(100);
    }
  }
  throw new Error(`moto's server did not start: ${stderr()}`);
}

/** The user and system CPU time of process `pid` (all its threads), in µs. */
function processCpuMicros(pid: number | undefined): number {
  if (pid === undefined) return 0;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and
  // 13th, in clock ticks (100 per second on Linux).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10_000;
}
