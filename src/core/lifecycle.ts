// The grant lifecycle as explicit transitions:
//
//   pending ─approve (quorum)─▶ approved ─▶ provisioning ─▶ active ─▶ revoking ─▶ revoked
//      ├─deny─▶ denied              │   ▲             └─▶ failed
//      ├─cancel─▶ cancelled         │   │start
//      └─approval window passed─▶ lapsed  └─▶ scheduled ─cancel/revoke─▶ cancelled
//
// A grant with a start time asked for is approved straight into `scheduled` when the start is still ahead,
// and its window is fixed: it ends at start + duration, whenever it was approved.
//
// Every function is pure: it takes the grant and the clock's reading and returns the next grant with the
// audit event appended, or throws a typed error. Persisting the result (conditionally on the version read)
// is the caller's job.

import type { Entitlement } from './entitlement.js';
import { IllegalTransition, NotAllowedToCancel } from './errors.js';
import type { Actor, AuditEvent, FailureReport, Grant, GrantState } from './grant.js';
import { SYSTEM } from './grant.js';
import { grantEnd } from './on-call.js';
import { assertMayDecide, type PersonFacts } from './policy.js';

export interface Transition {
  grant: Grant;
  /** What happened, or `undefined` when the call changed nothing (a repeated approval, say). */
  event: AuditEvent | undefined;
}

export interface NewRequest {
  id: string;
  entitlement: Entitlement;
  requester: string;
  durationSec: number;
  reason: string;
  now: number;
  /** When access should begin; absent = at approval. */
  startAt?: number;
  /** For an entitlement on several accounts: the accounts this request covers. */
  accounts?: string[];
}

interface EventParts {
  actor: Actor;
  action: string;
  detail?: string;
  awsRequestId?: string;
}

/** Moves the grant to `to` and appends the event that says so. */
function move(
  grant: Grant,
  to: GrantState,
  now: number,
  parts: EventParts,
  changes: Partial<Grant> = {},
): Transition {
  const event: AuditEvent = { at: now, grantId: grant.id, from: grant.state, to, ...parts };
  return { grant: { ...grant, ...changes, state: to, events: [...grant.events, event] }, event };
}

function expect(grant: Grant, action: string, ...states: GrantState[]): void {
  if (!states.includes(grant.state)) throw new IllegalTransition(grant.id, grant.state, action);
}

/** A new request. An entitlement that needs no approvals is approved in the same step, still on the record. */
export function request(input: NewRequest): Transition {
  const { entitlement, now } = input;
  const grant: Grant = {
    id: input.id,
    version: 0,
    state: 'pending',
    entitlementId: entitlement.id,
    target:
      input.accounts?.[0] !== undefined && entitlement.target.kind === 'permissionSet'
        ? { ...entitlement.target, accountId: input.accounts[0] }
        : entitlement.target,
    ...(input.accounts !== undefined && { accounts: input.accounts }),
    requester: input.requester,
    reason: input.reason,
    durationSec: input.durationSec,
    ...(input.startAt !== undefined && { startAt: input.startAt }),
    requestedAt: now,
    // A scheduled request may be approved until its window would end; after that there is nothing to grant.
    approvalDeadline:
      input.startAt !== undefined
        ? input.startAt + input.durationSec * 1000
        : now + entitlement.approvalWindowSec * 1000,
    approvalsNeeded: entitlement.approvals,
    approvals: [],
    channel: entitlement.channel,
    aws: {},
    attempts: 0,
    events: [],
  };
  const asked: AuditEvent = {
    at: now,
    grantId: grant.id,
    actor: input.requester,
    action: 'requested',
    from: null,
    to: 'pending',
    detail: input.reason,
  };
  const pending = { ...grant, events: [asked] };
  if (entitlement.approvals > 0) return { grant: pending, event: asked };
  return move(pending, approvedState(pending, now), now, {
    actor: SYSTEM,
    action: 'approved',
    detail: 'no approval needed',
  });
}

/** Approved before its start, a grant waits; otherwise access is given at once. */
function approvedState(grant: Grant, now: number): 'approved' | 'scheduled' {
  return grant.startAt !== undefined && now < grant.startAt ? 'scheduled' : 'approved';
}

