// Checks what a person typed for a request (duration and reason) against the entitlement's bounds, and the
// guardrails that span requests (a reason pattern, how many grants one person may have open).

import { parseDuration } from './duration.js';
import type { Entitlement } from './entitlement.js';
import { InvalidDuration, MissingReason, ReasonNotAccepted, TooManyGrants } from './errors.js';
import type { Grant, GrantState } from './grant.js';

/** The longest reason kept; the rest is cut so a request message always fits Slack's limits. */
export const MAX_REASON_LENGTH = 1000;

export function parseRequestDuration(entitlement: Entitlement, text: string): number {
  const seconds = parseDuration(text);
  const refuse = (why: 'unreadable' | 'out-of-bounds') =>
    new InvalidDuration(text, entitlement.minDurationSec, entitlement.maxDurationSec, {
      why,
      entitlementId: entitlement.id,
    });
  if (seconds === undefined) throw refuse('unreadable');
  if (seconds < entitlement.minDurationSec || seconds > entitlement.maxDurationSec)
    throw refuse('out-of-bounds');
  return seconds;
}

export function normaliseReason(text: string | undefined): string {
  const reason = (text ?? '').replace(/\s+/g, ' ').trim();
  if (reason === '') throw new MissingReason();
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

/** Limits on requests that span entitlements (`defaults` in the config). */
export interface RequestLimits {
  /** Grants one person may have at once, from pending to active; undefined = no cap. */
  maxActivePerPerson?: number;
  /** How far ahead a start may be. */
  maxLeadTimeSec: number;
}

export const DEFAULT_LIMITS: RequestLimits = { maxLeadTimeSec: 7 * 86_400 };

/** Refuses a reason the entitlement's `reasonPattern` does not match, with its hint. */
export function assertReasonAccepted(entitlement: Entitlement, reason: string): void {
  if (entitlement.reasonPattern === undefined) return;
  if (!new RegExp(entitlement.reasonPattern).test(reason)) {
    throw new ReasonNotAccepted(entitlement.id, entitlement.reasonHint);
  }
}

/** The states in which a grant counts against `maxActivePerPerson`. */
export const OPEN_STATES: readonly GrantState[] = [
  'pending',
  'approved',
  'scheduled',
  'provisioning',
  'active',
];

/**
 * Refuses a person who already has `maxActivePerPerson` open grants, listing them. `beingMade` counts
 * requests of theirs made a moment ago and not stored yet.
 */
export function assertUnderGrantCap(limits: RequestLimits, open: readonly Grant[], beingMade = 0): void {
  const limit = limits.maxActivePerPerson;
  if (limit === undefined || open.length + beingMade < limit) return;
  throw new TooManyGrants(
    limit,
    [...open]
      .sort((a, b) => a.requestedAt - b.requestedAt)
      .map((g) => ({ id: g.id, entitlementId: g.entitlementId, state: g.state })),
  );
}
