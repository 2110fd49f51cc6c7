// The grants `/access list` shows: active and pending ones (every state from asking to revocation), all of
// them, the person's own, or one entitlement's.

import type { Grant, GrantState } from '../core/grant.js';
import type { ServiceDeps } from './deps.js';

export type ListScope = 'mine' | 'all' | { entitlementId: string };

const LISTED: GrantState[] = ['pending', 'approved', 'scheduled', 'provisioning', 'active', 'revoking'];

export interface Listed {
  grants: Grant[];
  /** The entitlement listed, as the config spells its id. */
  entitlementId?: string;
}

/** The grants in scope; an unknown entitlement throws `UnknownEntitlement`. */
export async function listGrants(
  deps: Pick<ServiceDeps, 'store' | 'catalogue'>,
  userId: string,
  scope: ListScope,
): Promise<Listed> {
  // Checked before the read, so a typo is refused without reading every open grant.
  const entitlement = typeof scope === 'object' ? deps.catalogue.get(scope.entitlementId) : undefined;
  const grants = await deps.store.listByState(...LISTED);
  if (scope === 'mine') return { grants: grants.filter((g) => g.requester === userId) };
  if (entitlement) {
    return {
      grants: grants.filter((g) => g.entitlementId === entitlement.id),
      entitlementId: entitlement.id,
    };
  }
  return { grants };
}
