/**
 * Module hooks that fail any import whose resolved URL contains one of the comma-separated
 * parts of `FORBIDDEN_IMPORTS`, naming what asked for it: run a process with them to prove that
 * it never loads those modules.
 */
const forbidden = (process.env.FORBIDDEN_IMPORTS ?? '').split(',').filter(Boolean);

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (forbidden.some((part) => resolved.url.includes(part))) {
    throw new Error(`forbidden load of ${resolved.url} (imported by ${context.parentURL})`);
  }
  return resolved;
}
