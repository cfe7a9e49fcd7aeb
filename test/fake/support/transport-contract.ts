/**
 * What every transport of the fake must get right, checked through the real
 * `@aws-sdk/client-swf`: each transport's test file runs these cases with its own wiring.
 */
import {
  GetWorkflowExecutionHistoryCommand,
  PollForActivityTaskCommand,
  RecordActivityTaskHeartbeatCommand,
  type SWFClient,
  type SWFClientConfig,
  SWFServiceException,
  UnknownResourceFault,
} from '@aws-sdk/client-swf';
import { afterEach, describe, expect, test } from 'vitest';
import type { WireOptions } from '../../../src/fake/protocol/wire.js';
import { StubService, TOKENS } from './stub-service.js';

/** A client wired to a service through one transport, and how to take it down. */
export interface OpenedClient {
  readonly client: SWFClient;
  close(): Promise<void>;
}

/** Wires `service` to a new SDK client through the transport under test. */
export type OpenClient = (
  service: StubService,
  options?: { readonly config?: SWFClientConfig; readonly wire?: WireOptions },
) => Promise<OpenedClient>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** How a transport differs where the contract allows it. */
export interface ContractOptions {
  /**
   * What the SDK sees of a dropped connection: a socket reset (`ECONNRESET`, which it retries
   * as transient) or a bare network error (`TypeError`, not retried).
   */
  readonly drop?: 'reset' | 'network-error';
}

