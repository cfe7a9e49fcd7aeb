/**
 * Keeps the README honest: every code block in it is compiled or run.
 * - A TypeScript block must be, character for character, a file of examples/ (or a region of
 *   one, between `// #region <name>` and `// #endregion`), named by the comment above it:
 *   `<!-- example: examples/readme/quickstart.ts -->` or `...real-swf.ts#worker`. Those files
 *   are compiled by `npm run typecheck`, and the runnable ones run in examples.test.ts.
 * - Shell blocks may only use scripts that exist, on files that exist; the AWS CLI line runs
 *   against `npm run fake`, and so does the Python block, where the AWS CLI and boto3 are
 *   installed.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(`${ROOT}/README.md`, 'utf8');
const EXAMPLES_README = readFileSync(`${ROOT}/examples/README.md`, 'utf8');
const MANIFEST = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as {
  scripts: object;
  bin: object;
  repository: { url: string };
};
const SCRIPTS = Object.keys(MANIFEST.scripts);
/** The repository's address: links to its files must be absolute to resolve on npm's page. */
const REPOSITORY = MANIFEST.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** A fenced code block: its language, its text (unindented), and the comment naming its source. */
interface CodeBlock {
  readonly lang: string;
  readonly code: string;
  readonly source: string | undefined;
  readonly line: number;
}

function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^( *)```(\w*)\s*$/.exec(lines[index] ?? '');
    if (!open) continue;
    const indent = open[1]?.length ?? 0;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !/^ *```\s*$/.test(lines[end] ?? '')) {
      body.push((lines[end] ?? '').slice(indent));
      end += 1;
    }
    const source = /<!-- example: (\S+) -->/.exec(lines[index - 1] ?? '')?.[1];
    blocks.push({ lang: open[2] ?? '', code: body.join('\n'), source, line: index + 1 });
    index = end;
  }
  return blocks;
}

