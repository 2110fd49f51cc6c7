// What Identity Center holds, for the page's side panel: the simulator's snapshot, any part of which may
// be missing, turned into names (display names, account names, permission set names), never ids.

import type { IdentityCenterSim } from '../../identity-center/index.js';

type Snapshot = ReturnType<IdentityCenterSim['snapshot']>;

/** What the page is given: the snapshot (or part of it) and, from the sandbox, who PagerDuty has on call. */
export type IdentityCenterState = Partial<
  Pick<Snapshot, 'users' | 'groups' | 'assignments' | 'inProgress'>
> & {
  onCall?: { schedule: string; user: string; end: number | null }[];
};

export type IdentityCenterView = ReturnType<typeof identityCenterView>;
export type IcHolding = IdentityCenterView['assignments'][number];

export function identityCenterView(state: IdentityCenterState, problem?: string) {
  const { users = [], groups = [], assignments = [], inProgress = [], onCall } = state;
  const displayName = (userName: string) =>
    users.find((u) => u.userName === userName)?.displayName ?? userName;
  return {
    available: problem === undefined,
    ...(problem !== undefined && { problem }),
    ...(onCall && { onCall }),
    assignments: assignments
      .map((a) => ({
        principal: a.principal,
        principalType: a.principalType,
        displayName: a.principalType === 'USER' ? displayName(a.principal) : a.principal,
        account: a.accountName ?? a.accountId,
        accountId: a.accountId,
        permissionSet: a.permissionSet,
      }))
      .sort((a, b) => a.account.localeCompare(b.account) || a.displayName.localeCompare(b.displayName)),
    groups: groups.map((g) => ({
      name: g.displayName,
      members: g.members.map((m) => displayName(m.userName)),
    })),
    inProgress: inProgress.map((op) => ({
      kind: op.kind,
      principal: displayName(op.principal ?? '?'),
      account: op.accountName ?? op.accountId ?? '?',
      permissionSet: op.permissionSet ?? '?',
    })),
  };
}

/** What the panel shows when Identity Center cannot be read, and why. */
export const unavailable = (problem: string) => identityCenterView({}, problem);
