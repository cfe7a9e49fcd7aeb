import { RegisterDomainCommand, SWFClient } from '@aws-sdk/client-swf';
import {
  ActivityWorker,
  consoleWarningsLogger,
  silentLogger,
  WorkerConfigurationError,
} from 'swf-activity-worker';
import { FakeSwf, InProcessHttpHandler } from 'swf-activity-worker/fake';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { workingActivity } from '../worker/support/activities.js';
import { useWorkerHarness } from '../worker/support/harness.js';
import { recordingLogger } from './support/recording-logger.js';

describe('polls that cannot succeed without a change of configuration', () => {
  const open = useWorkerHarness('in-process');

  it('an unknown domain: run() rejects with a WorkerConfigurationError naming it and the fix', async () => {
    const swf = await open();
    const logger = recordingLogger();
    const { running, of } = swf.startWorker({
      activities: [workingActivity(1_000)],
      domain: 'nowhere',
      handleSignals: false,
      logger,
    });
    const failure = running.catch((error: unknown) => error);
    await swf.advanceUntil(failure, 1_000, 60_000);
    const error = await failure;
    expect(error).toBeInstanceOf(WorkerConfigurationError);
    expect(error).toMatchObject({ problem: 'unknownDomain' });
    expect((error as Error).message).toMatch(
      /SWF does not know the domain "nowhere" .*Register it \(RegisterDomain\).*retryConfigurationErrors/,
    );
    expect((error as Error).cause).toMatchObject({ name: 'UnknownResourceFault' });
    expect(of('pollError')).toEqual([]);
    // Two pollers met it; it is logged once.
    expect(logger.lines.filter((line) => line.includes('does not know the domain'))).toHaveLength(
      1,
    );
  });

  it('access denied: run() rejects, after the tasks in flight were reported', async () => {
    const swf = await open();
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 600 });
    const { running } = swf.startWorker({
      activities: [workingActivity(3_000)],
      pollers: 1,
      handleSignals: false,
    });
    await swf.clock.advance(1_000);
    swf.fake.accessPolicy = [
      { effect: 'Allow', actions: ['*'] },
      { effect: 'Deny', actions: ['swf:PollForActivityTask'] },
    ];
    const failure = running.catch((error: unknown) => error);
    await swf.advanceUntil(failure, 1_000, 120_000);
    expect(await failure).toMatchObject({ problem: 'accessDenied' });
    expect(String(await failure)).toMatch(
      /may not poll the domain "fake".*swf:PollForActivityTask/,
    );
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
  });

  it('retryConfigurationErrors keeps polling until the domain exists', async () => {
    const swf = await open();
    const logger = recordingLogger();
    const { running, of, worker } = swf.startWorker({
      activities: [workingActivity(1_000)],
      pollers: 1,
      retryConfigurationErrors: true,
      pollBackoff: { minMs: 1_000, maxMs: 4_000 },
      handleSignals: false,
      logger,
    });
    await swf.clock.advance(20_000);
    expect(of('pollError').length).toBeGreaterThanOrEqual(4);
    // One line per failed poll: name, code and message, never the SDK's object.
    const lines = logger.lines.filter((line) => line.includes('PollForActivityTask failed'));
    expect(lines).toHaveLength(of('pollError').length);
    for (const line of lines) {
      expect(line).toMatch(
        /PollForActivityTask failed \(UnknownResourceFault: .+\); polling again in \d+ ms/,
      );
      expect(line).not.toMatch(/\$metadata|\n/);
    }
    await swf.client.send(
      new RegisterDomainCommand({ name: 'fake', workflowExecutionRetentionPeriodInDays: '1' }),
    );
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 600 });
    await swf.clock.advance(10_000);
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
    expect(worker.state).toBe('running');
    await swf.advanceUntil(worker.shutdown({ graceMs: 0 }));
    await running;
  });

  it('transient errors back off and resume, one log line each', async () => {
    const swf = await open();
    const logger = recordingLogger();
    swf.fake.faults.inject({
      operations: ['PollForActivityTask'],
      error: 'ThrottlingException',
      message: 'Rate exceeded',
      times: 3,
    });
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 600 });
    const { of } = swf.startWorker({
      activities: [workingActivity(1_000)],
      pollers: 1,
      handleSignals: false,
      logger,
    });
    await swf.clock.advance(30_000);
    expect(of('pollError')).toHaveLength(3);
    expect(logger.lines.filter((line) => line.includes('PollForActivityTask failed'))).toEqual([
      expect.stringMatching(
        /PollForActivityTask failed \(ThrottlingException: Rate exceeded\); polling again in \d+ ms/,
      ),
      expect.stringMatching(/ThrottlingException: Rate exceeded/),
      expect.stringMatching(/ThrottlingException: Rate exceeded/),
    ]);
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
  });

  it('a poll that never gets an answer is given up after 70 s, and polling goes on', async () => {
    const swf = await open();
    // The first poll's connection goes silent: no answer, no error, for ten minutes.
    swf.fake.faults.inject({ operations: ['PollForActivityTask'], delayMs: 600_000, times: 1 });
    const { of, worker } = swf.startWorker({
      activities: [workingActivity(1_000)],
      pollers: 1,
      handleSignals: false,
    });
    await swf.clock.advance(69_000);
    expect(of('pollError')).toEqual([]);
    expect(worker.pollsInFlight).toBe(1);
    const task = swf.fake.scheduleActivityTask({ heartbeatTimeout: 10, startToCloseTimeout: 600 });
    await swf.clock.advance(10_000);
    expect(of('pollError')).toMatchObject([{ error: { name: 'PollTimeoutError' } }]);
    expect(swf.fake.activityTask(task).closeEvent?.eventType).toBe('ActivityTaskCompleted');
  });
});