/** The start of a scheduled grant has come: access is given now. */
export function start(grant: Grant, now: number): Transition {
  expect(grant, 'started', 'scheduled');
  if (grant.startAt !== undefined && now < grant.startAt) {
    throw new IllegalTransition(grant.id, grant.state, 'started', 'before-start');
  }
  return move(grant, 'approved', now, { actor: SYSTEM, action: 'started' }, { nextAttemptAt: undefined });
}

/** An approval by button or reaction. Repeating it changes nothing; the quorum counts distinct people. */
export function approve(
  grant: Grant,
  entitlement: Entitlement,
  person: PersonFacts,
  now: number,
): Transition {
  expect(grant, 'approved', 'pending');
  assertOpen(grant, now);
  assertMayDecide(entitlement, grant.requester, person);
  if (grant.approvals.includes(person.userId)) return { grant, event: undefined };
  const approvals = [...grant.approvals, person.userId];
  const reached = approvals.length >= grant.approvalsNeeded;
  const detail = `${approvals.length} of ${grant.approvalsNeeded} approvals`;
  if (!reached) {
    const event: AuditEvent = {
      at: now,
      grantId: grant.id,
      actor: person.userId,
      action: 'approval-added',
      from: 'pending',
      to: 'pending',
      detail,
    };
    return { grant: { ...grant, approvals, events: [...grant.events, event] }, event };
  }
  return move(
    grant,
    approvedState(grant, now),
    now,
    { actor: person.userId, action: 'approved', detail },
    { approvals },
  );
}

/** An approve reaction taken back before the quorum was reached. */
export function withdrawApproval(grant: Grant, userId: string, now: number): Transition {
  if (grant.state !== 'pending' || !grant.approvals.includes(userId)) return { grant, event: undefined };
  const approvals = grant.approvals.filter((id) => id !== userId);
  const event: AuditEvent = {
    at: now,
    grantId: grant.id,
    actor: userId,
    action: 'approval-withdrawn',
    from: 'pending',
    to: 'pending',
    detail: `${approvals.length} of ${grant.approvalsNeeded} approvals`,
  };
  return { grant: { ...grant, approvals, events: [...grant.events, event] }, event };
}

/** A denial ends the request whatever approvals it already has: deny wins. */
export function deny(grant: Grant, entitlement: Entitlement, person: PersonFacts, now: number): Transition {
  expect(grant, 'denied', 'pending');
  assertOpen(grant, now);
  assertMayDecide(entitlement, grant.requester, person);
  return move(grant, 'denied', now, { actor: person.userId, action: 'denied' }, { deniedBy: person.userId });
}

export function cancel(grant: Grant, userId: string, now: number): Transition {
  if (userId !== grant.requester) throw new NotAllowedToCancel(grant.id);
  expect(grant, 'cancelled', 'pending', 'scheduled');
  return move(grant, 'cancelled', now, { actor: userId, action: 'cancelled' });
}

/** No decision within the approval window. */
export function lapse(grant: Grant, now: number): Transition {
  expect(grant, 'lapsed', 'pending');
  if (now < grant.approvalDeadline) {
    throw new IllegalTransition(grant.id, grant.state, 'lapsed', 'within-window');
  }
  return move(grant, 'lapsed', now, {
    actor: SYSTEM,
    action: 'lapsed',
    detail: 'no decision within the window',
  });
}

export function beginProvisioning(grant: Grant, now: number): Transition {
  expect(grant, 'provisioned', 'approved');
  return move(grant, 'provisioning', now, { actor: SYSTEM, action: 'provisioning' }, { attempts: 0 });
}

/** Identity Center confirmed the access: the grant's clock starts now. */
export function activate(grant: Grant, now: number, awsRequestId?: string, detail?: string): Transition {
  expect(grant, 'activated', 'provisioning');
  return move(
    grant,
    'active',
    now,
    { actor: SYSTEM, action: 'activated', ...(awsRequestId && { awsRequestId }), ...(detail && { detail }) },
    {
      activatedAt: now,
      // A scheduled grant's window is fixed; otherwise the clock starts now. An on-call grant ends with the
      // shift if that comes first.
      expiresAt: grantEnd(grant, grant.startAt ?? now),
      attempts: 0,
      nextAttemptAt: undefined,
      lastError: undefined,
    },
  );
}

