import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  RespondActivityTaskCompletedCommand,
  type SWFClient,
} from '@aws-sdk/client-swf';
import { defineActivity, type Logger } from 'swf-activity-worker';
import { type ActivityTaskReference, FakeSwf, startHttpServer } from 'swf-activity-worker/fake';
import { createTestSwf, type TestSwf } from 'swf-activity-worker/testing';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArguments } from '../../src/cli/arguments.js';
import { MAX_REQUEST_BODY_BYTES } from '../../src/fake/protocol/wire.js';
import {
  createWorkerHarness,
  WORKER_TRANSPORTS,
  type WorkerHarness,
} from '../worker/support/harness.js';
import {
  captureProcessOutput,
  OutputSink,
  render,
  TokenScanner,
} from './support/output-capture.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('task tokens', () => {
  const opened: TestSwf[] = [];
  afterEach(() => {
    for (const swf of opened.splice(0)) swf.close();
  });

  function fakeWithClient(): TestSwf {
    const swf = createTestSwf({ pollTimeoutMs: 0 });
    opened.push(swf);
    return swf;
  }

  async function pollOne(client: SWFClient, domain = 'fake', taskList = 'default') {
    const task = await client.send(
      new PollForActivityTaskCommand({ domain, taskList: { name: taskList } }),
    );
    if (!task.taskToken) throw new Error('no task');
    return task.taskToken;
  }

  it('carry 256 random bits each: distinct, base64url, every bit as likely set as not', async () => {
    const { fake, client } = fakeWithClient();
    const tokens: string[] = [];
    for (let index = 0; index < 1_000; index++) {
      fake.scheduleActivityTask();
      tokens.push(await pollOne(client));
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    const ones = new Array<number>(256).fill(0);
    for (const token of tokens) {
      // At least 22 base64url characters are needed for 128 bits; these have 256.
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const bytes = Buffer.from(token, 'base64url');
      expect(bytes).toHaveLength(32);
      bytes.forEach((byte, index) => {
        for (let bit = 0; bit < 8; bit++) {
          if (byte & (1 << bit)) ones[index * 8 + bit] = (ones[index * 8 + bit] ?? 0) + 1;
        }
      });
    }
    // A bit of a random token is set half the time: over 1,000 tokens, 500 ± 16 (1 σ).
    for (const count of ones) {
      expect(count).toBeGreaterThan(380);
      expect(count).toBeLessThan(620);
    }
  }, 30_000);

  it('are bound to the fake that issued them', async () => {
    const issuer = fakeWithClient();
    const other = fakeWithClient();
    // The same domain, type, ids and timeouts in both: only the token tells them apart.
    const options = { activityId: 'same', heartbeatTimeout: 30, startToCloseTimeout: 600 } as const;
    const issued = issuer.fake.scheduleActivityTask(options);
    const twin = other.fake.scheduleActivityTask(options);
    await pollOne(other.client);
    const token = await pollOne(issuer.client);

    await expect(
      other.client.send(new RecordActivityTaskHeartbeatCommand({ taskToken: token })),
    ).rejects.toMatchObject({ name: 'UnknownResourceFault' });
    await expect(
      other.client.send(new RespondActivityTaskCompletedCommand({ taskToken: token })),
    ).rejects.toMatchObject({ name: 'UnknownResourceFault' });
    expect(other.fake.activityTask(twin).status).toBe('STARTED');

    // Where it was issued, it works, once.
    await issuer.client.send(new RecordActivityTaskHeartbeatCommand({ taskToken: token }));
    await issuer.client.send(new RespondActivityTaskCompletedCommand({ taskToken: token }));
    expect(issuer.fake.activityTask(issued).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    await expect(
      issuer.client.send(new RespondActivityTaskCompletedCommand({ taskToken: token })),
    ).rejects.toMatchObject({ name: 'UnknownResourceFault' });
  });
});

