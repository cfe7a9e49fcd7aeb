/**
 * The S3 payload store through the real S3Client against a real S3-protocol server (s3rver) on
 * 127.0.0.1, started here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { defineActivity } from 'swf-activity-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonCodec, textCodec } from '../../src/activity/codec.js';
import { claimCheck } from '../../src/claim-check/claim-check.js';
import { PayloadStoreError } from '../../src/claim-check/errors.js';
import { readPointer } from '../../src/claim-check/payload-pointer.js';
import { sha256Hex } from '../../src/claim-check/payload-store.js';
import { systemClock } from '../../src/clock/clock.js';
import { S3PayloadStore } from '../../src/s3/s3-payload-store.js';
import { useWorkerHarness } from '../worker/support/harness.js';

const BUCKET = 'swf-payloads-test';
let directory: string;
let server: S3rver;
let client: S3Client;

function s3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    maxAttempts: 1,
  });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'swf-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  client = s3Client(`http://127.0.0.1:${port}`);
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

async function readObject(key: string): Promise<{ body: string; contentType?: string }> {
  const output = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return {
    body: (await output.Body?.transformToString('utf-8')) ?? '',
    contentType: output.ContentType,
  };
}

describe('S3PayloadStore', () => {
  it('stores a large result under a content-addressed key and reads it back as input', async () => {
    const store = new S3PayloadStore({ client, bucket: BUCKET });
    const codec = claimCheck(jsonCodec, { store });
    // A megabyte and more of text with characters outside ASCII: UTF-8 both ways.
    const report = { lines: Array.from({ length: 20_000 }, (_, i) => `ligne ${i}: café ☕ 😀`) };
    const field = (await codec.encodeResult(report)) ?? '';
    const encoded = JSON.stringify(report);
    expect(encoded.length).toBeGreaterThan(400_000);
    const pointer = readPointer(field);
    expect(pointer).toEqual({
      format: 'json',
      bucket: BUCKET,
      key: `swf-payloads/${sha256Hex(encoded)}`,
      length: encoded.length,
      sha256: sha256Hex(encoded),
    });
    const object = await readObject(pointer?.key ?? '');
    expect(object.body === encoded).toBe(true);
    expect(object.contentType).toBe('text/plain; charset=utf-8');
    expect(await codec.decodeInput(field)).toEqual(report);
  });

  it("writes and reads simpleflow's jumbo fields", async () => {
    const store = new S3PayloadStore({ client, bucket: BUCKET, keyPrefix: 'jumbo/' });
    const codec = claimCheck({ ...jsonCodec, pointerFormat: 'simpleflow' }, { store });
    const result = 'é'.repeat(40_000);
    const field = (await codec.encodeResult(result)) ?? '';
    const encoded = JSON.stringify(result);
    expect(field).toBe(`simpleflow+s3://${BUCKET}/jumbo/${sha256Hex(encoded)} ${encoded.length}`);
    expect((await readObject(`jumbo/${sha256Hex(encoded)}`)).body === encoded).toBe(true);

    // What simpleflow's decider writes: a uuid key under its own directory.
    const input = JSON.stringify({ args: ['x'.repeat(50_000)], kwargs: {} });
    const key = 'decider/5d7191af-51c1-4a2b-b08f-cdd39a31ba61';
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: input }));
    expect(await codec.decodeInput(`simpleflow+s3://${BUCKET}/${key} ${input.length}`)).toEqual(
      JSON.parse(input),
    );
  });

  it('names the store and key when the object is missing (expired), without retrying', async () => {
    const store = new S3PayloadStore({ client, bucket: BUCKET, keyPrefix: 'p/' });
    const codec = claimCheck(textCodec, { store });
    const error = await codec
      .decodeInput(`simpleflow+s3://${BUCKET}/p/expired 10`)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PayloadStoreError);
    expect(String(error)).toMatch(
      /^PayloadStoreError: Could not read p\/expired from the payload store s3:\/\/swf-payloads-test\/p\/: NoSuchKey/,
    );
  });

  it('retries an unreachable S3 until the deadline, then fails naming the store', async () => {
    // A port that was just free: connections are refused.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const offline = s3Client(`http://127.0.0.1:${port}`);
    let tries = 0;
    offline.middlewareStack.add(
      (next) => (args) => {
        tries += 1;
        return next(args);
      },
      { step: 'finalizeRequest' },
    );
    try {
      const store = new S3PayloadStore({ client: offline, bucket: BUCKET });
      const codec = claimCheck(textCodec, { store });
      const error = await codec
        .encodeResult('z'.repeat(40_000), {
          clock: systemClock,
          deadline: Date.now() + 1500,
          signal: new AbortController().signal,
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PayloadStoreError);
      expect(String(error)).toContain(
        `Could not store a payload in the payload store s3://${BUCKET}/swf-payloads/`,
      );
      expect(tries).toBeGreaterThan(1);
    } finally {
      offline.destroy();
    }
  });

  it('checks its options', () => {
    expect(() => new S3PayloadStore({ client: {} as S3Client, bucket: BUCKET })).toThrow(
      /options.client must be an S3Client/,
    );
    expect(() => new S3PayloadStore({ client, bucket: '' })).toThrow(/bucket must be/);
    expect(() => new S3PayloadStore({ client, bucket: BUCKET, keyPrefix: '/abs' })).toThrow(
      /keyPrefix/,
    );
  });
});

describe('S3PayloadStore in a worker against the fake SWF', () => {
  const open = useWorkerHarness('in-process');

  it('a decider finds a pointer in the history and the result in S3', async () => {
    const swf = await open();
    const store = new S3PayloadStore({ client, bucket: BUCKET, keyPrefix: 'worker/' });
    const input = JSON.stringify({ args: ['x'.repeat(60_000)], kwargs: {} });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'decider/in-1', Body: input }));
    const task = swf.fake.scheduleActivityTask({
      heartbeatTimeout: 30,
      startToCloseTimeout: 600,
      input: `simpleflow+s3://${BUCKET}/decider/in-1 ${input.length}`,
    });
    const activity = defineActivity({
      name: 'activity',
      version: '1',
      codec: claimCheck({ ...jsonCodec, pointerFormat: 'simpleflow' }, { store }),
      async handler(received: { args: string[] }) {
        return { echoed: received.args[0]?.toUpperCase() };
      },
    });
    swf.startWorker({ activities: [activity] });
    // S3 answers in real time while the fake's clock stands still: step both.
    for (
      let step = 0;
      step < 2000 && swf.fake.activityTask(task).closeEvent === undefined;
      step++
    ) {
      await swf.clock.advance(100);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const close = swf.fake.activityTask(task).closeEvent;
    expect(close?.eventType).toBe('ActivityTaskCompleted');
    const field = close?.activityTaskCompletedEventAttributes?.result ?? '';
    expect(field).toMatch(new RegExp(`^simpleflow\\+s3://${BUCKET}/worker/[0-9a-f]{64} \\d+$`));
    const object = await readObject(readPointer(field)?.key ?? '');
    expect(JSON.parse(object.body)).toEqual({ echoed: 'X'.repeat(60_000) });
  });
});
