/**
 * Large payloads in Amazon S3: a {@link S3PayloadStore} for
 * {@link swf-activity-worker!claimCheck}, on your own `S3Client`. Install the client beside
 * this package: `npm install @aws-sdk/client-s3`.
 *
 * Expire what the worker stores with an S3 lifecycle rule on the key prefix (the worker never
 * deletes a payload: a decider may read it after the task closed), for example 30 days:
 *
 * ```json
 * {
 *   "Rules": [
 *     {
 *       "ID": "expire-swf-payloads",
 *       "Filter": { "Prefix": "swf-payloads/" },
 *       "Status": "Enabled",
 *       "Expiration": { "Days": 30 }
 *     }
 *   ]
 * }
 * ```
 *
 * @module swf-activity-worker/s3
 */
export { S3PayloadStore, type S3PayloadStoreOptions } from './s3-payload-store.js';
