import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SWFClient } from '@aws-sdk/client-swf';
import {
  ActivityWorker,
  type ActivityWorkerOptions,
  defineActivity,
  HeartbeatBudget,
  runActivityTask,
  silentLogger,
  systemClock,
} from 'swf-activity-worker';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { TASK_RUN_DEFAULTS } from '../../src/options/task-run-options.js';
import { resolveWorkerSettings } from '../../src/options/worker-options.js';

const activity = defineActivity({ name: 'activity', version: '1', handler: async () => 'done' });
const client = new SWFClient({ region: 'us-east-1' });
const base: ActivityWorkerOptions = {
  client,
  domain: 'media',
  taskList: 'images',
  activities: [activity],
  logger: silentLogger,
  clock: systemClock,
};

/** Builds a worker from options that may be wrong: what a JavaScript caller could pass. */
function build(options: Record<string, unknown>): ActivityWorker {
  return new ActivityWorker({ ...base, ...options } as unknown as ActivityWorkerOptions);
}

describe('the options of a worker, checked when it is built', () => {
  it.each([
    [
      { shutdownGraceMs: -5 },
      RangeError,
      /shutdownGraceMs must be a finite number of milliseconds >= 0, got -5/,
    ],
    [{ shutdownGraceMs: Number.NaN }, RangeError, /shutdownGraceMs/],
    [{ shutdownGraceMs: '5000' }, TypeError, /shutdownGraceMs must be a number, got "5000"/],
    [{ abortWaitMs: -1 }, RangeError, /abortWaitMs must be a finite number of milliseconds >= 0/],
    [{ abortWaitMs: Number.POSITIVE_INFINITY }, RangeError, /abortWaitMs/],
    [
      { timeoutStrategy: 'bogus' },
      TypeError,
      /timeoutStrategy must be 'activity-type' or 'history', got "bogus"/,
    ],
    [
      { maxConcurrentTasks: 0 },
      RangeError,
      /maxConcurrentTasks must be a whole number >= 1, got 0/,
    ],
    [{ pollers: 1.5 }, RangeError, /pollers must be a whole number >= 1, got 1.5/],
    [{ handleSignals: 'yes' }, TypeError, /handleSignals must be true or false, got "yes"/],
    [{ retryConfigurationErrors: 1 }, TypeError, /retryConfigurationErrors must be true or false/],
    [{ identity: '' }, TypeError, /identity must be a string of 1 to 256 characters/],
    [{ domain: '' }, TypeError, /domain must be a string of 1 to 256 characters/],
    [{ taskList: 'x'.repeat(257) }, TypeError, /taskList must be a string of 1 to 256 characters/],
    [{ client: {} }, TypeError, /client must be an SWFClient/],
    [{ client: undefined }, TypeError, /the option client is required/],
    [
      { logger: console.log },
      TypeError,
      /logger must be a Logger \(with debug, info, warn, error\), got a function/,
    ],
    [{ clock: { now: () => 0 } }, TypeError, /clock must be a Clock/],
    [{ activities: [] }, TypeError, /activities must list at least one/],
    [
      { activities: [{ name: 'a' }] },
      TypeError,
      /every member of activities must be a defineActivity/,
    ],
    [{ activities: [activity, activity] }, TypeError, /two activities are defined for activity@1/],
    [
      { pollBackoff: { minMs: 5000, maxMs: 1000 } },
      RangeError,
      /pollBackoff.minMs \(5000\) must not be above pollBackoff.maxMs \(1000\)/,
    ],
    [
      { pollBackoff: { min: 5 } },
      TypeError,
      /ActivityWorker: pollBackoff.unknown option "min"; did you mean "minMs"\?/,
    ],
    [
      { heartbeat: { intervalRatio: 2 } },
      RangeError,
      /heartbeat.intervalRatio must be between 0 and 1, got 2/,
    ],
    [
      { heartbeat: { minIntervalMs: 0 } },
      RangeError,
      /heartbeat.minIntervalMs must be a finite number of milliseconds > 0/,
    ],
    [{ heartbeat: { interval: 5 } }, TypeError, /heartbeat.unknown option "interval"/],
    [
      { heartbeatBudget: { ratePerSecond: 0 } },
      RangeError,
      /heartbeatBudget.ratePerSecond must be > 0, got 0/,
    ],
    [
      { heartbeatBudget: { rate: 10 } },
      TypeError,
      /heartbeatBudget.unknown option "rate"; did you mean "burst"|heartbeatBudget.unknown option "rate"/,
    ],
  ])('refuses %o with a %o naming the option', (override, type, message) => {
    expect(() => build(override)).toThrow(type);
    expect(() => build(override)).toThrow(message);
  });

  it('refuses an unknown option, suggesting the one meant', () => {
    expect(() => build({ shutdownGrace: 1000 })).toThrow(
      /ActivityWorker: unknown option "shutdownGrace"; did you mean "shutdownGraceMs"\? Known options: .*abortWaitMs/,
    );
    expect(() => build({ maxconcurrenttasks: 3 })).toThrow(/did you mean "maxConcurrentTasks"/);
    expect(() => build({ frobnicate: true })).toThrow(TypeError);
  });

  it('takes every option it documents, with their extremes', () => {
    const worker = build({
      maxConcurrentTasks: 1,
      pollers: 1,
      identity: 'x'.repeat(256),
      clock: systemClock,
      timeoutStrategy: 'history',
      heartbeat: {
        intervalRatio: 0.5,
        minIntervalMs: 1,
        intervalWithoutTimeoutMs: 1,
        intervalWhenUnknownMs: 1,
      },
      heartbeatBudget: new HeartbeatBudget(systemClock, {
        ratePerSecond: Number.POSITIVE_INFINITY,
      }),
      pollBackoff: { minMs: 0, maxMs: 0 },
      handleSignals: false,
      shutdownGraceMs: 0,
      abortWaitMs: 0,
      retryConfigurationErrors: true,
    });
    expect(worker.state).toBe('idle');
  });

  it('tells what it polls and how much it runs at once', () => {
    const worker = build({ maxConcurrentTasks: 1 });
    expect(worker).toMatchObject({
      domain: 'media',
      taskList: 'images',
      maxConcurrentTasks: 1,
      pollers: 1,
      tasksInFlight: 0,
      pollsInFlight: 0,
    });
    expect(build({ maxConcurrentTasks: 8 }).pollers).toBe(2);
  });
});

