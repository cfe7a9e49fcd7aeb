/**
 * What an error from an SWF call means for the caller:
 * - `task-gone`: UnknownResourceFault, the task no longer exists; never retried;
 * - `throttled`: the account's rate quota; retried later, and the heartbeat rate is lowered;
 * - `transient`: server errors, network errors and timeouts; retried;
 * - `permanent`: anything else (validation, access denied, bugs); not retried.
 */
export type SwfErrorKind = 'task-gone' | 'throttled' | 'transient' | 'permanent';

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'SlowDown',
]);

const TRANSIENT_NAMES = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'TryTimeoutError',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Classifies an error thrown by `client.send` (or by a try that ran out of time). */
export function classifySwfError(error: unknown): SwfErrorKind {
  if (typeof error !== 'object' || error === null) return 'permanent';
  const { name, code, $metadata, $retryable } = error as {
    name?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    $retryable?: { throttling?: unknown };
  };
  if (name === 'UnknownResourceFault') return 'task-gone';
  const status = typeof $metadata?.httpStatusCode === 'number' ? $metadata.httpStatusCode : 0;
  if (
    (typeof name === 'string' && THROTTLING_NAMES.has(name)) ||
    status === 429 ||
    $retryable?.throttling === true
  ) {
    return 'throttled';
  }
  if (
    (typeof name === 'string' && TRANSIENT_NAMES.has(name)) ||
    status >= 500 ||
    $retryable !== undefined ||
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    isNetworkTypeError(error)
  ) {
    return 'transient';
  }
  return 'permanent';
}

/** `fetch` and msw report a lost connection as a TypeError such as `Network error`. */
function isNetworkTypeError(error: object): boolean {
  return (
    error instanceof TypeError &&
    /network|fetch failed|socket|terminated|connection/i.test(error.message)
  );
}
