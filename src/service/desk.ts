// What one person's desk holds, for their Home tab: the access they hold or will hold, their requests
// waiting for approval, the requests (and extensions) waiting for their decision — by the same rules as
// the buttons on a request message — and what of theirs ended lately.

import type { Entitlement } from '../core/entitlement.js';
import type { Grant } from '../core/grant.js';
import { type PersonFacts, whyNotApprover, whyNotDecider } from '../core/policy.js';
import type { ServiceDeps } from './deps.js';

export interface ToDecide {
  grant: Grant;
  purpose: 'request' | 'extension';
  /** This person approved already; the quorum is not reached yet. */
  approvedByMe: boolean;
}

export interface Desk {
  /** Theirs, approved and not yet ended: scheduled, being granted, active, being revoked. Ending soonest first. */
  holding: Grant[];
  /** Theirs, waiting for approval. Oldest first. */
  pending: Grant[];
  /** Others' requests and extensions this person may decide on, the deadline nearest first. */
  toDecide: ToDecide[];
  /** Theirs that ended (revoked, denied, cancelled, lapsed, failed), newest first, at most `RECENT`. */
  recent: Grant[];
}

export const RECENT = 10;

export async function deskOf(deps: ServiceDeps, userId: string): Promise<Desk> {
  const now = deps.clock.now();
  const factsFor = personFacts(deps, userId);
  // Only this person's grants, and the requests and extensions waiting for a decision when they approve
  // anything: a Home tab costs the same with ten thousand others' grants active as with none, and someone
  // who approves nothing does not read every request waiting for others.
  const decides = await approvesAny(deps.catalogue.entitlements, factsFor);
  const [mine, waiting, extending, ended] = await Promise.all([
    deps.store.openOf(userId),
    decides ? deps.store.listByState('pending') : [],
    decides ? deps.store.extensionsAwaited() : [],
    deps.store.endedOf(userId, RECENT),
  ]);
  const holding = mine
    .filter((g) => g.state !== 'pending')
    .sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.requestedAt - b.requestedAt);
  const pending = mine.filter((g) => g.state === 'pending').sort((a, b) => a.requestedAt - b.requestedAt);

  const toDecide: ToDecide[] = [];
  for (const grant of [...waiting, ...extending]) {
    const ext = grant.extension;
    const purpose =
      grant.state === 'pending' && now < grant.approvalDeadline
        ? 'request'
        : grant.state === 'active' && ext?.state === 'pending' && now < ext.deadline
          ? 'extension'
          : undefined;
    if (!purpose) continue;
    const entitlement = deps.catalogue.find(grant.entitlementId);
    const person = entitlement && (await factsFor(entitlement));
    // Not theirs to decide: left off their list, by the same rule as the buttons.
    if (!entitlement || !person || whyNotDecider(entitlement, grant.requester, person)) continue;
    const approvals = purpose === 'request' ? grant.approvals : (ext?.approvals ?? []);
    toDecide.push({ grant, purpose, approvedByMe: approvals.includes(userId) });
  }
  const deadline = (d: ToDecide) =>
    d.purpose === 'request' ? d.grant.approvalDeadline : (d.grant.extension?.deadline ?? Infinity);
  toDecide.sort((a, b) => deadline(a) - deadline(b));

  return { holding, pending, toDecide, recent: ended };
}

async function approvesAny(
  entitlements: readonly Entitlement[],
  factsFor: (entitlement: Entitlement) => Promise<PersonFacts | undefined>,
): Promise<boolean> {
  for (const entitlement of entitlements) {
    const person = await factsFor(entitlement);
    if (person && !whyNotApprover(person)) return true;
  }
  return false;
}

/**
 * What Slack says about the person for each entitlement, asked once per entitlement. A directory that fails
 * is logged and counts as not deciding: the rest of their Home is still shown; the next publish asks again.
 */
function personFacts(deps: ServiceDeps, userId: string) {
  const asked = new Map<string, Promise<PersonFacts | undefined>>();
  return (entitlement: Entitlement): Promise<PersonFacts | undefined> => {
    let facts = asked.get(entitlement.id);
    if (!facts) {
      facts = deps.directory.person(userId, entitlement).catch((error: unknown) => {
        deps.log.warn(
          { err: error, entitlement: entitlement.id, user: userId },
          'could not tell whether a person may decide',
        );
        return undefined;
      });
      asked.set(entitlement.id, facts);
    }
    return facts;
  };
}