/**
 * Provisioning cannot succeed. The audit event keeps the whole `reason`; `shown` is what people read in
 * Slack when the reason holds details that belong in the logs only (AWS's own text).
 */
export function fail(
  grant: Grant,
  reason: string,
  now: number,
  awsRequestId?: string,
  report?: FailureReport,
): Transition {
  expect(grant, 'failed', 'approved', 'provisioning');
  return move(
    grant,
    'failed',
    now,
    { actor: SYSTEM, action: 'failed', detail: reason, ...(awsRequestId && { awsRequestId }) },
    { failureReason: reason, ...(report !== undefined && { failureReport: report }), endedAt: now },
  );
}

/**
 * Starts revocation: at expiry (never before the end time) by the system, or early by a person
 * whose right to do so the caller has checked with `assertMayRevoke`.
 */
export function beginRevocation(grant: Grant, actor: Actor, now: number): Transition {
  // A scheduled grant holds nothing yet: revoking it ends it before it starts.
  if (grant.state === 'scheduled' && actor !== SYSTEM) {
    return move(
      grant,
      'cancelled',
      now,
      { actor, action: 'cancelled', detail: 'revoked before its start' },
      { revokedBy: actor, nextAttemptAt: undefined },
    );
  }
  expect(grant, 'revoked', 'active');
  const expired = grant.expiresAt !== undefined && now >= grant.expiresAt;
  if (actor === SYSTEM && !expired) {
    throw new IllegalTransition(grant.id, grant.state, 'revoked', 'before-end');
  }
  const endReason = actor === SYSTEM ? 'expired' : 'revoked-early';
  return move(
    grant,
    'revoking',
    now,
    { actor, action: endReason === 'expired' ? 'expired' : 'revoke-requested' },
    {
      endReason,
      revokedBy: actor,
      attempts: 0,
      nextAttemptAt: undefined,
      // An extension still waiting for approval has nothing left to extend.
      ...(grant.extension?.state === 'pending' && {
        extension: { ...grant.extension, state: 'lapsed' as const },
      }),
    },
  );
}

/** AWS confirmed the removal (or there was nothing of ours to remove): only now is the grant revoked. */
export function completeRevocation(
  grant: Grant,
  now: number,
  detail?: string,
  awsRequestId?: string,
): Transition {
  expect(grant, 'revoked', 'revoking');
  return move(
    grant,
    'revoked',
    now,
    { actor: SYSTEM, action: 'revoked', ...(detail && { detail }), ...(awsRequestId && { awsRequestId }) },
    { endedAt: now, nextAttemptAt: undefined, lastError: undefined },
  );
}

/** Retry delays for a step that failed: 2 s doubling to 5 min, with the jitter left to the scheduler. */
export function retryDelayMs(attempts: number): number {
  return Math.min(300_000, 2000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * A step that talks to AWS failed; the grant keeps its state and is tried again later: after `delayMs` when
 * the caller knows better (a revocation is retried sooner), else after `retryDelayMs`.
 */
export function recordFailedAttempt(grant: Grant, error: string, now: number, delayMs?: number): Transition {
  expect(grant, 'retried', 'approved', 'provisioning', 'revoking');
  const attempts = grant.attempts + 1;
  const event: AuditEvent = {
    at: now,
    grantId: grant.id,
    actor: SYSTEM,
    action: 'attempt-failed',
    from: grant.state,
    to: grant.state,
    detail: error,
  };
  // A grant that keeps failing would otherwise grow without bound: record the 1st, 2nd, 4th, 8th… failure.
  const recorded = (attempts & (attempts - 1)) === 0;
  return {
    grant: {
      ...grant,
      attempts,
      lastError: error,
      nextAttemptAt: now + (delayMs ?? retryDelayMs(attempts)),
      events: recorded ? [...grant.events, event] : grant.events,
    },
    event: recorded ? event : undefined,
  };
}

function assertOpen(grant: Grant, now: number): void {
  if (now >= grant.approvalDeadline) {
    throw new IllegalTransition(grant.id, grant.state, 'decided', 'approval-window-passed');
  }
}