describe.each(WORKER_TRANSPORTS)('the output of a worker over %s', (transport) => {
  let swf: WorkerHarness | undefined;
  let stopCapture: (() => void) | undefined;
  afterEach(async () => {
    stopCapture?.();
    await swf?.close();
  });

  it('holds no full task token: logs, events, console', async () => {
    const sink = new OutputSink();
    stopCapture = captureProcessOutput(sink, true);
    swf = await createWorkerHarness(transport);
    const { fake, clock } = swf;
    const schedule = (name: string, heartbeatTimeout = 10): ActivityTaskReference =>
      fake.scheduleActivityTask({
        activityType: { name, version: '1' },
        heartbeatTimeout,
        startToCloseTimeout: 600,
      });
    const completes = schedule('completes');
    schedule('fails');
    const loud = schedule('loud');
    const slow = schedule('slow');
    const vanishes = schedule('vanishes');
    schedule('unreported');
    schedule('mystery');
    const canceled = schedule('slow');
    fake.faults.inject({
      operations: ['RecordActivityTaskHeartbeat'],
      error: 'InternalFailure',
      times: 3,
    });
    fake.faults.inject({
      operations: ['RecordActivityTaskHeartbeat'],
      error: 'ThrottlingException',
      times: 2,
    });
    fake.faults.inject({
      operations: ['RespondActivityTaskFailed'],
      error: 'OperationNotPermittedFault',
      times: 1,
    });

    // Every level goes to the console, which is captured.
    const logger: Logger = {
      debug: (...args) => console.debug(...args),
      info: (...args) => console.info(...args),
      warn: (...args) => console.warn(...args),
      error: (...args) => console.error(...args),
    };
    const activity = (name: string, handler: Parameters<typeof defineActivity>[0]['handler']) =>
      defineActivity({ name, version: '1', handler });
    const { events, worker } = swf.startWorker({
      logger,
      activities: [
        activity('completes', async () => ({ done: true })),
        activity('fails', async () => {
          throw new Error('broken', { cause: new TypeError('deeper') });
        }),
        activity('loud', async (_input, ctx) => {
          ctx.logger.info({ task: ctx.task }, 'running', ctx.task);
          ctx.logger.warn(`task ${ctx.task}`, JSON.stringify(ctx.task));
          ctx.heartbeat({ blob: 'x'.repeat(5_000) });
          await ctx.sleep(2_000);
          return 'y'.repeat(40_000);
        }),
        activity('slow', async (_input, ctx) => {
          await ctx.sleep(60_000);
          return 'slow';
        }),
        activity('vanishes', async (_input, ctx) => {
          await ctx.sleep(60_000);
        }),
        activity('unreported', async () => {
          throw new Error('will not be reported');
        }),
      ],
      maxConcurrentTasks: 10,
    });
    const seen = new TokenScanner();
    for (const type of ['taskStarted', 'taskResponded', 'taskGone', 'respondFailed'] as const) {
      worker.on(type, (event) => seen.add([event.task.taskToken]));
    }
    await clock.advance(1_000);
    await fake.handle('TerminateWorkflowExecution', {
      domain: 'fake',
      workflowId: vanishes.workflowExecution.workflowId,
    });
    fake.requestActivityTaskCancel(canceled);
    await clock.advance(120_000);
    for (const event of events) sink.write(`event ${render(event)}`);
    stopCapture();
    stopCapture = undefined;

    expect(fake.activityTask(completes).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(fake.activityTask(loud).closeEvent?.eventType).toBe('ActivityTaskFailed');
    expect(fake.activityTask(slow).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(fake.activityTask(canceled).closeEvent?.eventType).toBe('ActivityTaskCanceled');
    const types = new Set(events.map((event) => event.type));
    for (const type of [
      'heartbeatRetried',
      'detailsTruncated',
      'taskGone',
      'respondFailed',
      'cancelRequested',
    ]) {
      expect(types, type).toContain(type);
    }
    expect(seen.size).toBe(8);
    expect(sink.length).toBeGreaterThan(10_000);
    // The scan finds a token where there is one.
    const [token] = [
      ...events.flatMap((event) => ('task' in event && event.task ? [event.task.taskToken] : [])),
    ];
    expect(seen.findIn(`{"taskToken":"${token}"}`)).toEqual([token]);
    expect(sink.findTokens(seen)).toEqual([]);
  });
});

describe('the HTTP fake', () => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('binds 127.0.0.1 unless told otherwise, as does the swf-fake command', async () => {
    const fake = new FakeSwf();
    closers.push(() => fake.close());
    const server = await startHttpServer(fake);
    closers.push(() => server.close());
    expect(server.host).toBe('127.0.0.1');
    expect(parseCliArguments([])).toMatchObject({ kind: 'serve', host: '127.0.0.1' });
    // Not reachable on the machine's other addresses.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address?.family === 'IPv4' && !address.internal)?.address;
    if (external !== undefined) {
      const refused = await new Promise<boolean>((resolveConnect) => {
        const socket = connect(server.port, external);
        socket.once('connect', () => {
          socket.destroy();
          resolveConnect(false);
        });
        socket.once('error', () => resolveConnect(true));
      });
      expect(refused).toBe(true);
    }
  });

  it('caps a request at 1 MB, whatever maxBodyBytes says', async () => {
    const fake = new FakeSwf();
    closers.push(() => fake.close());
    const server = await startHttpServer(fake, { maxBodyBytes: 10 * MAX_REQUEST_BODY_BYTES });
    closers.push(() => server.close());
    const status = await new Promise<number>((resolveStatus, reject) => {
      const request = httpRequest(
        server.url,
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'SimpleWorkflowService.RecordActivityTaskHeartbeat',
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolveStatus(response.statusCode ?? 0));
        },
      );
      request.on('error', reject);
      request.end(Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1, 0x20));
    });
    expect(status).toBe(413);
  });
});

