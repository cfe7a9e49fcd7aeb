/**
 * The command line of `swf-fake`: flags, defaults and usage.
 *
 * @module
 */
import { parseArgs } from 'node:util';

/** What `swf-fake` was asked to do. */
export type CliCommand =
  | {
      readonly kind: 'serve';
      readonly host: string;
      readonly port: number;
      /** How long a poll waits for a task, in ms. */
      readonly pollTimeoutMs: number;
    }
  | { readonly kind: 'help' };

/** A command line `swf-fake` cannot run: the message says why. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** The text of `swf-fake --help`. */
export const USAGE = `Usage: swf-fake [--port <port>] [--host <address>] [--poll-timeout <ms>]

Serves an in-memory Amazon SWF over HTTP (AWS JSON 1.0, as the real service speaks it) until
SIGINT or SIGTERM. Once ready it prints one line: "swf-fake listening on <url>".
SIGHUP drops every domain, execution and task (waiting polls answer empty) and serves on, as
a fresh fake: SWF allows 100 domains and has no DeleteDomain. It prints "swf-fake reset".

Options:
  --port <port>          Port to listen on, 0 to 65535; 0 (the default) picks a free port.
  --host <address>       Address to bind. Default: 127.0.0.1 (this machine only).
  --poll-timeout <ms>    How long a poll waits for a task before it answers empty.
                         Default: 60000, as SWF. The AWS CLI gives up on a call after 60 s:
                         give it less (e.g. 20000), or the CLI --cli-read-timeout 70.
  -h, --help             Print this help and exit.

Exit codes: 0 after a clean stop, 1 if the server cannot start, 2 for a bad command line.
`;

/** Reads the command line (without the `node` and script arguments). */
export function parseCliArguments(args: readonly string[]): CliCommand {
  let values: { port?: string; host?: string; 'poll-timeout'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'poll-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { kind: 'help' };
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new CliUsageError('--host must not be empty');
  return {
    kind: 'serve',
    host,
    port: parsePort(values.port),
    pollTimeoutMs: parsePollTimeout(values['poll-timeout']),
  };
}

function parsePollTimeout(text: string | undefined): number {
  if (text === undefined) return 60_000;
  const ms = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(ms)) {
    throw new CliUsageError(
      `--poll-timeout must be a whole number of milliseconds (0 or more), got '${text}'`,
    );
  }
  return ms;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port > 65_535) {
    throw new CliUsageError(`--port must be a whole number from 0 to 65535, got '${text}'`);
  }
  return port;
}
