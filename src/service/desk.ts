// What one person's desk holds, for their Home tab: the access they hold or will hold, their requests
// waiting for approval, the requests (and extensions) waiting for their decision — by the same rules as
// the buttons on a request message — and what of theirs ended lately.

import { NotApprover } from '../core/errors.js';
import { FINAL_STATES, GRANT_STATES, type Grant } from '../core/grant.js';
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
/** How far back "recently ended" looks, in grants changed by anyone: a bounded read, not the archive. */
const RECENT_SCAN = 500;

export async function deskOf(deps: ServiceDeps, userId: string): Promise<Desk> {
  const now = deps.clock.now();
  const open = await deps.store.listByState(...GRANT_STATES.filter((s) => !FINAL_STATES.has(s)));
  const mine = open.filter((g) => g.requester === userId);
  const holding = mine
    .filter((g) => g.state !== 'pending')
    .sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.requestedAt - b.requestedAt);
  const pending = mine.filter((g) => g.state === 'pending').sort((a, b) => a.requestedAt - b.requestedAt);

  const toDecide: ToDecide[] = [];
  for (const grant of open) {
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

  return { holding, pending, toDecide, recent: await recentlyEnded(deps, userId) };
}

async function recentlyEnded(deps: ServiceDeps, userId: string): Promise<Grant[]> {
  const found: Grant[] = [];
  let before: number | undefined;
  for (let read = 0; read < RECENT_SCAN && found.length < RECENT; ) {
    const page = await deps.store.recent({ limit: 100, ...(before !== undefined && { before }) });
    if (page.length === 0) break;
    read += page.length;
    found.push(...page.filter((g) => g.requester === userId && FINAL_STATES.has(g.state)));
    const oldest = page.at(-1)!;
    const next = oldest.events.at(-1)?.at ?? oldest.requestedAt;
    // Grants changed in the same millisecond share a key prefix: step past it rather than loop on it.
    before = before !== undefined && next >= before ? before - 1 : next;
  }
  return found.slice(0, RECENT);
}
