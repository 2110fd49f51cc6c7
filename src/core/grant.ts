// The grant: one record for one request's whole life, from asking to revocation.
// Times are epoch milliseconds; durations are seconds.

import type { ActivityState } from './activity.js';
import type { Target } from './entitlement.js';

export const GRANT_STATES = [
  'pending',
  'approved',
  'provisioning',
  'active',
  'revoking',
  'revoked',
  'denied',
  'cancelled',
  'lapsed',
  'failed',
] as const;
export type GrantState = (typeof GRANT_STATES)[number];

/** States a grant never leaves. */
export const FINAL_STATES: ReadonlySet<GrantState> = new Set([
  'revoked',
  'denied',
  'cancelled',
  'lapsed',
  'failed',
]);
/** States in which work is half done and a restart must finish it. */
export const IN_FLIGHT_STATES: ReadonlySet<GrantState> = new Set(['approved', 'provisioning', 'revoking']);

/** Who caused a change: a Slack user id, or `system` for the sweeper and recovery. */
export type Actor = string;
export const SYSTEM: Actor = 'system';

/** An audit event: appended by every transition, in the same write as the state change. */
export interface AuditEvent {
  at: number;
  grantId: string;
  actor: Actor;
  action: string;
  from: GrantState | null;
  /** The state after; `null` for events about no grant in particular (drift found by reconcile). */
  to: GrantState | null;
  /** Free text: the reason given, AWS's failure reason, what a revocation left in place. */
  detail?: string;
  awsRequestId?: string;
}

/** An extension asked for with `/access extend`: its own approvals, its own request message. */
export interface Extension {
  requestedBy: string;
  requestedAt: number;
  durationSec: number;
  approvals: string[];
  deadline: number;
  state: 'pending' | 'approved' | 'denied' | 'lapsed';
  decidedBy?: string;
  channel?: string;
  messageTs?: string;
}

/** Identity Center references made while the grant held access. */
export interface AwsRefs {
  principalId?: string;
  /** The resolved target: permission set ARN or group id. */
  resolvedTarget?: string;
  creationRequestId?: string;
  deletionRequestId?: string;
  membershipId?: string;
}

export interface Grant {
  id: string;
  /** Bumped by every write; every write is conditional on the version it read. */
  version: number;
  state: GrantState;
  entitlementId: string;
  target: Target;
  requester: string;
  reason: string;
  durationSec: number;
  requestedAt: number;
  /** Pending longer than this → lapsed. */
  approvalDeadline: number;
  approvalsNeeded: number;
  /** Distinct Slack users who approved, in order. */
  approvals: string[];
  deniedBy?: string;
  activatedAt?: number;
  /** Set when the grant becomes active: the clock starts then, not when it was asked for. */
  expiresAt?: number;
  endedAt?: number;
  endReason?: 'expired' | 'revoked-early';
  revokedBy?: Actor;
  failureReason?: string;
  /** The request message in Slack, and the channel it lives in. */
  channel?: string;
  messageTs?: string;
  aws: AwsRefs;
  extension?: Extension;
  /** Retry bookkeeping for steps that talk to AWS. */
  attempts: number;
  nextAttemptAt?: number;
  lastError?: string;
  remindedAt?: number;
  warnedAt?: number;
  /** The activity digest, once the grant has ended with activity digests configured. */
  activity?: ActivityState;
  events: AuditEvent[];
}
