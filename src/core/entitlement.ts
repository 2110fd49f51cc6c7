// What can be requested, as the core sees it once the config is validated: durations in seconds,
// defaults applied, and the target spelled out.

/** A permission set on one account, or membership of one Identity Center group. */
export type Target =
  | { kind: 'permissionSet'; accountId: string; permissionSet: string }
  | { kind: 'group'; group: string };

/**
 * The accounts of a permission-set entitlement on several accounts: a list, or every ACTIVE account under an
 * organizational unit (nested OUs included), read from AWS Organizations when a request is made.
 */
export type AccountScope = { kind: 'list'; accountIds: string[] } | { kind: 'ou'; ouId: string };

export interface Entitlement {
  id: string;
  description: string;
  /**
   * The access on one account. For an entitlement on several accounts, the permission set, on the first
   * listed account (empty for an OU until a request resolves it); `accounts` says which.
   */
  target: Target;
  accounts?: AccountScope;
  /** Slack user ids (`U…`) and user group handles (`@sre-leads`). */
  approvers: string[];
  /** Who may ask; `undefined` means anyone in the workspace. */
  requesters: string[] | undefined;
  approvals: number;
  selfApprove: boolean;
  minDurationSec: number;
  maxDurationSec: number;
  /** The whole active time of one grant, extensions included. */
  maxTotalSec: number;
  approvalWindowSec: number;
  /** The channel its requests are posted to. */
  channel: string;
  /** A regular expression the reason must match (a ticket key, say), and what to tell a person who missed it. */
  reasonPattern?: string;
  reasonHint?: string;
  /** Approved at once for whoever is on call now in one of these PagerDuty schedules. */
  autoApprove?: AutoApprove;
}

export interface AutoApprove {
  pagerduty: { schedules: string[] };
}

/** A stable key for "the same access": two entitlements may point at one target. */
export function targetKey(target: Target): string {
  return target.kind === 'permissionSet'
    ? `ps#${target.accountId}#${target.permissionSet}`
    : `group#${target.group}`;
}

/** The one-account targets an entitlement names in the config itself (none for an OU: those come from AWS). */
export function configuredTargets(entitlement: Entitlement): Target[] {
  const { target, accounts } = entitlement;
  if (accounts === undefined || target.kind !== 'permissionSet') return [target];
  if (accounts.kind === 'ou') return [];
  return accounts.accountIds.map((accountId) => ({ ...target, accountId }));
}

/** What an entitlement grants, in a line: the permission set and where, or the group. */
export function describeEntitlementTarget(entitlement: Entitlement): string {
  const { target, accounts } = entitlement;
  if (accounts === undefined || target.kind !== 'permissionSet') return describeTarget(target);
  return accounts.kind === 'ou'
    ? `${target.permissionSet} on every active account under ${accounts.ouId}`
    : `${target.permissionSet} on accounts ${accounts.accountIds.join(', ')}`;
}

export function describeTarget(target: Target): string {
  return target.kind === 'permissionSet'
    ? `${target.permissionSet} on account ${target.accountId}`
    : `member of group ${target.group}`;
}

/** The one-account targets of a grant: one per account it covers. */
export function grantTargets(grant: { target: Target; accounts?: string[] }): Target[] {
  const { target, accounts } = grant;
  if (accounts === undefined || target.kind !== 'permissionSet') return [target];
  return accounts.map((accountId) => ({ ...target, accountId }));
}
