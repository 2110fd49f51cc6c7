// Asking for access: every check a person can fail is made before anything is stored or posted.

import type { Entitlement } from '../core/entitlement.js';
import type { Grant } from '../core/grant.js';
import { newGrantId } from '../core/ids.js';
import { request } from '../core/lifecycle.js';
import { assertMayRequest } from '../core/policy.js';
import { normaliseReason, parseRequestDuration } from '../core/request-input.js';
import { announce } from './announce.js';
import type { ServiceDeps } from './deps.js';
import { assertNotHeld, identityCenterUserOf } from './identity.js';

export interface RequestInput {
  requester: string;
  entitlementId: string;
  duration: string;
  reason: string | undefined;
}

/** The entitlements this person may ask for, for the modal and for "did you mean". */
export async function requestableBy(deps: ServiceDeps, userId: string): Promise<Entitlement[]> {
  const allowed = await Promise.all(
    deps.catalogue.entitlements.map(async (e) =>
      (await deps.directory.mayRequest(userId, e)) ? e : undefined,
    ),
  );
  return allowed.filter((e): e is Entitlement => e !== undefined);
}

/**
 * Validates and records a request, posts its message, and (when no approval is needed) starts provisioning.
 * Throws a typed error, with nothing stored, when the person may not ask or asked for something wrong.
 */
export async function createRequest(deps: ServiceDeps, input: RequestInput): Promise<Grant> {
  const requestable = await requestableBy(deps, input.requester);
  const entitlement = deps.catalogue.get(input.entitlementId, requestable);
  assertMayRequest(entitlement, requestable.includes(entitlement));
  const durationSec = parseRequestDuration(entitlement, input.duration);
  const reason = normaliseReason(input.reason);

  const principalId = await identityCenterUserOf(deps.directory, deps.identityCenter, input.requester);
  const target = await deps.identityCenter.resolveTarget(entitlement.target);
  await assertNotHeld(deps.store, deps.identityCenter, principalId, target);

  const { grant } = request({
    id: newGrantId(deps.random),
    entitlement,
    requester: input.requester,
    durationSec,
    reason,
    now: deps.clock.now(),
  });
  const created = { ...grant, aws: { principalId } };
  await deps.store.create(created);
  deps.log.info(
    { grantId: created.id, entitlement: entitlement.id, state: created.state },
    'request created',
  );
  const posted = await announce(deps, created, 'request');
  if (posted.state === 'approved') await deps.dispatcher.dispatch({ kind: 'provision', grantId: posted.id });
  return posted;
}
