// What Identity Center holds, for the page's side panel: the simulator's snapshot read leniently and
// turned into names (display names, account names, permission set names), never ids.

import { z } from 'zod';

const assignment = z.object({
  accountId: z.string(),
  accountName: z.string().optional(),
  permissionSet: z.string(),
  principalType: z.enum(['USER', 'GROUP']),
  principalId: z.string().optional(),
  principal: z.string(),
});

const snapshotSchema = z.object({
  users: z.array(z.looseObject({ userName: z.string(), displayName: z.string().optional() })).default([]),
  groups: z
    .array(
      z.object({
        displayName: z.string(),
        members: z.array(z.looseObject({ userName: z.string() })).default([]),
      }),
    )
    .default([]),
  assignments: z.array(assignment).default([]),
  inProgress: z
    .array(
      z.looseObject({
        kind: z.string(),
        accountId: z.string().optional(),
        accountName: z.string().optional(),
        permissionSet: z.string().optional(),
        principal: z.string().optional(),
      }),
    )
    .default([]),
  // Not Identity Center's: the sandbox adds who PagerDuty has on call, for the on-call entitlement.
  onCall: z
    .array(z.object({ schedule: z.string(), user: z.string(), end: z.number().nullable() }))
    .optional(),
});

export type IdentityCenterView = ReturnType<typeof identityCenterView>;
export type IcHolding = IdentityCenterView['assignments'][number];

/** What the panel shows when Identity Center cannot be read, and why. */
export const unavailable = (problem: string) => identityCenterView(undefined, problem);

export function identityCenterView(snapshot: unknown, problem = 'unreadable snapshot') {
  const parsed = snapshotSchema.safeParse(snapshot);
  const { users, groups, assignments, inProgress, onCall } = parsed.success
    ? parsed.data
    : snapshotSchema.parse({});
  const displayName = (userName: string) =>
    users.find((u) => u.userName === userName)?.displayName ?? userName;
  return {
    available: parsed.success,
    ...(!parsed.success && { problem }),
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
