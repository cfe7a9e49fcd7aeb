import { WorkerConfigurationError } from '../errors.js';
import { errorSummary } from '../logger.js';

const ACCESS_DENIED = new Set([
  'OperationNotPermittedFault',
  'AccessDeniedException',
  'AccessDenied',
]);

const BAD_CREDENTIALS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
]);

const INVALID_REQUEST = new Set(['ValidationException', 'SerializationException']);

/**
 * The error of a failed poll, when it is one that only a change of configuration heals:
 * an unknown or deprecated domain, no region, no credentials, access denied, a poll SWF
 * refuses as invalid. Anything else (throttling, 5xx, the network, timeouts) may heal.
 */
export function configurationError(
  error: unknown,
  where: { readonly domain: string; readonly taskList: string },
): WorkerConfigurationError | undefined {
  const { name, message } = errorSummary(error);
  const said = message ? ` (${name}: ${message})` : ` (${name})`;
  const domain = JSON.stringify(where.domain);
  if (name === 'UnknownResourceFault') {
    return new WorkerConfigurationError(
      'unknownDomain',
      `SWF does not know the domain ${domain} in this region and account, or it is deprecated${said}. Register it (RegisterDomain), or fix the worker's domain or the client's region; set retryConfigurationErrors to keep polling until it exists.`,
      { cause: error },
    );
  }
  if (/region is missing/i.test(message)) {
    return new WorkerConfigurationError(
      'noRegion',
      `The SWFClient has no region${said}. Give it one: new SWFClient({ region }), or set AWS_REGION.`,
      { cause: error },
    );
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new WorkerConfigurationError(
      'noCredentials',
      `The SWFClient has no usable credentials${said}. Give it credentials (an IAM role, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).`,
      { cause: error },
    );
  }
  if (ACCESS_DENIED.has(name)) {
    return new WorkerConfigurationError(
      'accessDenied',
      `The credentials may not poll the domain ${domain}${said}. Allow swf:PollForActivityTask, swf:RecordActivityTaskHeartbeat and swf:RespondActivityTask* on it.`,
      { cause: error },
    );
  }
  if (INVALID_REQUEST.has(name)) {
    return new WorkerConfigurationError(
      'invalidRequest',
      `SWF refused the poll of task list ${JSON.stringify(where.taskList)} in domain ${domain} as invalid${said}. Fix the worker's domain, taskList or identity.`,
      { cause: error },
    );
  }
  return undefined;
}
