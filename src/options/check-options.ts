/**
 * Checks of user options, each naming the option and what it must be: a wrong type throws a
 * TypeError, a value out of range a RangeError, an unknown name a TypeError that suggests the
 * nearest known one.
 */

/** Checks one option's value; `name` is how messages call it (`ActivityWorker: pollers`). */
export type OptionCheck = (value: unknown, name: string) => void;

/** Any value: checked elsewhere, or anything goes. */
export const anything: OptionCheck = () => {};

/** A string of `min` to `max` characters. */
export function text(min: number, max: number): OptionCheck {
  return (value, name) => {
    if (typeof value !== 'string' || value.length < min || value.length > max) {
      throw new TypeError(
        `${name} must be a string of ${min} to ${max} characters, got ${describe(value)}`,
      );
    }
  };
}

/** A whole number of at least `min`. */
export function wholeNumber(min: number): OptionCheck {
  return (value, name) => {
    number(value, name);
    if (!(Number.isInteger(value) && (value as number) >= min)) {
      throw new RangeError(`${name} must be a whole number >= ${min}, got ${describe(value)}`);
    }
  };
}

/** A finite number of milliseconds of at least `min`. */
export function milliseconds(min: number): OptionCheck {
  return (value, name) => {
    number(value, name);
    if (!(Number.isFinite(value) && (value as number) >= min)) {
      throw new RangeError(
        `${name} must be a finite number of milliseconds >= ${min}, got ${describe(value)}`,
      );
    }
  };
}

/** A finite number of milliseconds above 0. */
export const positiveMilliseconds: OptionCheck = (value, name) => {
  number(value, name);
  if (!(Number.isFinite(value) && (value as number) > 0)) {
    throw new RangeError(
      `${name} must be a finite number of milliseconds > 0, got ${describe(value)}`,
    );
  }
};

/** A number above 0 (Infinity allowed). */
export const positive: OptionCheck = (value, name) => {
  number(value, name);
  if (!((value as number) > 0)) throw new RangeError(`${name} must be > 0, got ${describe(value)}`);
};

/** A number strictly between 0 and 1. */
export const fraction: OptionCheck = (value, name) => {
  number(value, name);
  if (!((value as number) > 0 && (value as number) < 1)) {
    throw new RangeError(`${name} must be between 0 and 1, got ${describe(value)}`);
  }
};

/** `true` or `false`. */
export const boolean: OptionCheck = (value, name) => {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${name} must be true or false, got ${describe(value)}`);
  }
};

/** One of `choices`. */
export function oneOf(choices: readonly string[]): OptionCheck {
  return (value, name) => {
    if (typeof value !== 'string' || !choices.includes(value)) {
      throw new TypeError(
        `${name} must be ${choices.map((choice) => `'${choice}'`).join(' or ')}, got ${describe(value)}`,
      );
    }
  };
}

/** An object with a method named `method` (a client, a logger, a clock). */
export function withMethods(what: string, ...methods: readonly string[]): OptionCheck {
  return (value, name) => {
    const missing = methods.filter(
      (method) =>
        typeof value !== 'object' ||
        value === null ||
        typeof (value as Record<string, unknown>)[method] !== 'function',
    );
    if (missing.length > 0) {
      throw new TypeError(
        `${name} must be ${what} (with ${methods.join(', ')}), got ${describe(value)}`,
      );
    }
  };
}

/** An object whose members are checked by `checks`, unknown members refused. */
export function record(checks: Readonly<Record<string, OptionCheck>>): OptionCheck {
  return (value, name) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TypeError(`${name} must be an object, got ${describe(value)}`);
    }
    checkMembers(value as Record<string, unknown>, checks, `${name}.`);
  };
}

/**
 * Checks every member of `options` by `checks` (an `undefined` value counts as absent), and
 * refuses names `checks` does not know; `prefix` comes before member names in messages
 * (`ActivityWorker: `, `ActivityWorker: heartbeat.`).
 */
export function checkMembers(
  options: Readonly<Record<string, unknown>>,
  checks: Readonly<Record<string, OptionCheck>>,
  prefix: string,
): void {
  for (const [member, value] of Object.entries(options)) {
    const check = Object.hasOwn(checks, member) ? checks[member] : undefined;
    if (check === undefined) {
      const known = Object.keys(checks);
      const nearest = nearestName(member, known);
      throw new TypeError(
        `${prefix}unknown option ${JSON.stringify(member)}${nearest ? `; did you mean ${JSON.stringify(nearest)}?` : '.'} Known options: ${known.join(', ')}`,
      );
    }
    if (value !== undefined) check(value, `${prefix}${member}`);
  }
}

function number(value: unknown, name: string): void {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  }
}

/** A short, safe rendering of a value for a message. */
function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** The known name closest to `name` (case and a few typos apart), if any is close. */
function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
