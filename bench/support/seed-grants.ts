// Writes active grants straight into the store, made by the core's own transitions (request, provisioning,
// activation) with their holding records, as if each had been asked for, approved and granted. Much quicker
// than going through Slack, and the store cannot tell the difference.

import { randomBytes } from 'node:crypto';
import pLimit from 'p-limit';
import type { Entitlement } from '../../src/core/entitlement.js';
import type { Grant } from '../../src/core/grant.js';
import { resolvedKey } from '../../src/core/holding.js';
import { newGrantId } from '../../src/core/ids.js';
import { activate, beginProvisioning, request } from '../../src/core/lifecycle.js';
import type { GrantStore, ResolvedTarget } from '../../src/core/ports.js';

export interface ActiveGrantSpec {
  /** The Slack user who asked. */
  requester: string;
  /** The Identity Center user holding the access. */
  principalId: string;
  activatedAt: number;
  /** Whole seconds after activation. */
  durationSec: number;
}

export function activeGrant(entitlement: Entitlement, target: ResolvedTarget, spec: ActiveGrantSpec): Grant {
  const asked = request({
    id: newGrantId((size) => randomBytes(size)),
    entitlement,
    requester: spec.requester,
    durationSec: spec.durationSec,
    reason: 'benchmark load',
    now: spec.activatedAt - 1000,
  }).grant;
  if (asked.state !== 'approved')
    throw new Error(`${entitlement.id} needs approvals: seed with one that does not`);
  const provisioning = beginProvisioning(asked, spec.activatedAt - 500).grant;
  const active = activate(provisioning, spec.activatedAt, 'bench-seed').grant;
  const resolved = target.kind === 'permissionSet' ? target.permissionSetArn : target.groupId;
  return { ...active, aws: { principalId: spec.principalId, resolvedTarget: resolved } };
}

/** Stores the grants and the holding each one has on its access; `onWritten` reports progress. */
export async function writeActiveGrants(
  store: GrantStore,
  entitlement: Entitlement,
  target: ResolvedTarget,
  specs: readonly ActiveGrantSpec[],
  onWritten: (done: number) => void = () => undefined,
): Promise<Grant[]> {
  const grants = specs.map((spec) => activeGrant(entitlement, target, spec));
  let done = 0;
  await pLimit(16).map(grants, async (grant) => {
    await store.create(grant);
    await store.createHolding({
      principalId: grant.aws.principalId!,
      targetKey: resolvedKey(target),
      holders: [grant.id],
      preExisting: false,
    });
    onWritten(++done);
  });
  return grants;
}
