/**
 * `npm run docs` must build the API reference with no warning (typedoc.json treats them as
 * errors): a broken `{@link}`, an export without TSDoc or a type the reference cannot show
 * fails here. Validation only: nothing is written, and no type checking of its own, which
 * `npm run typecheck` does for the same sources before the tests run (`npm run docs` still
 * checks).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('the API reference builds with no warning', async () => {
  const typedoc = fileURLToPath(new URL('../../node_modules/typedoc/bin/typedoc', import.meta.url));
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [typedoc, '--emit', 'none', '--skipErrorChecking'],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`typedoc failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  });
  expect(`${stdout}${stderr}`).not.toMatch(/warning|error/i);
}, 120_000);
