/**
 * A statement of an access policy, in the spirit of IAM: actions are API or decision names
 * (`PollForActivityTask`, `ScheduleActivityTask`), optionally prefixed with `swf:`, or `*`;
 * domains are domain names or `*` (the default).
 */
export interface AccessRule {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly domains?: readonly string[];
}

/** A list of rules. As in IAM, a Deny wins, an Allow permits, and anything else is denied. */
export type AccessPolicy = readonly AccessRule[];

/**
 * Whether `policy` lets `action` run in `domain` (`undefined` when the call names no domain,
 * which only rules for every domain match). No policy at all permits everything.
 */
export function isPermitted(
  policy: AccessPolicy | undefined,
  action: string,
  domain: string | undefined,
): boolean {
  if (policy === undefined) return true;
  const applies = (rule: AccessRule): boolean =>
    rule.actions.some((pattern) => {
      const name = pattern.startsWith('swf:') ? pattern.slice(4) : pattern;
      return name === '*' || name === action;
    }) &&
    (rule.domains === undefined ||
      rule.domains.some((pattern) => pattern === '*' || pattern === domain));
  if (policy.some((rule) => rule.effect === 'Deny' && applies(rule))) return false;
  return policy.some((rule) => rule.effect === 'Allow' && applies(rule));
}