describe('shutdown() of a worker', () => {
  it('never throws: bad options reject, naming the option', async () => {
    const worker = build({});
    const negative = (() => worker.shutdown({ graceMs: -5 }))();
    await expect(negative).rejects.toThrow(RangeError);
    await expect(negative).rejects.toThrow(
      /ActivityWorker.shutdown\(\): graceMs must be a finite number of milliseconds >= 0, got -5/,
    );
    const unknown = (() => worker.shutdown({ grace: 5 } as never))();
    await expect(unknown).rejects.toThrow(/unknown option "grace"; did you mean "graceMs"\?/);
    expect(worker.state).toBe('idle');
    await worker.shutdown();
    expect(worker.state).toBe('stopped');
  });
});

describe('the options of runActivityTask', () => {
  it('are checked by the same rules, and reject rather than throw', async () => {
    const task = {
      taskToken: 'token',
      activityId: 'a',
      activityType: { name: 'activity', version: '1' },
      startedEventId: 1,
      workflowExecution: { workflowId: 'w', runId: 'r' },
    };
    const run = (options: Record<string, unknown>) =>
      runActivityTask(client, task, activity, { domain: 'media', ...options } as never);
    await expect(run({ abortWaitMs: -1 })).rejects.toThrow(
      /runActivityTask: abortWaitMs must be a finite number/,
    );
    await expect(run({ timeoutStrategy: 'bogus' })).rejects.toThrow(TypeError);
    await expect(run({ maxConcurrentTasks: 2 })).rejects.toThrow(
      /runActivityTask: unknown option "maxConcurrentTasks"/,
    );
    await expect(run({ domain: undefined })).rejects.toThrow(/the option domain is required/);
  });
});

describe('the documented defaults', () => {
  it('are the ones the resolver applies: every `@defaultValue` literal of the options', () => {
    const settings = resolveWorkerSettings(base, {});
    const applied: Record<string, unknown> = {
      maxConcurrentTasks: settings.maxConcurrentTasks,
      pollBackoff: settings.pollBackoff,
      handleSignals: settings.handleSignals,
      shutdownGraceMs: settings.shutdownGraceMs,
      retryConfigurationErrors: settings.retryConfigurationErrors,
      registerActivityTypes: settings.registerActivityTypes,
      abortWaitMs: settings.abortWaitMs,
      heartbeat: settings.task.heartbeat,
      timeoutStrategy: TASK_RUN_DEFAULTS.timeoutStrategy,
    };
    const documented = documentedDefaults(
      ['src/options/worker-options.ts', 'src/options/task-run-options.ts'],
      ['ActivityWorkerOptions', 'TaskRunOptions'],
    );
    expect(Object.keys(documented).sort()).toEqual(Object.keys(applied).sort());
    for (const [member, value] of Object.entries(documented)) {
      expect({ member, value }).toEqual({ member, value: applied[member] });
    }
  });
});

/** The members of `interfaces` whose `@defaultValue` is a literal in backticks, and its value. */
function documentedDefaults(
  files: readonly string[],
  interfaces: readonly string[],
): Record<string, unknown> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const found: Record<string, unknown> = {};
  for (const file of files) {
    const path = `${root}${file}`;
    const source = ts.createSourceFile(
      path,
      readFileSync(path, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node) || !interfaces.includes(node.name.text)) return;
      for (const member of node.members) {
        for (const tag of ts.getJSDocTags(member)) {
          if (tag.tagName.text !== 'defaultValue') continue;
          const text = ts.getTextOfJSDocComment(tag.comment) ?? '';
          const literal = /^`([^`]+)`$/.exec(text.trim());
          if (literal?.[1] !== undefined && member.name !== undefined) {
            found[member.name.getText(source)] = new Function(`return (${literal[1]});`)();
          }
        }
      }
    });
  }
  return found;
}
