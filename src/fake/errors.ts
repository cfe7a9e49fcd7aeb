/**
 * The errors the fake SWF service answers with, named and namespaced exactly as Amazon SWF
 * sends them on the wire (`__type` in an HTTP 400 JSON body), so that `@aws-sdk/client-swf`
 * raises the same exception classes it raises against the real service.
 */

/**
 * The faults that SWF's API declares, all in `com.amazonaws.swf.base.model` (TypeNotDeprecatedFault
 * came with DeleteActivityType and DeleteWorkflowType, after the published model).
 */
export type SwfModeledFaultName =
  | 'DefaultUndefinedFault'
  | 'DomainAlreadyExistsFault'
  | 'DomainDeprecatedFault'
  | 'LimitExceededFault'
  | 'OperationNotPermittedFault'
  | 'TooManyTagsFault'
  | 'TypeAlreadyExistsFault'
  | 'TypeDeprecatedFault'
  | 'TypeNotDeprecatedFault'
  | 'UnknownResourceFault'
  | 'WorkflowExecutionAlreadyStartedFault';

/** Errors of the AWS request layer, common to all JSON 1.0 services. */
export type SwfProtocolErrorName =
  | 'ValidationException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'ThrottlingException'
  | 'InternalFailure'
  | 'ServiceUnavailable'
  | 'RequestEntityTooLargeException';

/** The name of an error SWF answers, modeled fault or protocol error (the part after `#`). */
export type SwfErrorName = SwfModeledFaultName | SwfProtocolErrorName;

const NAMESPACES: Record<SwfErrorName, string> = {
  DefaultUndefinedFault: 'com.amazonaws.swf.base.model',
  DomainAlreadyExistsFault: 'com.amazonaws.swf.base.model',
  DomainDeprecatedFault: 'com.amazonaws.swf.base.model',
  LimitExceededFault: 'com.amazonaws.swf.base.model',
  OperationNotPermittedFault: 'com.amazonaws.swf.base.model',
  TooManyTagsFault: 'com.amazonaws.swf.base.model',
  TypeAlreadyExistsFault: 'com.amazonaws.swf.base.model',
  TypeDeprecatedFault: 'com.amazonaws.swf.base.model',
  TypeNotDeprecatedFault: 'com.amazonaws.swf.base.model',
  UnknownResourceFault: 'com.amazonaws.swf.base.model',
  WorkflowExecutionAlreadyStartedFault: 'com.amazonaws.swf.base.model',
  ValidationException: 'com.amazon.coral.validate',
  SerializationException: 'com.amazon.coral.service',
  UnknownOperationException: 'com.amazon.coral.service',
  ThrottlingException: 'com.amazon.coral.availability',
  InternalFailure: 'com.amazon.coral.service',
  ServiceUnavailable: 'com.amazon.coral.service',
  RequestEntityTooLargeException: 'com.amazon.coral.service',
};

const STATUS: Partial<Record<SwfErrorName, number>> = {
  InternalFailure: 500,
  ServiceUnavailable: 503,
  RequestEntityTooLargeException: 413,
};

/** Every error name the fake can answer with. */
export const SWF_ERROR_NAMES = Object.keys(NAMESPACES) as readonly SwfErrorName[];

/**
 * An error answer of the fake service: the HTTP status and the JSON body
 * `{"__type": "<namespace>#<name>", "message": "..."}` that SWF would send.
 */
export class SwfServiceError extends Error {
  override readonly name: SwfErrorName;
  /** The HTTP status: 400 for faults and request errors, 5xx only for service failures. */
  readonly statusCode: number;

  constructor(name: SwfErrorName, message: string) {
    super(message);
    this.name = name;
    this.statusCode = STATUS[name] ?? 400;
  }

  /** The `__type` member of the wire body, e.g. `com.amazonaws.swf.base.model#UnknownResourceFault`. */
  get type(): string {
    return `${NAMESPACES[this.name]}#${this.name}`;
  }

  /** The JSON body sent on the wire. */
  toJSON(): { __type: string; message: string } {
    return { __type: this.type, message: this.message };
  }
}

/** Whether `name` is one of the error names the fake knows. */
export function isSwfErrorName(name: string): name is SwfErrorName {
  return Object.hasOwn(NAMESPACES, name);
}

/** Shorthand for the most common fault: the named resource does not exist (or no longer does). */
export function unknownResource(message: string): SwfServiceError {
  return new SwfServiceError('UnknownResourceFault', message);
}
