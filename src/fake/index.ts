/**
 * An in-memory Amazon SWF service that speaks SWF's real wire protocol (AWS JSON 1.0), for
 * running activity workers, examples and tests with no AWS account.
 *
 * One model ({@link FakeSwf}), three ways in:
 * - in-process: {@link createInProcessClient} (or {@link InProcessHttpHandler} as the
 *   `requestHandler` of your own `SWFClient`), no sockets;
 * - msw: `createSwfHandlers` from `swf-activity-worker/msw`, for suites that already use msw;
 * - HTTP: {@link startHttpServer} (and the `swf-fake` command) on 127.0.0.1, for any SWF
 *   client, the AWS CLI and boto3 included.
 *
 * Time comes from a {@link swf-activity-worker!Clock}: pass a {@link ManualClock} to jump hours ahead in
 * milliseconds. Faults, throttling and an access policy can be injected.
 *
 * @example
 * ```ts
 * import { FakeSwf, ManualClock, createInProcessClient } from 'swf-activity-worker/fake';
 *
 * const clock = new ManualClock();
 * const fake = new FakeSwf({ clock });
 * const client = createInProcessClient(fake);
 * const task = fake.scheduleActivityTask({ heartbeatTimeout: 30 });
 * // ... run a worker with `client` and `clock`, then:
 * await clock.advance(60_000);
 * console.log(fake.activityTask(task).status);
 * fake.close();
 * ```
 *
 * @module swf-activity-worker/fake
 */
export {
  type AdvanceUntilOptions,
  ManualClock,
  type ManualClockOptions,
} from '../clock/manual-clock.js';
export type { AccessPolicy, AccessRule } from './access-policy.js';
export {
  SWF_ERROR_NAMES,
  type SwfErrorName,
  type SwfModeledFaultName,
  type SwfProtocolErrorName,
  SwfServiceError,
} from './errors.js';
export {
  type ActivityTaskReference,
  type ActivityTaskSnapshot,
  FakeSwf,
  type FakeSwfOptions,
  type ScheduleActivityTaskOptions,
} from './fake-swf.js';
export {
  type FaultInjector,
  type FaultRule,
  type InjectedFault,
  seededRandom,
} from './faults.js';
export type { ActivityTaskStatus } from './model/activity-task.js';
export type { WireEvent } from './model/execution.js';
export {
  ConnectionDroppedError,
  type OperationContext,
  type SwfOperationHandler,
} from './operation-handler.js';
export {
  isSwfOperationName,
  type OperationInput,
  type OperationOutput,
  SWF_OPERATION_NAMES,
  type SwfOperationName,
  type SwfOperationShapes,
  type Wire,
} from './operations.js';
export {
  type InternalErrorContext,
  MAX_REQUEST_BODY_BYTES,
  type WireOptions,
} from './protocol/wire.js';
export { SWF_THROTTLE_QUOTAS, type ThrottleQuota } from './throttling.js';
export {
  type HttpServerOptions,
  type SwfHttpServer,
  startHttpServer,
} from './transports/http-server.js';
export {
  createInProcessClient,
  InProcessHttpHandler,
  type InProcessHttpHandlerConfig,
  type InProcessHttpHandlerOptions,
} from './transports/in-process.js';