/** Registers the contract's tests for one transport. */
export function describeTransportContract(
  transport: string,
  open: OpenClient,
  { drop = 'reset' }: ContractOptions = {},
): void {
  describe(`${transport} transport, through @aws-sdk/client-swf`, () => {
    const opened: OpenedClient[] = [];
    const connect: OpenClient = async (service, options) => {
      const wired = await open(service, options);
      opened.push(wired);
      return wired;
    };
    afterEach(async () => {
      for (const wired of opened.splice(0)) await wired.close();
    });

    test('answers an operation with its output and a request id', async () => {
      const service = new StubService();
      const { client } = await connect(service);
      const output = await client.send(
        new RecordActivityTaskHeartbeatCommand({ taskToken: TOKENS.cancel, details: '50%' }),
      );
      expect(output.cancelRequested).toBe(true);
      expect(output.$metadata.httpStatusCode).toBe(200);
      expect(output.$metadata.requestId).toMatch(UUID);
      expect(service.calls).toHaveLength(1);
      expect(service.calls[0]?.operation).toBe('RecordActivityTaskHeartbeat');
      expect(service.calls[0]?.input).toEqual({ taskToken: TOKENS.cancel, details: '50%' });
    });

    test('turns epoch-seconds timestamps into Dates on the client', async () => {
      const { client } = await connect(new StubService());
      const history = await client.send(
        new GetWorkflowExecutionHistoryCommand({
          domain: 'media',
          execution: { workflowId: 'w-1', runId: 'r-1' },
        }),
      );
      expect(history.events?.[0]?.eventTimestamp).toEqual(new Date(1_700_000_000_500));
    });

    test('raises the SDK class of a modeled fault', async () => {
      const { client } = await connect(new StubService());
      const error = await client
        .send(new RecordActivityTaskHeartbeatCommand({ taskToken: TOKENS.gone }))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnknownResourceFault);
      expect((error as UnknownResourceFault).message).toBe('Unknown activity task');
      expect((error as UnknownResourceFault).$metadata.httpStatusCode).toBe(400);
      expect((error as UnknownResourceFault).$metadata.requestId).toMatch(UUID);
    });

    test('answers a ValidationException before the service sees the call', async () => {
      const service = new StubService();
      const { client } = await connect(service);
      const error = await client
        .send(new RecordActivityTaskHeartbeatCommand({ taskToken: 't', details: 'x'.repeat(2049) }))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SWFServiceException);
      expect((error as SWFServiceException).name).toBe('ValidationException');
      expect((error as SWFServiceException).message).toBe(
        `1 validation error detected: Value '${'x'.repeat(128)}...' at 'details' failed to satisfy constraint: Member must have length less than or equal to 2048`,
      );
      expect(service.calls).toHaveLength(0);
    });

    test('answers UnknownOperationException for an unknown target', async () => {
      const { client } = await connect(new StubService());
      client.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { headers: Record<string, string> };
          request.headers['x-amz-target'] = 'SimpleWorkflowService.LaunchRocket';
          return next(args);
        },
        { step: 'build', name: 'rewriteTarget' },
      );
      const error = await client
        .send(new RecordActivityTaskHeartbeatCommand({ taskToken: 't' }))
        .catch((caught: unknown) => caught);
      expect((error as SWFServiceException).name).toBe('UnknownOperationException');
      expect((error as SWFServiceException).$metadata.httpStatusCode).toBe(400);
    });

    test('answers InternalFailure (500) for a bug in the service and reports it', async () => {
      const reported: unknown[] = [];
      const { client } = await connect(new StubService(), {
        config: { maxAttempts: 1 },
        wire: { onInternalError: (error) => reported.push(error) },
      });
      const error = await client
        .send(new RecordActivityTaskHeartbeatCommand({ taskToken: TOKENS.bug }))
        .catch((caught: unknown) => caught);
      expect((error as SWFServiceException).name).toBe('InternalFailure');
      expect((error as SWFServiceException).$metadata.httpStatusCode).toBe(500);
      expect((error as SWFServiceException).message).not.toContain('a bug in the service');
      expect(reported).toEqual([new Error('a bug in the service')]);
    });

    test('a dropped connection is a network error to the SDK', async () => {
      const { client } = await connect(new StubService(), { config: { maxAttempts: 1 } });
      const error = await client
        .send(new RecordActivityTaskHeartbeatCommand({ taskToken: TOKENS.drop }))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(SWFServiceException);
      if (drop === 'reset') {
        expect((error as { code?: string }).code).toBe('ECONNRESET');
      } else {
        expect(error).toBeInstanceOf(TypeError);
      }
      expect((error as SWFServiceException).$metadata?.httpStatusCode).toBeUndefined();
    });

    test(
      drop === 'reset'
        ? 'the SDK retries a dropped connection as a transient error'
        : "the SDK sees msw's network error for a dropped connection and does not retry it",
      async () => {
        const service = new StubService();
        const { client } = await connect(service, { config: { maxAttempts: 2 } });
        await client
          .send(new RecordActivityTaskHeartbeatCommand({ taskToken: TOKENS.drop }))
          .catch(() => undefined);
        expect(service.calls).toHaveLength(drop === 'reset' ? 2 : 1);
      },
    );

    test('serves a long poll when the service answers it', async () => {
      const service = new StubService();
      const { client } = await connect(service);
      const polled = client.send(
        new PollForActivityTaskCommand({ domain: 'media', taskList: { name: 'images' } }),
      );
      await service.pollsWaiting(1);
      service.releasePoll({
        taskToken: 'task-1',
        activityId: 'a-1',
        startedEventId: 7,
        workflowExecution: { workflowId: 'w', runId: 'r' },
        activityType: { name: 'resize', version: '1' },
        input: '{}',
      });
      const task = await polled;
      expect(task.taskToken).toBe('task-1');
      expect(task.startedEventId).toBe(7);
    });

    test('an abort from the SDK rejects the call at once', async () => {
      const service = new StubService();
      const { client } = await connect(service);
      const controller = new AbortController();
      const polled = client
        .send(new PollForActivityTaskCommand({ domain: 'media', taskList: { name: 'images' } }), {
          abortSignal: controller.signal,
        })
        .catch((caught: unknown) => caught);
      await service.pollsWaiting(1);
      controller.abort();
      const error = await polled;
      expect((error as Error).name).toBe('AbortError');
      service.releaseAllPolls();
    });
  });
}
