import { type Context, ROOT_CONTEXT, type SpanContext, trace } from '@opentelemetry/api';

/** `version-traceid-parentid-flags`, as W3C Trace Context writes it. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const INVALID_TRACE_ID = '0'.repeat(32);
const INVALID_SPAN_ID = '0'.repeat(16);

/**
 * The remote span context a W3C `traceparent` header names, or `undefined` when `value` is not
 * a valid one (version `ff`, an all-zero id, a version 00 header with extra fields).
 */
export function parseTraceparent(value: unknown): SpanContext | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TRACEPARENT.exec(value.trim().toLowerCase());
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === undefined || traceId === undefined || spanId === undefined) return undefined;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === INVALID_TRACE_ID || spanId === INVALID_SPAN_ID) return undefined;
  return { traceId, spanId, traceFlags: Number.parseInt(flags ?? '00', 16), isRemote: true };
}

/** A context whose span is the remote parent `traceparent` names; `undefined` if invalid. */
export function contextFromTraceparent(value: unknown): Context | undefined {
  const parent = parseTraceparent(value);
  return parent === undefined ? undefined : trace.setSpanContext(ROOT_CONTEXT, parent);
}
