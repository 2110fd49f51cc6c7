// What a grant holds in Identity Center, by id: recorded before AWS is asked to add it, read back to remove
// it. Grants written before ids were recorded carry only the resolved target of their one assignment.

import type { Grant, HeldAccess } from './grant.js';
import type { ResolvedTarget } from './ports.js';

/** The ids of a resolved target, as the grant records them. */
export function heldAccessOf(target: ResolvedTarget): HeldAccess {
  return target.kind === 'permissionSet'
    ? { kind: 'permissionSet', accountId: target.accountId, permissionSetArn: target.permissionSetArn }
    : { kind: 'group', groupId: target.groupId };
}

/**
 * What the grant recorded as held, or `undefined` when it recorded nothing: then it never asked AWS for
 * anything. An older record's single resolved target (ARN or group id) is read as one held access.
 */
export function recordedAccess(grant: Grant): HeldAccess[] | undefined {
  if (grant.aws.held) return grant.aws.held;
  const resolved = grant.aws.resolvedTarget;
  if (resolved === undefined) return undefined;
  if (grant.target.kind === 'group') {
    return [
      {
        kind: 'group',
        groupId: resolved,
        ...(grant.aws.membershipId !== undefined && { membershipId: grant.aws.membershipId }),
      },
    ];
  }
  return [{ kind: 'permissionSet', accountId: grant.target.accountId, permissionSetArn: resolved }];
}