/** The one required peer dependency: the worker drives the user's own `SWFClient`. */
const USERS_CLIENT = '@aws-sdk/client-swf';

describe('runtime dependencies', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
  const sources = listSources(join(ROOT, 'src'));
  const imports = new Map(sources.map((file) => [file, importsOf(file)]));

  it('are exactly the packages that src/ imports', () => {
    const declared = new Set(Object.keys(manifest.dependencies ?? {}));
    const peers = new Set(Object.keys(manifest.peerDependencies ?? {}));
    const used = new Set<string>();
    const undeclared: string[] = [];
    for (const [file, found] of imports) {
      for (const { specifier, typeOnly } of found) {
        const name = packageName(specifier);
        if (name === undefined || name === manifest.name) continue;
        used.add(name);
        if (!typeOnly && !declared.has(name) && !peers.has(name)) {
          undeclared.push(`${file.slice(ROOT.length)} imports ${specifier}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
    // Nothing in `dependencies` that src/ does not import (types count: the .d.ts need them).
    expect([...declared].filter((name) => !used.has(name))).toEqual([]);
    // The SDK client is the user's, so a required peer; other peers are optional: only the
    // subpath that needs one loads it.
    for (const peer of peers) {
      expect(manifest.peerDependenciesMeta?.[peer]?.optional ?? false, peer).toBe(
        peer !== USERS_CLIENT,
      );
    }
  });

  it('of the worker entry point are declared ones only: no fake, no msw', () => {
    const loaded = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string): void => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const { specifier, typeOnly } of imports.get(file) ?? []) {
        if (typeOnly) continue;
        if (specifier.startsWith('.')) {
          visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
        } else {
          const name = packageName(specifier);
          if (name !== undefined) packages.add(name);
        }
      }
    };
    visit(join(ROOT, 'src', 'index.ts'));
    expect(packages).toContain(USERS_CLIENT);
    const declared = [...Object.keys(manifest.dependencies ?? {}), USERS_CLIENT];
    expect([...packages].filter((name) => !declared.includes(name))).toEqual([]);
    const reached = [...loaded].map((file) => file.slice(join(ROOT, 'src').length + 1));
    expect(reached.filter((file) => /^(fake|msw|testing|cli)\//.test(file))).toEqual([]);
  });
});

function listSources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The module specifiers a file imports, and whether only types are imported. */
function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      // Under verbatimModuleSyntax only `import type` / `export type` vanish from the output.
      const typeOnly = ts.isImportDeclaration(node)
        ? node.importClause?.isTypeOnly === true
        : node.isTypeOnly;
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for Node and relative. */
function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
