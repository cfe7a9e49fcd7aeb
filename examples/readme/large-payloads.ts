/**
 * Large payloads through S3 with a claim check, as the README shows it. Compiled with the
 * project (`npm run typecheck`); it needs an AWS account to run. The tests run the same code
 * against an S3 server on 127.0.0.1 (test/payloads/s3-store.test.ts).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SWFClient } from '@aws-sdk/client-swf';
import { ActivityWorker, claimCheck, defineActivity, jsonCodec } from 'swf-activity-worker';
import { simpleflowCodec } from 'swf-activity-worker/interop';
import { S3PayloadStore } from 'swf-activity-worker/s3';

/** Stands for your own code. */
declare function buildReport(month: string): Promise<{ rows: unknown[] }>;

// #region claim-check
// Your S3 client (region, credentials, endpoint as you set them), a bucket and a key prefix.
const store = new S3PayloadStore({
  client: new S3Client({}),
  bucket: 'acme-swf-payloads',
  keyPrefix: 'swf-payloads/', // the default; expire it with a lifecycle rule
});

const monthlyReport = defineActivity({
  name: 'monthlyReport',
  version: '1',
  // Fields over SWF's 32,768 characters go to S3; a pointer travels in their place.
  codec: claimCheck(jsonCodec, { store }),
  async handler(input: { month: string }) {
    return buildReport(input.month); // megabytes of rows: stored, never cut
  },
});

// For a simpleflow decider: its own "jumbo field" pointers, read and written.
const summarize = defineActivity({
  name: 'reports.tasks.summarize',
  version: '1.0',
  codec: claimCheck(simpleflowCodec<[string]>(), { store }),
  async handler({ args: [text] }) {
    return { words: text.split(/\s+/).length };
  },
});
// #endregion

const worker = new ActivityWorker({
  client: new SWFClient({}),
  domain: 'reports',
  taskList: 'reports',
  activities: [monthlyReport, summarize],
});
await worker.run();
