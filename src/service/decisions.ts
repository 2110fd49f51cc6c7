// Approvals, denials and withdrawals, from a button, a reaction or a command: one path, the same rules.

import { GrantNotFound } from '../core/errors.js';
import { approveExtension, denyExtension, withdrawExtensionApproval } from '../core/extension.js';
import type { Grant } from '../core/grant.js';
import { approve, cancel, deny, withdrawApproval } from '../core/lifecycle.js';
import type { MessageLink } from '../core/ports.js';
import type { ServiceDeps } from './deps.js';
import { type Mutation, mutate } from './mutate.js';

export type Decision = 'approve' | 'deny' | 'withdraw';

export interface DecisionInput {
  grantId: string;
  purpose: MessageLink['purpose'];
  userId: string;
  decision: Decision;
}

/**
 * Applies a decision. Throws `NotApprover` (and friends) when the person's decision does not count, and
 * `IllegalTransition` when the request is no longer open. Repeats (a double click, a retried event)
 * change nothing and report `changed: false`.
 */
export async function decide(deps: ServiceDeps, input: DecisionInput): Promise<Mutation> {
  const before = await justStored(deps, input.grantId);
  if (!before) throw new GrantNotFound(input.grantId);
  const entitlement = deps.catalogue.get(before.entitlementId);
  const person = await deps.directory.person(input.userId, entitlement);
  const now = deps.clock.now();

  const result = await mutate(deps.store, input.grantId, (grant: Grant) => {
    if (input.purpose === 'extension') {
      if (input.decision === 'approve') return approveExtension(grant, entitlement, person, now);
      if (input.decision === 'deny') return denyExtension(grant, entitlement, person, now);
      return withdrawExtensionApproval(grant, input.userId, now);
    }
    if (input.decision === 'approve') return approve(grant, entitlement, person, now);
    if (input.decision === 'deny') return deny(grant, entitlement, person, now);
    return withdrawApproval(grant, input.userId, now);
  });

  if (result.changed && result.event) {
    deps.log.info(
      { grantId: result.grant.id, action: result.event.action, by: input.userId },
      'decision recorded',
    );
    // Provisioning starts while Slack is told: the notifier keeps what it says about a grant in order.
    const told = deps.notifier.notify(result.grant, { kind: 'transition', event: result.event });
    // A scheduled grant is handed over too: the worker does nothing before the start but learns when it is.
    if (result.grant.state === 'approved' || result.grant.state === 'scheduled') {
      await deps.dispatcher.dispatch({ kind: 'provision', grantId: result.grant.id });
    }
    await told;
  }
  return result;
}

/** The requester takes back a pending request. */
export async function cancelRequest(deps: ServiceDeps, grantId: string, userId: string): Promise<Mutation> {
  const result = await mutate(deps.store, grantId, (grant) => cancel(grant, userId, deps.clock.now()));
  if (result.changed && result.event) {
    await deps.notifier.notify(result.grant, { kind: 'transition', event: result.event });
  }
  return result;
}

/**
 * A request's message is posted a moment before its grant is stored (requests.ts), so a very quick click
 * or reaction may arrive first: give the grant a moment to appear before calling it unknown.
 */
async function justStored(deps: ServiceDeps, grantId: string): Promise<Grant | undefined> {
  // Ten seconds: on a loaded machine the store write can lag the post by more than a moment, and a
  // decision given up on here would be lost (a reaction is not sent again).
  for (let attempt = 0; attempt < 100; attempt++) {
    const grant = await deps.store.get(grantId);
    if (grant) return grant;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}
