// The rules for sharing one piece of access (one person, one target) between grants and standing access.
// Standing access is never taken away, and access stays while any grant still holds it; only the last
// Latchkey grant on access that Latchkey created removes it in AWS.

import type { Holding, ResolvedTarget } from './ports.js';

export function resolvedKey(target: ResolvedTarget): string {
  return target.kind === 'permissionSet'
    ? `ps#${target.accountId}#${target.permissionSetArn}`
    : `group#${target.groupId}`;
}

/** The target a holding key names: the key holds its ids, so a holding can be acted on without the config. */
export function targetOfKey(key: string): ResolvedTarget | undefined {
  const [kind, first, second] = key.split('#');
  if (kind === 'ps' && first && second)
    return { kind: 'permissionSet', accountId: first, permissionSetArn: second };
  if (kind === 'group' && first) return { kind: 'group', groupId: first };
  return undefined;
}

export type JoinOutcome =
  /** This grant now holds the access (or already did): make sure AWS has it. */
  | { kind: 'joined'; next: Holding | undefined; sharedWith: string[]; preExisting: boolean }
  /** Another grant is removing the access right now; try again once it is done. */
  | { kind: 'busy'; releasing: string };

/** Adds `grantId` to the holders. `next` is what to write (undefined when nothing changes). */
export function join(holding: Holding, grantId: string): JoinOutcome {
  if (holding.holders.includes(grantId)) {
    return {
      kind: 'joined',
      next: undefined,
      sharedWith: holding.holders.filter((id) => id !== grantId),
      preExisting: holding.preExisting,
    };
  }
  if (holding.releasing !== undefined) return { kind: 'busy', releasing: holding.releasing };
  return {
    kind: 'joined',
    next: { ...holding, holders: [...holding.holders, grantId] },
    sharedWith: [...holding.holders],
    preExisting: holding.preExisting,
  };
}

export type LeaveOutcome =
  /** This grant was the last holder of access Latchkey created: remove it in AWS, then drop the record. */
  | { kind: 'remove-in-aws'; next: Holding }
  /** Resume a removal this grant had started before a crash. */
  | { kind: 'resume-removal' }
  /** Others still hold it, or the person had it before: leave AWS alone. */
  | { kind: 'keep'; next: Holding | 'delete'; because: string }
  /** This grant no longer holds anything (it let go before a crash). */
  | { kind: 'gone' };

export function leave(holding: Holding | undefined, grantId: string): LeaveOutcome {
  if (holding === undefined) return { kind: 'gone' };
  if (holding.releasing === grantId) return { kind: 'resume-removal' };
  if (!holding.holders.includes(grantId)) return { kind: 'gone' };
  const others = holding.holders.filter((id) => id !== grantId);
  if (others.length > 0) {
    return {
      kind: 'keep',
      next: { ...holding, holders: others },
      because: `access kept: ${others.join(', ')} still ${others.length === 1 ? 'holds' : 'hold'} it`,
    };
  }
  if (holding.preExisting) {
    return { kind: 'keep', next: 'delete', because: 'access kept: the person held it before this grant' };
  }
  return { kind: 'remove-in-aws', next: { ...holding, holders: [], releasing: grantId } };
}
