// The grant: one record for one request's whole life, from asking to revocation.
// Times are epoch milliseconds; durations are seconds.

import type { ActivityState } from './activity.js';
import type { Target } from './entitlement.js';
import type { OnCallShift } from './on-call.js';

export const GRANT_STATES = [
  'pending',
  'approved',
  'scheduled',
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

/**
 * One piece of access a grant asked Identity Center for, by the ids it resolved to: an account assignment
 * or a group membership. Recorded before AWS is asked to add it, and what revocation removes, so a target
 * renamed or deleted meanwhile never decides what is removed.
 */
export type HeldAccess =
  | { kind: 'permissionSet'; accountId: string; permissionSetArn: string }
  | { kind: 'group'; groupId: string; membershipId?: string };

/** Identity Center references made while the grant held access. */
export interface AwsRefs {
  principalId?: string;
  /** Every piece of access the grant may have added (one per account, or one membership). */
  held?: HeldAccess[];
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
  /** The access on one account; for a grant on several accounts, the permission set on the first of them. */
  target: Target;
  /**
   * A grant on several accounts: every account it covers, resolved when it was asked for (an OU's accounts
   * then, or the ones named after `@`). One assignment per account; absent for a one-account grant.
   */
  accounts?: string[];
  requester: string;
  reason: string;
  durationSec: number;
  /**
   * A start asked for: the grant waits in `scheduled` until then, and its window is fixed at start + duration
   * whenever it was approved. Absent: access starts when approved.
   */
  startAt?: number;
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
  /** What Slack shows of the failure when the reason holds AWS's own text (that stays in the logs). */
  failureShown?: string;
  /**
   * When the reason holds AWS's own text: the error's code and the reference the logs hold it under, which
   * Slack shows in its place (grants failed before this was kept have `failureShown` instead).
   */
  failureReport?: FailureReport;
  /** The request message in Slack, and the channel it lives in. */
  channel?: string;
  messageTs?: string;
  aws: AwsRefs;
  extension?: Extension;
  /** Approved because the requester was on call: the grant ends with the shift if that comes first. */
  onCall?: OnCallShift;
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

/** What may be said in Slack about a failure whose details stay in the logs. */
export interface FailureReport {
  /** A Latchkey error code or an AWS error name. */
  code: string;
  /** The `errorRef` of the log line with the whole error. */
  ref: string;
  /** For a grant on several accounts, what became of each, in words safe to show (never AWS's text). */
  accounts?: string[];
}
