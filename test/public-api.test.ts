/**
 * The public surface of the package, entry point by entry point: every name a user can
 * import, values and types. A name added or removed fails this test until the list below
 * says so, so that the surface grows (or shrinks) on purpose. Each entry point of
 * `package.json`'s `exports` must have a list.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** What each entry point exports; `type ` marks names that are types only. */
const PUBLIC_SURFACE: Readonly<Record<string, readonly string[]>> = {
  '.': [
    'ActivityAbortError',
    'ActivityCancelledError',
    'type ActivityCodec',
    'type ActivityContext',
    'type ActivityDefinition',
    'type ActivityEvent',
    'type ActivityEventListener',
    'type ActivityHandler',
    'type ActivityInterceptor',
    'type ActivityOptions',
    'ActivityTaskClient',
    'type ActivityTaskClientOptions',
    'type ActivityTaskInfo',
    'type ActivityTaskKeepAlive',
    'type ActivityTaskOutcome',
    'ActivityTaskTimedOutError',
    'ActivityWorker',
    'type ActivityWorkerOptions',
    'type ActivityWorkerState',
    'type AsyncActivityCodec',
    'claimCheck',
    'type ClaimCheckCodec',
    'type ClaimCheckOptions',
    'type Clock',
    'type ClockTimer',
    'type CodecCall',
    'type ConfigurationProblem',
    'consoleWarningsLogger',
    'DeadlineExceededError',
    'defineActivity',
    'type EffectiveTimeouts',
    'type ExecuteNext',
    'type FailureEncoding',
    'HeartbeatBudget',
    'type HeartbeatBudgetOptions',
    'type HeartbeatSettings',
    'InputDecodingError',
    'jsonCodec',
    'type KeepAliveOptions',
    'type Logger',
    'type ObservedWorker',
    'PayloadPointerError',
    'type PayloadStore',
    'type PayloadStoreCallOptions',
    'PayloadStoreError',
    'type PointerFormat',
    'ResultEncodingError',
    'ResultTooLargeError',
    'runActivityTask',
    'type RunActivityTaskOptions',
    'type ShutdownOptions',
    'silentLogger',
    'type SwfCallInput',
    'type SwfCallNext',
    'type SwfCallOutput',
    'type SwfCalls',
    'type SwfOperation',
    'systemClock',
    'TaskGoneError',
    'TaskHandedOff',
    'type TaskRunOptions',
    'textCodec',
    'type TimeoutStrategy',
    'UnknownActivityTypeError',
    'UnsupportedClientError',
    'type WarningCode',
    'WORKER_EVENT_TYPES',
    'WorkerConfigurationError',
    'type WorkerEvent',
    'type WorkerEventOf',
    'type WorkerEventType',
    'WorkerShutdownError',
  ],
  './fake': [
    'type AccessPolicy',
    'type AdvanceUntilOptions',
    'type AccessRule',
    'type ActivityTaskReference',
    'type ActivityTaskSnapshot',
    'type ActivityTaskStatus',
    'ConnectionDroppedError',
    'createInProcessClient',
    'FakeSwf',
    'type FakeSwfOptions',
    'type FaultInjector',
    'type FaultRule',
    'type HttpServerOptions',
    'type InjectedFault',
    'InProcessHttpHandler',
    'type InProcessHttpHandlerConfig',
    'type InProcessHttpHandlerOptions',
    'type InternalErrorContext',
    'isSwfOperationName',
    'ManualClock',
    'type ManualClockOptions',
    'MAX_REQUEST_BODY_BYTES',
    'type OperationContext',
    'type OperationInput',
    'type OperationOutput',
    'type ScheduleActivityTaskOptions',
    'seededRandom',
    'startHttpServer',
    'SWF_ERROR_NAMES',
    'SWF_OPERATION_NAMES',
    'SWF_THROTTLE_QUOTAS',
    'type SwfErrorName',
    'type SwfHttpServer',
    'type SwfModeledFaultName',
    'type SwfOperationHandler',
    'type SwfOperationName',
    'type SwfOperationShapes',
    'type SwfProtocolErrorName',
    'SwfServiceError',
    'type ThrottleQuota',
    'type Wire',
    'type WireEvent',
    'type WireOptions',
  ],
  './interop': [
    'type JavaArgument',
    'type JavaArguments',
    'type JavaBoxedNumberType',
    'javaClassOf',
    'javaFlowCodec',
    'type JavaFlowCodecOptions',
    'type JavaPrimitiveNumberType',
    'type JavaResult',
    'type JavaReturnType',
    'javaTyped',
    'JavaTypedValue',
    'type JavaTypeName',
    'javaUntyped',
    'simpleflowCodec',
    'type SimpleflowCodecOptions',
    'type SimpleflowInput',
  ],
  './otel': [
    'METRIC_DEFINITIONS',
    'type MetricName',
    'OpenTelemetryInterceptor',
    'type OpenTelemetryInterceptorOptions',
  ],
  './msw': ['createSwfHandlers', 'type SwfHandlersOptions'],
  './s3': ['S3PayloadStore', 'type S3PayloadStoreOptions'],
  './testing': [
    'createMockActivityContext',
    'MemoryPayloadStore',
    'type MemoryPayloadStoreOptions',
    'createTestSwf',
    'type MockActivityContext',
    'type MockActivityContextOptions',
    'runActivityForTest',
    'startActivityForTest',
    'type TestActivityRun',
    'type TestSwf',
    'type TestSwfOptions',
  ],
};

