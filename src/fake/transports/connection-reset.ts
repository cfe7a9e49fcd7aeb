/**
 * The error a transport raises for a dropped connection (an injected fault), where it cannot
 * drop a real socket: the one Node's HTTP client raises when the server drops the connection,
 * which the SDK retries as a transient network error, and which msw passes on as a socket error.
 *
 * @module
 */

/** A reset socket, as Node's HTTP client reports it: `socket hang up`, `ECONNRESET`. */
export function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), {
    code: 'ECONNRESET',
    errno: -104,
    syscall: 'read',
  });
}
