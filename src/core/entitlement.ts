// What can be requested, as the core sees it once the config is validated: durations in seconds,
// defaults applied, and the target spelled out.

/** A permission set on one account, or membership of one Identity Center group. */
export type Target =
  | { kind: 'permissionSet'; accountId: string; permissionSet: string }
  | { kind: 'group'; group: string };

export interface Entitlement {
  id: string;
  description: string;
  target: Target;
  /** Slack user ids (`U…`) and user group handles (`@sre-leads`). */
  approvers: string[];
  /** Who may ask; `undefined` means anyone in the workspace. */
  requesters: string[] | undefined;
  approvals: number;
  selfApprove: boolean;
  minDurationSec: number;
  maxDurationSec: number;
  approvalWindowSec: number;
  /** The channel its requests are posted to. */
  channel: string;
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

export function describeTarget(target: Target): string {
  return target.kind === 'permissionSet'
    ? `${target.permissionSet} on account ${target.accountId}`
    : `member of group ${target.group}`;
}
