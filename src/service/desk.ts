// What one person's desk holds, for their Home tab: the access they hold or will hold, their requests
// waiting for approval, the requests (and extensions) waiting for their decision — by the same rules as
// the buttons on a request message — and what of theirs ended lately.

import { NotApprover } from '../core/errors.js';
import type { Grant } from '../core/grant.js';
import { assertMayDecide } from '../core/policy.js';
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
  // Only this person's grants, and the requests and extensions waiting for a decision: a Home tab costs
  // the same with ten thousand others' grants active as with none.
  const [mine, waiting, extending, ended] = await Promise.all([
    deps.store.openOf(userId),
    deps.store.listByState('pending'),
    deps.store.extensionsAwaited(),
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
    if (!entitlement) continue;
    try {
      assertMayDecide(entitlement, grant.requester, await deps.directory.person(userId, entitlement));
    } catch (error) {
      // Not theirs to decide: left off their list. Anything else (Slack's directory failing) is logged, and the
      // rest of their Home is still shown; the next publish asks again.
      if (!(error instanceof NotApprover)) {
        deps.log.warn(
          { err: error, grantId: grant.id, user: userId },
          'could not tell whether a person may decide',
        );
      }
      continue;
    }
    const approvals = purpose === 'request' ? grant.approvals : (ext?.approvals ?? []);
    toDecide.push({ grant, purpose, approvedByMe: approvals.includes(userId) });
  }
  const deadline = (d: ToDecide) =>
    d.purpose === 'request' ? d.grant.approvalDeadline : (d.grant.extension?.deadline ?? Infinity);
  toDecide.sort((a, b) => deadline(a) - deadline(b));

  return { holding, pending, toDecide, recent: ended };
}