/** A file of the repository, or the region of it after `#`, unindented. */
function sourceText(reference: string): string {
  const [path = '', region] = reference.split('#');
  const text = readFileSync(`${ROOT}/${path}`, 'utf8');
  if (region === undefined) return text.trimEnd();
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${region}`);
  const end = lines.findIndex((line, index) => index > start && line.trim() === '// #endregion');
  if (start < 0 || end < 0) throw new Error(`no region ${region} in ${path}`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(
    ...body.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0),
  );
  return body.map((line) => line.slice(indent)).join('\n');
}

const readmeBlocks = codeBlocks(README);

describe('README code blocks', () => {
  test('the README has the blocks it is meant to have', () => {
    expect(readmeBlocks.map((block) => block.lang)).toEqual([
      'sh',
      'sh',
      'ts',
      'ts',
      'ts',
      'ts',
      'sh',
      'ts',
      'sh',
      'python',
      'ts',
      'ts',
      'json',
      'ts',
      'ts',
      'ts',
      'text',
    ]);
    expect(readmeBlocks[0]?.code).toBe('npm install swf-activity-worker @aws-sdk/client-swf');
    expect(README).toContain('npm install && npm run demo');
    expect(README).toContain('npm install && npm test');
  });

  test.each(
    readmeBlocks.filter((block) => block.lang === 'ts').map((block) => [block.line, block]),
  )('the TypeScript block at line %i is the code of the file it names', (_line, block) => {
    expect(
      block.source,
      'a TypeScript block needs <!-- example: path[#region] --> above it',
    ).toBeDefined();
    const [path = ''] = (block.source ?? '').split('#');
    expect(path).toMatch(/^examples\/.+\.ts$/);
    expect(block.code).toBe(sourceText(block.source ?? ''));
  });

  test('the files the README names as code exist, and examples/ is compiled by typecheck', () => {
    const tsconfig = readFileSync(`${ROOT}/tsconfig.json`, 'utf8');
    expect(tsconfig).toMatch(/"include": \[[^\]]*"examples"/);
    const links = [...README.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target = '']) => target);
    const files = links.filter((target) => target.startsWith(`${REPOSITORY}/`));
    expect(files.length).toBeGreaterThan(5);
    // npm shows the README away from the repository: a relative link would lead nowhere.
    expect(links.filter((target) => !/^(https?:\/\/|#)/.test(target))).toEqual([]);
    for (const target of files) {
      const path = /^\/(?:blob|tree)\/main\/([^#]+)/.exec(target.slice(REPOSITORY.length))?.[1];
      if (path === undefined) continue; // the repository itself, its issues
      expect(existsSync(`${ROOT}/${path}`), target).toBe(true);
    }
  });

  test('shell blocks only use npm scripts and files that exist', () => {
    const shell = [...readmeBlocks, ...codeBlocks(EXAMPLES_README)]
      .filter((block) => block.lang === 'sh')
      .flatMap((block) => block.code.split('\n'))
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(shell.length).toBeGreaterThan(0);
    for (const line of shell) {
      for (const [, script] of line.matchAll(/npm run (\S+)/g)) {
        expect(SCRIPTS, line).toContain(script);
      }
      for (const [, bin] of line.matchAll(/npx (\S+)/g)) {
        expect(Object.keys(MANIFEST.bin), line).toContain(bin);
      }
      for (const [, path] of line.matchAll(/(examples\/\S+\.ts)/g)) {
        expect(existsSync(`${ROOT}/${path}`), line).toBe(true);
      }
    }
  });

  test('examples/README.md gives a command for every example', () => {
    const files = [
      'demo.ts',
      'quickstart.ts',
      'progress-and-resume.ts',
      'cancellation.ts',
      'cpu-bound.ts',
      'graceful-shutdown.ts',
      'fleet.ts',
      'observability.ts',
      'interop/java-flow.ts',
      'interop/simpleflow.ts',
    ];
    for (const file of files) {
      expect(existsSync(`${ROOT}/examples/${file}`), file).toBe(true);
      expect(EXAMPLES_README).toContain(`[${file}](${file})`);
    }
    expect(EXAMPLES_README).toContain('`npx vitest run examples/testing`');
  });
});

const hasAwsCli = spawnSync('aws', ['--version']).status === 0;
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3']).status === 0;

describe('the fake from the AWS CLI and boto3, as the README shows', () => {
  let fake: ChildProcess | undefined;
  let port = '';
  const credentials = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'fake',
    AWS_SECRET_ACCESS_KEY: 'fake',
    AWS_DEFAULT_REGION: 'us-east-1',
  };

  beforeAll(async () => {
    if (!hasAwsCli && !hasBoto3) return;
    const [command = '', ...args] = shellLines('sh')
      .find((line) => line.startsWith('npx swf-fake'))
      ?.split(' ') ?? [''];
    expect(`${command} ${args.join(' ')}`).toBe('npx swf-fake --port 0');
    // The bin's source, run as `npm run fake` does, so that the server is this test's own child.
    fake = spawn(
      process.execPath,
      [
        '--conditions=swf-activity-worker:source',
        '--import',
        'tsx',
        'src/cli/swf-fake.ts',
        '--port',
        '0',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const lines = createInterface({ input: fake.stdout ?? process.stdin });
    const [first] = (await once(lines, 'line')) as [string];
    lines.close();
    port = /127\.0\.0\.1:(\d+)$/.exec(first)?.[1] ?? '';
    expect(port).not.toBe('');
  });

  afterAll(async () => {
    if (fake === undefined || fake.exitCode !== null) return;
    const exited = once(fake, 'exit');
    fake.kill('SIGTERM');
    await exited;
  });

  test.skipIf(!hasAwsCli)('the AWS CLI lists the domains', async () => {
    const line = shellLines('sh').find((each) => each.startsWith('aws swf'));
    expect(line).toBe(
      'aws swf list-domains --registration-status REGISTERED --endpoint-url http://127.0.0.1:<port>',
    );
    const [, ...args] = (line ?? '').replaceAll('<port>', port).split(' ');
    const { stdout } = await promisify(execFile)('aws', args, { env: credentials });
    expect(JSON.parse(stdout)).toHaveProperty('domainInfos');
  });

  test.skipIf(!hasBoto3)('the boto3 block registers and lists a domain', async () => {
    const block = readmeBlocks.find((each) => each.lang === 'python');
    const script = (block?.code ?? '').replaceAll('<port>', port);
    const { stdout } = await promisify(execFile)('python3', ['-c', script], { env: credentials });
    expect(stdout).toContain("'name': 'media'");
  });
});

/** The command lines of the README's blocks of `lang`, comments left out. */
function shellLines(lang: string): string[] {
  return readmeBlocks
    .filter((block) => block.lang === lang)
    .flatMap((block) => block.code.split('\n'))
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
}
