import { randomBytes } from 'node:crypto';

/** Bytes per refill of the pool: 256 ids of 32 bytes. */
const POOL_BYTES = 8192;

let pool: Buffer = Buffer.alloc(0);
let used = 0;

/**
 * `size` bytes of cryptographically strong randomness, encoded, drawn from a pool that one
 * `randomBytes` call refills: a call into the system's generator costs several µs, and the
 * fake draws an id for every task token and run ID it issues.
 */
export function randomString(size: number, encoding: 'base64' | 'base64url'): string {
  if (used + size > pool.length) {
    pool = randomBytes(Math.max(size, POOL_BYTES));
    used = 0;
  }
  const drawn = pool.toString(encoding, used, used + size);
  used += size;
  return drawn;
}
