// Asking for access: every check a person can fail is made before anything is stored or posted.

import type { Entitlement } from '../core/entitlement.js';
import type { Grant } from '../core/grant.js';
import { newGrantId } from '../core/ids.js';
import { request } from '../core/lifecycle.js';
import { assertMayRequest } from '../core/policy.js';
import { normaliseReason, parseRequestDuration } from '../core/request-input.js';
import { autoApproval } from './auto-approval.js';
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

  const requested = request({
    id: newGrantId(deps.random),
    entitlement,
    requester: input.requester,
    durationSec,
    reason,
    now: deps.clock.now(),
  });
  // On call now (PagerDuty) → approved at once; otherwise the reason joins the record and the thread.
  const { grant, event } = await autoApproval(deps, entitlement, requested);
  // The message goes out before the grant is stored, so the stored grant always knows its message and a
  // click or reaction on it always finds the grant. If Slack refuses the post, nothing is stored.
  const draft = { ...grant, aws: { principalId } };
  const where = await deps.notifier.postRequest(draft, 'request');
  const created = { ...draft, channel: where.channel, messageTs: where.ts };
  await deps.store.linkMessage(where.channel, where.ts, { grantId: created.id, purpose: 'request' });
  await deps.store.create(created);
  deps.log.info(
    { grantId: created.id, entitlement: entitlement.id, state: created.state },
    'request created',
  );
  // A request that needs no approval is approved as it is made: its thread says so, on the record.
  await deps.notifier.notify(
    created,
    event && event.action !== 'requested'
      ? { kind: 'transition', event }
      : { kind: 'posted', purpose: 'request' },
  );
  if (created.state === 'approved')
    await deps.dispatcher.dispatch({ kind: 'provision', grantId: created.id });
  return created;
}
