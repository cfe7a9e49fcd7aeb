import { SwfServiceError } from '../errors.js';

/**
 * Opaque `nextPageToken`s: each carries a position and the scope of the query it belongs to
 * (an execution, a listing), so that a token cannot be replayed against another query.
 */

/** SWF's page size when `maximumPageSize` is absent or 0, and its largest page. */
export const MAX_PAGE_SIZE = 1000;

/**
 * The page size a request asks for, as SWF reads `maximumPageSize`: absent or 0 is the largest
 * page, which is SWF's 1000 unless the fake was set up with another `maxPageSize`.
 */
export function pageSize(
  maximumPageSize: number | undefined,
  limits: { readonly maxPageSize: number },
): number {
  const largest = limits.maxPageSize;
  return maximumPageSize && maximumPageSize > 0 ? Math.min(maximumPageSize, largest) : largest;
}

/** Writes a token for `position` in the query named `scope`. */
export function writePageToken(scope: string, position: number): string {
  return Buffer.from(JSON.stringify({ s: scope, p: position })).toString('base64url');
}

/** Reads a token back; a malformed token or one of another scope is a ValidationException. */
export function readPageToken(token: string, scope: string): number {
  const read = decode(token);
  if (read !== undefined && read.scope === scope) return read.position;
  throw invalidToken();
}

/** The scope a token was written for, or a ValidationException if it is not a token of ours. */
export function pageTokenScope(token: string): string {
  const read = decode(token);
  if (read === undefined) throw invalidToken();
  return read.scope;
}

/** One page of `items` by offset, for listings. */
export function takePage<T>(
  items: readonly T[],
  scope: string,
  options: { maximumPageSize?: number | undefined; nextPageToken?: string | undefined },
  limits: { readonly maxPageSize: number },
): { items: T[]; nextPageToken?: string } {
  const start =
    options.nextPageToken === undefined ? 0 : readPageToken(options.nextPageToken, scope);
  const end = start + pageSize(options.maximumPageSize, limits);
  const page = items.slice(start, end);
  return end < items.length
    ? { items: page, nextPageToken: writePageToken(scope, end) }
    : { items: page };
}

function decode(token: string): { scope: string; position: number } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { s, p } = parsed as { s?: unknown; p?: unknown };
    if (typeof s === 'string' && typeof p === 'number' && Number.isSafeInteger(p) && p >= 0) {
      return { scope: s, position: p };
    }
  } catch {
    // not base64url JSON: not a token of ours
  }
  return undefined;
}

function invalidToken(): SwfServiceError {
  return new SwfServiceError(
    'ValidationException',
    "1 validation error detected: Value at 'nextPageToken' failed to satisfy constraint: Member must be a token returned by a previous call with the same arguments",
  );
}
