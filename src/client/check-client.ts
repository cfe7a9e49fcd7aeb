/**
 * The check that an `SWFClient` handed to the package can send the package's commands.
 *
 * `@aws-sdk/client-swf` is a peer dependency: the commands the worker sends come from the copy
 * that `swf-activity-worker` resolves, and the client from the copy the user imported. When the
 * two are different copies of different versions (a second copy installed next to the user's,
 * or a version older than the supported range), the SDK's middleware does not fit together and
 * every call fails the same way ("serializerMiddleware is not found ..."), which a worker would
 * otherwise retry forever. The check tries, once per client, what `client.send()` does first:
 * resolving a command's middleware on the client's stack. Nothing is sent.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { PollForActivityTaskCommand, type SWFClient } from '@aws-sdk/client-swf';
import type { Clock } from '../clock/clock.js';
import { checkClockOfClient } from '../clock/clock-of-client.js';

/** The versions of `@aws-sdk/client-swf` the package supports: its peer dependency range. */
export const SUPPORTED_CLIENT_RANGE = '>=3.523.0 <4';

/**
 * Thrown by {@link swf-activity-worker!ActivityWorker}'s constructor and
 * {@link swf-activity-worker!runActivityTask} when the `SWFClient` they are given cannot send
 * the package's commands: it comes from a copy of `@aws-sdk/client-swf` other than the one
 * `swf-activity-worker` uses, in a version whose middleware does not fit. The message names
 * the fix: one copy of `@aws-sdk/client-swf`, in the supported range.
 */
export class UnsupportedClientError extends TypeError {
  override readonly name = 'UnsupportedClientError';
}

/** Clients already found fit, so that the check costs nothing after the first time. */
const fitClients = new WeakSet<object>();

/**
 * The parts of an SDK client that `client.send()` uses before anything goes out. Typed as this
 * copy's; another copy's may differ in fact, which is what the check finds out.
 */
type SdkClientParts = Pick<SWFClient, 'middlewareStack' | 'config'>;

/**
 * The checks of a client and a clock given to the worker or the runner: the client can send
 * the package's commands ({@link assertDrivableClient}), and a client served by a fake on a
 * manual clock comes with a clock.
 *
 * @param clock - the clock the caller was given; `undefined` when none was.
 */
export function checkClient(client: unknown, clock: Clock | undefined, where: string): void {
  assertDrivableClient(client, where);
  checkClockOfClient(client, clock, where);
}

/**
 * Throws an {@link UnsupportedClientError} unless `client` can send the package's commands.
 * Objects that are not SDK clients (no middleware stack: a wrapper of the user's own with a
 * `send` method) are left to the caller's own validation.
 *
 * @param where - who checks, for the message: `'ActivityWorker'`, `'runActivityTask'`.
 */
export function assertDrivableClient(client: unknown, where: string): void {
  if (typeof client !== 'object' || client === null || fitClients.has(client)) return;
  if (!isSdkClient(client)) return;
  const command = new PollForActivityTaskCommand({ domain: 'check', taskList: { name: 'check' } });
  let steps: readonly string[];
  try {
    // What `send()` does before any I/O: the command's middleware on the client's stack.
    command.resolveMiddleware(client.middlewareStack, client.config, undefined);
    steps = client.middlewareStack.concat(command.middlewareStack).identify();
  } catch (error) {
    throw unsupported(where, error instanceof Error ? error.message : String(error), error);
  }
  // A stack that resolves yet cannot serialize the command or parse the answer is no better.
  for (const step of ['serialize', 'deserialize']) {
    if (!steps.some((entry) => entry.endsWith(` - ${step}`))) {
      throw unsupported(where, `the client's middleware has no ${step} step for the command`);
    }
  }
  fitClients.add(client);
}

function isSdkClient(client: object): client is SdkClientParts {
  const { middlewareStack, config } = client as Partial<SdkClientParts>;
  return (
    typeof middlewareStack === 'object' &&
    middlewareStack !== null &&
    typeof (middlewareStack as { concat?: unknown }).concat === 'function' &&
    typeof config === 'object' &&
    config !== null
  );
}

function unsupported(where: string, problem: string, cause?: unknown): UnsupportedClientError {
  return new UnsupportedClientError(
    `${where}: this SWFClient cannot send the commands of @aws-sdk/client-swf ${ownClientVersion()}, ` +
      `the copy swf-activity-worker uses (${problem}). The client comes from another copy of ` +
      '@aws-sdk/client-swf, in a version that does not fit. Fix: install one @aws-sdk/client-swf ' +
      `in the range ${SUPPORTED_CLIENT_RANGE} next to swf-activity-worker and create the client ` +
      'from it (`npm ls @aws-sdk/client-swf` lists the copies; align their versions, then ' +
      '`npm dedupe`).',
    cause === undefined ? undefined : { cause },
  );
}

/** The version of the `@aws-sdk/client-swf` this module imports, or `(version unknown)`. */
function ownClientVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    const { version } = require('@aws-sdk/client-swf/package.json') as { version?: unknown };
    return typeof version === 'string' ? version : '(version unknown)';
  } catch {
    return '(version unknown)';
  }
}
