import { randomString } from './random-bytes.js';

/**
 * Issues task tokens and finds what they stand for.
 *
 * A token is 32 random bytes (256 bits) in base64url: opaque, unguessable, and meaningful only
 * to the registry that issued it, so a token from another fake instance, a forged one or one
 * whose task has closed simply finds nothing. No token starts with `-`, which a command line
 * (the AWS CLI's `--task-token -abc`) would read as an option.
 */
export class TokenRegistry<Entry> {
  readonly #entries = new Map<string, Entry>();

  /** Issues a fresh token for `entry`. */
  issue(entry: Entry): string {
    let token: string;
    do {
      token = randomString(32, 'base64url');
    } while (token.startsWith('-') || this.#entries.has(token));
    this.#entries.set(token, entry);
    return token;
  }

  /** The entry a token stands for, or `undefined` if the token is unknown or revoked. */
  find(token: string): Entry | undefined {
    return this.#entries.get(token);
  }

  /** Makes the token unknown from now on. */
  revoke(token: string | undefined): void {
    if (token !== undefined) this.#entries.delete(token);
  }

  /** How many tokens are live. */
  get size(): number {
    return this.#entries.size;
  }
}
