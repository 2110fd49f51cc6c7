// Who may do what. The facts about a person (is a guest, is in @sre-leads, …) come from Slack through the
// adapter; the rules live here so buttons, reactions and commands all go through the same ones.

import { NotAllowedToSeeActivity } from './activity-errors.js';
import type { Entitlement } from './entitlement.js';
import { NotAllowedToRevoke, NotApprover, NotRequester } from './errors.js';
import type { Grant } from './grant.js';

/** What Slack says about a person, resolved by the adapter before a decision is taken. */
export interface PersonFacts {
  userId: string;
  /** Listed among the approvers, directly or through a user group. */
  isApprover: boolean;
  /** Listed among the admins, directly or through a user group. */
  isAdmin: boolean;
  isBot: boolean;
  /** Restricted or ultra-restricted account. */
  isGuest: boolean;
  isDeactivated: boolean;
}

/** Why this person may decide on none of the entitlement's requests, whoever asked; undefined when on some. */
export function whyNotApprover(person: PersonFacts): NotApprover['why'] | undefined {
  if (person.isBot) return 'bot';
  if (person.isDeactivated) return 'deactivated';
  if (person.isGuest) return 'guest';
  if (!person.isApprover) return 'not-listed';
  return undefined;
}

/** Why this person may not decide on the grant's requests, or undefined when they may. */
export function whyNotDecider(
  entitlement: Entitlement,
  requester: string,
  person: PersonFacts,
): NotApprover['why'] | undefined {
  const why = whyNotApprover(person);
  if (why) return why;
  return person.userId === requester && !entitlement.selfApprove ? 'requester' : undefined;
}

/** Throws `NotApprover` unless this person may decide on the grant's requests. */
export function assertMayDecide(entitlement: Entitlement, requester: string, person: PersonFacts): void {
  const why = whyNotDecider(entitlement, requester, person);
  if (why) throw new NotApprover(person.userId, why, entitlement.id);
}

/** Throws `NotRequester` unless the person is among the entitlement's requesters (or anyone may ask). */
export function assertMayRequest(entitlement: Entitlement, isListedRequester: boolean): void {
  if (entitlement.requesters !== undefined && !isListedRequester) throw new NotRequester(entitlement.id);
}

/**
 * The holder, an approver of the entitlement, or an admin; never a bot or a deactivated account. A guest
 * account acts on nobody else's access, even when listed as an admin or approver.
 */
function isHolderApproverOrAdmin(grant: Grant, person: PersonFacts): boolean {
  if (person.isBot || person.isDeactivated) return false;
  if (person.userId === grant.requester) return true;
  if (person.isGuest) return false;
  return person.isAdmin || person.isApprover;
}

/** The holder, an approver of the entitlement, or an admin may end a grant early. */
export function assertMayRevoke(grant: Grant, person: PersonFacts): void {
  if (!isHolderApproverOrAdmin(grant, person)) throw new NotAllowedToRevoke(grant.id);
}

/** The same people may read what was done with a grant's access (a guest, only with their own). */
export function assertMaySeeActivity(grant: Grant, person: PersonFacts): void {
  if (!isHolderApproverOrAdmin(grant, person)) throw new NotAllowedToSeeActivity(grant.id);
}