const root = fileURLToPath(new URL('..', import.meta.url));

/** `package.json`'s entry points and the source file of each. */
function entryPoints(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
    exports: Record<string, Record<string, string>>;
  };
  return new Map(
    Object.entries(pkg.exports).map(([subpath, conditions]) => {
      const source = conditions['swf-activity-worker:source'];
      if (source === undefined) throw new Error(`${subpath} has no source condition`);
      return [subpath, `${root}${source.replace(/^\.\//, '')}`];
    }),
  );
}

/** What each entry point exports, read by the TypeScript compiler as a user's code sees it. */
function exportedNames(entries: Map<string, string>): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  const program = ts.createProgram([...entries.values()], {
    ...config?.options,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const names = new Map<string, string[]>();
  for (const [subpath, file] of entries) {
    const source = program.getSourceFile(file);
    const module = source && checker.getSymbolAtLocation(source);
    if (module === undefined) throw new Error(`${file} could not be read`);
    names.set(
      subpath,
      checker
        .getExportsOfModule(module)
        .map((symbol) => {
          const target =
            symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
          const value = target.flags & ts.SymbolFlags.Value && !isTypeOnlyExport(symbol);
          return value ? symbol.name : `type ${symbol.name}`;
        })
        .sort(byName),
    );
  }
  return names;
}

/** `export type { X }` or `export { type X }`: a class exported so is a type to its users. */
function isTypeOnlyExport(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some(
    (declaration) =>
      ts.isExportSpecifier(declaration) &&
      (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly),
  );
}

function byName(a: string, b: string): number {
  return a.replace(/^type /, '').localeCompare(b.replace(/^type /, ''));
}

describe('the public surface', () => {
  const entries = entryPoints();
  const actual = exportedNames(entries);

  it('has a list for every entry point of package.json, and no list for a missing one', () => {
    expect([...entries.keys()].sort()).toEqual(Object.keys(PUBLIC_SURFACE).sort());
  });

  it.each(Object.keys(PUBLIC_SURFACE))('of %s is exactly its list', (subpath) => {
    expect(actual.get(subpath)).toEqual([...(PUBLIC_SURFACE[subpath] ?? [])].sort(byName));
  });

  it('exports each name from one entry point only', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [subpath, names] of actual) {
      for (const name of names) {
        const bare = name.replace(/^type /, '');
        const first = seen.get(bare);
        if (first !== undefined) twice.push(`${bare} (${first} and ${subpath})`);
        seen.set(bare, subpath);
      }
    }
    expect(twice).toEqual([]);
  });
});
