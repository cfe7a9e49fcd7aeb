#!/usr/bin/env node
/**
 * `swf-fake`: serves an in-memory Amazon SWF on localhost until SIGINT or SIGTERM.
 * See {@link USAGE} for the flags.
 *
 * @module
 */
import { FakeSwf } from '../fake/fake-swf.js';
import { startHttpServer } from '../fake/transports/http-server.js';
import { CliUsageError, parseCliArguments, USAGE } from './arguments.js';

/** Runs the command; resolves with the process's exit code. */
async function main(args: readonly string[]): Promise<number> {
  let command: ReturnType<typeof parseCliArguments>;
  try {
    command = parseCliArguments(args);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`swf-fake: ${error.message}\nRun 'swf-fake --help' for usage.\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }

  const service = new FakeSwf({ pollTimeoutMs: command.pollTimeoutMs });
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    server = await startHttpServer(service, { host: command.host, port: command.port });
  } catch (error) {
    service.close();
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`swf-fake: cannot listen on ${command.host}:${command.port}: ${reason}\n`);
    return 1;
  }
  process.stdout.write(`swf-fake listening on ${server.url}\n`);
  const reset = () => {
    service.reset();
    process.stdout.write('swf-fake reset\n');
  };
  process.on('SIGHUP', reset);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.off('SIGHUP', reset);
  // A second signal while closing stops at once.
  process.once(signal, () => process.exit(1));
  // Closing the service first answers waiting polls (empty), so their requests end cleanly.
  service.close();
  await server.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `swf-fake: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