describe('clients that can never poll', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const name of Object.keys(process.env)) {
      if (name.startsWith('AWS_')) delete process.env[name];
    }
    // No credentials anywhere: no files, no instance metadata.
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
    process.env.AWS_CONFIG_FILE = '/nonexistent/config';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  afterEach(() => {
    process.env = { ...saved };
  });
  // Requests never get this far; the client needs somewhere to send them all the same.
  const fake = new FakeSwf();
  afterAll(() => fake.close());

  const credentials = { accessKeyId: 'AKIDFAKESWF', secretAccessKey: 'fake-swf-secret' };

  async function runUntilRejected(client: SWFClient): Promise<WorkerConfigurationError> {
    const worker = new ActivityWorker({
      client,
      domain: 'media',
      taskList: 'images',
      activities: [workingActivity(1)],
      handleSignals: false,
      logger: silentLogger,
      clock: fake.clock,
    });
    try {
      const error = await worker.run().then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(WorkerConfigurationError);
      return error as WorkerConfigurationError;
    } finally {
      client.destroy();
    }
  }

  it('no region: rejects at once, saying how to give one', async () => {
    const error = await runUntilRejected(
      new SWFClient({ credentials, requestHandler: new InProcessHttpHandler(fake) }),
    );
    expect(error.problem).toBe('noRegion');
    expect(error.message).toMatch(/no region.*AWS_REGION/);
  });

  it('no credentials: rejects at once, saying where credentials come from', async () => {
    const error = await runUntilRejected(
      new SWFClient({ region: 'us-east-1', requestHandler: new InProcessHttpHandler(fake) }),
    );
    expect(error.problem).toBe('noCredentials');
    expect(error.message).toMatch(
      /no usable credentials \(CredentialsProviderError: .+\)\. Give it credentials/,
    );
  });
});

describe('the default logger', () => {
  it('prints one line per call: message, then fields, errors by name, code and message', async () => {
    const fake = new FakeSwf();
    const client = new SWFClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDFAKESWF', secretAccessKey: 'fake-swf-secret' },
      requestHandler: new InProcessHttpHandler(fake),
      maxAttempts: 1,
    });
    const sdkError = await client
      .send(new RegisterDomainCommand({ name: '', workflowExecutionRetentionPeriodInDays: '1' }))
      .catch((error: unknown) => error);
    client.destroy();
    fake.close();
    const printed: unknown[][] = [];
    const spy = vi.spyOn(console, 'warn').mockImplementation((...args) => {
      printed.push(args);
    });
    try {
      consoleWarningsLogger.warn({ err: sdkError, retryInMs: 5 }, 'PollForActivityTask failed');
      const hostile = new Proxy(
        {},
        {
          get: () => {
            throw new Error('no');
          },
          ownKeys: () => {
            throw new Error('no');
          },
        },
      );
      consoleWarningsLogger.warn({ err: hostile }, 'still one line');
    } finally {
      spy.mockRestore();
    }
    expect(printed).toHaveLength(2);
    const [first, second] = printed.map((args) => args.join(' '));
    expect(first).toMatch(
      /^PollForActivityTask failed \{"err":\{"name":"ValidationException","message":".+"\},"retryInMs":5\}$/,
    );
    expect(first).not.toContain('\n');
    expect(second).toBe('still one line [unprintable]');
  });
});
