/**
 * Settings that can never work fail fast, over real sockets and the SDK's real request path:
 * `run()` rejects with a WorkerConfigurationError that names the problem and the fix. Errors
 * that may heal back off, one short log line each (the default console logger).
 */
import { format } from 'node:util';
import { SWFClient } from '@aws-sdk/client-swf';
import { ActivityWorker, defineActivity, WorkerConfigurationError } from 'swf-activity-worker';
import { describe, it, vi } from 'vitest';
import {
  DOMAIN,
  eventually,
  FAKE_CREDENTIALS,
  measure,
  openNetworkRig,
  TASK_LIST,
  within,
} from '../support/network-rig.js';

const noop = defineActivity({ name: 'noop', version: '1', handler: async () => 'ok' });

/** A credential provider that fails as the SDK's default chain does when it finds nothing. */
const noCredentials = async (): Promise<never> => {
  throw Object.assign(new Error('Could not load credentials from any providers'), {
    name: 'CredentialsProviderError',
    tryNextLink: false,
  });
};

const REGION_IN_ENVIRONMENT =
  process.env.AWS_REGION !== undefined || process.env.AWS_DEFAULT_REGION !== undefined;

const CASES = [
  {
    problem: 'unknownDomain',
    domain: 'nowhere',
    client: {},
    message: /"nowhere".*RegisterDomain/,
  },
  {
    problem: 'noRegion',
    domain: DOMAIN,
    client: { region: undefined },
    message: /region/i,
    skip: REGION_IN_ENVIRONMENT,
  },
  {
    problem: 'noCredentials',
    domain: DOMAIN,
    client: { credentials: noCredentials },
    message: /credentials/i,
  },
  {
    problem: 'accessDenied',
    domain: DOMAIN,
    client: {},
    denied: true,
    message: /swf:PollForActivityTask/,
  },
] as const;

/** Declares these scenarios (run them inside a concurrent suite). */
export function configurationScenarios(): void {
  describe('a worker whose settings can never work', () => {
    for (const { problem, domain, client: clientConfig, message, ...rest } of CASES) {
      const skip = 'skip' in rest && rest.skip;
      it.skipIf(skip)(
        `rejects run() at once: ${problem}`,
        { timeout: 30_000 },
        async ({ expect, onTestFailed, onTestFinished }) => {
          const rig = await openNetworkRig({ onTestFailed });
          onTestFinished(() => rig.close());
          if ('denied' in rest) {
            rig.fake.accessPolicy = [
              { effect: 'Allow', actions: ['*'] },
              { effect: 'Deny', actions: ['swf:PollForActivityTask'] },
            ];
          }
          const client = new SWFClient({
            region: 'us-east-1',
            endpoint: rig.proxy.url,
            credentials: FAKE_CREDENTIALS,
            ...clientConfig,
          });
          onTestFinished(() => client.destroy());
          const lines: string[] = [];
          const worker = new ActivityWorker({
            client,
            domain,
            taskList: TASK_LIST,
            activities: [noop],
            handleSignals: false,
            logger: {
              debug: () => {},
              info: () => {},
              warn: (...args) => lines.push(format(...args)),
              error: (...args) => lines.push(format(...args)),
            },
          });
          const startedAt = Date.now();
          const failure = worker.run().then(
            () => undefined,
            (error: unknown) => error,
          );
          const settled = await within(failure, 20_000);
          const error = await (settled ? failure : undefined);
          const rejectedAfterMs = Date.now() - startedAt;
          measure('configuration', {
            problem,
            rejectedAfterMs: settled ? rejectedAfterMs : 'not within 20 s',
            logLines: lines.length,
          });
          if (!settled) await worker.shutdown({ graceMs: 0 });
          expect(error).toBeInstanceOf(WorkerConfigurationError);
          expect(error).toMatchObject({ problem });
          expect(String((error as Error).message)).toMatch(message);
          expect(rejectedAfterMs).toBeLessThan(10_000);
        },
      );
    }
  });

  describe('a worker whose polls fail with errors that may heal', () => {
    it('backs off and recovers, logging one short line per failure', { timeout: 30_000 }, async ({
      expect,
      onTestFailed,
      onTestFinished,
    }) => {
      const rig = await openNetworkRig({ onTestFailed });
      onTestFinished(() => rig.close());
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      onTestFinished(() => warn.mockRestore());
      const fault = rig.fake.faults.inject({
        operations: ['PollForActivityTask'],
        error: 'InternalFailure',
        times: 6,
      });
      // The default logger: the console.
      const { worker } = rig.startWorker({
        activities: [noop],
        logger: undefined,
        pollers: 1,
        pollBackoff: { minMs: 100, maxMs: 400 },
      });
      const task = rig.fake.scheduleActivityTask({
        domain: DOMAIN,
        taskList: TASK_LIST,
        activityType: noop,
        heartbeatTimeout: 'NONE',
        startToCloseTimeout: 60,
      });
      await eventually(() => rig.closeOf(task) !== undefined, 20_000);
      const printed = warn.mock.calls.map((args) => format(...args));
      measure('transient-poll-errors', {
        faults: fault.hits,
        warnLines: printed.length,
        longest: Math.max(...printed.map((line) => line.length)),
        sample: printed[0],
      });
      expect(rig.closeOf(task)?.eventType).toBe('ActivityTaskCompleted');
      expect(worker.state).toBe('running');
      const pollWarnings = printed.filter((line) => line.includes('PollForActivityTask'));
      // The SDK retries on its own (3 attempts): the worker sees one failure per 3 faults.
      expect(pollWarnings.length).toBeGreaterThan(0);
      for (const line of pollWarnings) {
        expect(line).not.toContain('\n');
        expect(line).not.toContain('$metadata');
        expect(line).toContain('InternalFailure');
        expect(line.length).toBeLessThan(400);
      }
    });
  });

  describe('options that can never work', () => {
    const base = () => ({
      client: new SWFClient({ region: 'us-east-1', credentials: FAKE_CREDENTIALS }),
      domain: DOMAIN,
      taskList: TASK_LIST,
      activities: [noop],
    });
    it.for([
      { option: 'shutdownGraceMs', value: -5, error: RangeError },
      { option: 'abortWaitMs', value: 'soon', error: TypeError },
      { option: 'timeoutStrategy', value: 'bogus', error: TypeError },
      { option: 'shutdownGrace', value: 1_000, error: TypeError },
    ])(
      'are refused when the worker is built: $option: $value',
      ({ option, value, error }, { expect }) => {
        const options = { ...base(), [option]: value };
        let thrown: unknown;
        try {
          new ActivityWorker(options as ConstructorParameters<typeof ActivityWorker>[0]);
        } catch (caught) {
          thrown = caught;
        } finally {
          options.client.destroy();
        }
        measure('option-check', {
          option,
          value,
          thrown: thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown),
        });
        expect(thrown).toBeInstanceOf(error);
        expect((thrown as Error).message).toContain(option);
      },
    );

    it('make shutdown() reject, never throw', async ({ expect }) => {
      const options = base();
      const worker = new ActivityWorker({ ...options, handleSignals: false });
      let shutdown: Promise<void> | undefined;
      expect(() => {
        shutdown = worker.shutdown({ graceMs: -1 });
      }).not.toThrow();
      await expect(shutdown).rejects.toBeInstanceOf(RangeError);
      options.client.destroy();
    });
  });
}
