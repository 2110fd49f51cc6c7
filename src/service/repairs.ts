// The repairs `latchkey reconcile --fix` makes. A listing is only a hint: each repair reads the grant and the
// holding again (strongly consistent), writes conditionally on the versions it read, and checks once more
// after AWS answered, so a grant that ends meanwhile never gets its access back and access recorded as
// standing is never recreated under a grant.

import { VersionConflict } from '../core/errors.js';
import { FINAL_STATES, type Grant, type HeldAccess } from '../core/grant.js';
import { resolvedKey, targetOfKey } from '../core/holding.js';
import type { ResolvedTarget } from '../core/ports.js';
import type { ServiceDeps } from './deps.js';
import { claim } from './mutate.js';

/** Marks a holding whose orphaned access reconcile is removing (in place of a grant id). */
export const RECONCILE_RELEASE = 'reconcile';

export interface Repair {
  fixed: boolean;
  /** Why nothing was done, or what was undone. */
  detail?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Gives an active grant back access that was removed behind Latchkey's back. */
export async function restoreMissing(
  deps: ServiceDeps,
  grantId: string,
  access: HeldAccess,
): Promise<Repair> {
  const { store, identityCenter } = deps;
  const grant = await store.get(grantId);
  const now = deps.clock.now();
  if (grant?.state !== 'active' || (grant.expiresAt ?? 0) <= now)
    return { fixed: false, detail: 'the grant is no longer active; nothing restored' };
  const principalId = grant.aws.principalId;
  if (principalId === undefined) return { fixed: false, detail: 'no Identity Center user on record' };
  const key = resolvedKey(access);
  const holding = await store.getHolding(principalId, key);
  if (holding?.preExisting)
    return { fixed: false, detail: 'recorded as standing access before the grant; not recreated' };
  if (!holding?.holders.includes(grant.id) || holding.releasing !== undefined)
    return { fixed: false, detail: 'the grant no longer holds this access; nothing restored' };
  // The repair is on the grant's record before AWS is asked, and only if nothing changed since it was read.
  const claimed = await claim(store, grant, withEvent(grant, now, `access restored in AWS: ${key}`));
  if (!claimed) return { fixed: false, detail: 'the grant changed meanwhile; nothing restored' };
  await identityCenter.grant(principalId, access);

  const after = await store.get(grant.id);
  const still = await store.getHolding(principalId, key);
  if (after?.state === 'active' && still?.holders.includes(grant.id) && still.releasing === undefined)
    return { fixed: true };
  // The grant ended while the access was being added: its revocation may have run before the addition.
  await removeUnheld(deps, principalId, access);
  return { fixed: false, detail: 'the grant ended during the repair; the access was removed again' };
}

/**
 * After a repair raced a revocation: waits for a removal in progress to finish, then removes the access
 * unless a grant holds it again or the person held it before.
 */
async function removeUnheld(deps: ServiceDeps, principalId: string, access: HeldAccess): Promise<void> {
  const key = resolvedKey(access);
  for (let attempt = 0; attempt < 240; attempt++) {
    const holding = await deps.store.getHolding(principalId, key);
    if (holding?.releasing !== undefined) {
      await sleep(250);
      continue;
    }
    if (holding && (holding.holders.length > 0 || holding.preExisting)) return;
    await deps.identityCenter.revoke(principalId, access, { resumed: true });
    return;
  }
  throw new Error(`the removal of ${key} for ${principalId} did not finish; run reconcile again`);
}

/**
 * Removes access Latchkey made that no live grant holds. The holding is read again and each of its grants
 * too; it is marked as being released (conditionally) before AWS is asked, so no grant joins it meanwhile.
 */
export async function removeOrphan(
  deps: ServiceDeps,
  principalId: string,
  target: ResolvedTarget,
): Promise<Repair> {
  const { store } = deps;
  const key = resolvedKey(target);
  const holding = await store.getHolding(principalId, key);
  if (!holding || holding.preExisting) return { fixed: false, detail: 'the holding changed meanwhile' };
  for (const id of [...holding.holders, holding.releasing]) {
    if (id === undefined || id === RECONCILE_RELEASE) continue;
    const grant = await store.get(id);
    if (grant && !FINAL_STATES.has(grant.state))
      return { fixed: false, detail: `${id} holds it now (${grant.state}); left in place` };
  }
  const marked = { ...holding, holders: [], releasing: RECONCILE_RELEASE };
  try {
    await store.saveHolding(marked, holding.version);
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    return { fixed: false, detail: 'the holding changed meanwhile' };
  }
  await finishRelease(deps, { ...marked, version: holding.version + 1 }, target);
  return { fixed: true };
}

/** Orphan removals a crash interrupted: finished before anything else, so no holding stays marked. */
export async function finishOrphanRemovals(deps: ServiceDeps): Promise<void> {
  for (const holding of await deps.store.listHoldings()) {
    const target = targetOfKey(holding.targetKey);
    if (holding.releasing === RECONCILE_RELEASE && target) await finishRelease(deps, holding, target);
  }
}

async function finishRelease(
  deps: ServiceDeps,
  holding: { principalId: string; targetKey: string; version: number },
  target: ResolvedTarget,
): Promise<void> {
  await deps.identityCenter.revoke(holding.principalId, target, { resumed: true });
  await deps.store.deleteHolding(holding.principalId, holding.targetKey, holding.version);
}

function withEvent(grant: Grant, now: number, detail: string): Grant {
  return {
    ...grant,
    events: [
      ...grant.events,
      {
        at: now,
        grantId: grant.id,
        actor: 'system',
        action: 'drift-repaired',
        from: 'active',
        to: 'active',
        detail,
      },
    ],
  };
}
