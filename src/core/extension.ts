// Extending an active grant: `/access extend` opens a request tied to the grant, decided by the same rules
// as the grant itself. The extension lives on the grant, so approving it and moving the end time is one
// conditional write.

import { formatDuration } from './duration.js';
import type { Entitlement } from './entitlement.js';
import { ExtensionPending, IllegalTransition, InvalidDuration } from './errors.js';
import type { AuditEvent, Grant } from './grant.js';
import { SYSTEM } from './grant.js';
import type { Transition } from './lifecycle.js';
import { assertMayDecide, type PersonFacts } from './policy.js';

function withEvent(
  grant: Grant,
  changes: Partial<Grant>,
  now: number,
  actor: string,
  action: string,
  detail?: string,
): Transition {
  const event: AuditEvent = {
    at: now,
    grantId: grant.id,
    actor,
    action,
    from: grant.state,
    to: grant.state,
    ...(detail && { detail }),
  };
  return { grant: { ...grant, ...changes, events: [...grant.events, event] }, event };
}

/** How long the grant is active in all, from activation to its current end: extensions included. */
export function activeTotalSec(grant: Grant, now: number): number {
  const from = grant.activatedAt ?? now;
  return Math.max(0, Math.ceil(((grant.expiresAt ?? now) - from) / 1000));
}

/** Refuses an extension that would take the grant's whole active time past the entitlement's `maxTotal`. */
function assertWithinTotal(grant: Grant, entitlement: Entitlement, durationSec: number, now: number): void {
  const usedSec = activeTotalSec(grant, now);
  const leftSec = entitlement.maxTotalSec - usedSec;
  if (durationSec <= leftSec) return;
  throw new InvalidDuration(formatDuration(durationSec), entitlement.minDurationSec, Math.max(0, leftSec), {
    why: 'past-max-total',
    grantId: grant.id,
    entitlementId: entitlement.id,
    maxTotalSec: entitlement.maxTotalSec,
    usedSec,
    leftSec: Math.max(0, leftSec),
  });
}

function extended(grant: Grant, entitlement: Entitlement, now: number, actor: string): Transition {
  const ext = grant.extension!;
  assertWithinTotal(grant, entitlement, ext.durationSec, now);
  const expiresAt = (grant.expiresAt ?? now) + ext.durationSec * 1000;
  const totalSec = activeTotalSec({ ...grant, expiresAt }, now);
  return withEvent(
    grant,
    {
      expiresAt,
      durationSec: grant.durationSec + ext.durationSec,
      extension: { ...ext, state: 'approved', decidedBy: actor },
      // The new end deserves its own warning.
      warnedAt: undefined,
    },
    now,
    actor,
    'extended',
    `+${formatDuration(ext.durationSec)}, now ends ${new Date(expiresAt).toISOString()}; ${formatDuration(totalSec)} in all of at most ${formatDuration(entitlement.maxTotalSec)}`,
  );
}

/**
 * The holder asks for more time: in all, extensions included, the grant runs at most its entitlement's
 * `maxTotal`. An extension approvers decide on is also held to the entitlement's maximum duration from
 * now, as a request is; with `approvals: 0` nobody decides, and `maxTotal` is the only limit.
 */
export function requestExtension(
  grant: Grant,
  entitlement: Entitlement,
  userId: string,
  durationSec: number,
  now: number,
): Transition {
  if (grant.state !== 'active') {
    throw new IllegalTransition(grant.id, grant.state, 'extended', 'not-active');
  }
  if (userId !== grant.requester) {
    throw new IllegalTransition(grant.id, grant.state, 'extended', 'not-holder');
  }
  if (grant.extension?.state === 'pending' && now < grant.extension.deadline)
    throw new ExtensionPending(grant.id);
  const remainingSec = Math.max(0, Math.ceil(((grant.expiresAt ?? now) - now) / 1000));
  const roomSec = entitlement.maxDurationSec - remainingSec;
  if (entitlement.approvals > 0 && durationSec > roomSec) {
    throw new InvalidDuration(
      formatDuration(durationSec),
      entitlement.minDurationSec,
      entitlement.maxDurationSec,
      {
        why: 'past-max-duration',
        grantId: grant.id,
        entitlementId: entitlement.id,
        roomSec: Math.max(0, roomSec),
      },
    );
  }
  assertWithinTotal(grant, entitlement, durationSec, now);
  const requested = withEvent(
    grant,
    {
      extension: {
        requestedBy: userId,
        requestedAt: now,
        durationSec,
        approvals: [],
        deadline: now + entitlement.approvalWindowSec * 1000,
        state: 'pending',
      },
    },
    now,
    userId,
    'extension-requested',
    `+${formatDuration(durationSec)}`,
  );
  return entitlement.approvals === 0 ? extended(requested.grant, entitlement, now, SYSTEM) : requested;
}

function pendingExtension(grant: Grant, now: number): NonNullable<Grant['extension']> {
  const ext = grant.extension;
  if (grant.state !== 'active' || ext?.state !== 'pending') {
    throw new IllegalTransition(grant.id, grant.state, 'decided', 'no-extension-waiting');
  }
  if (now >= ext.deadline) {
    throw new IllegalTransition(grant.id, grant.state, 'decided', 'extension-lapsed');
  }
  return ext;
}

export function approveExtension(
  grant: Grant,
  entitlement: Entitlement,
  person: PersonFacts,
  now: number,
): Transition {
  const ext = pendingExtension(grant, now);
  assertMayDecide(entitlement, grant.requester, person);
  if (ext.approvals.includes(person.userId)) return { grant, event: undefined };
  const approvals = [...ext.approvals, person.userId];
  const withApproval = { ...grant, extension: { ...ext, approvals } };
  if (approvals.length >= grant.approvalsNeeded)
    return extended(withApproval, entitlement, now, person.userId);
  return withEvent(
    withApproval,
    {},
    now,
    person.userId,
    'extension-approval-added',
    `${approvals.length} of ${grant.approvalsNeeded} approvals`,
  );
}

export function withdrawExtensionApproval(grant: Grant, userId: string, now: number): Transition {
  const ext = grant.extension;
  if (grant.state !== 'active' || ext?.state !== 'pending' || !ext.approvals.includes(userId)) {
    return { grant, event: undefined };
  }
  const approvals = ext.approvals.filter((id) => id !== userId);
  return withEvent(
    { ...grant, extension: { ...ext, approvals } },
    {},
    now,
    userId,
    'extension-approval-withdrawn',
  );
}

export function denyExtension(
  grant: Grant,
  entitlement: Entitlement,
  person: PersonFacts,
  now: number,
): Transition {
  const ext = pendingExtension(grant, now);
  assertMayDecide(entitlement, grant.requester, person);
  return withEvent(
    grant,
    { extension: { ...ext, state: 'denied', decidedBy: person.userId } },
    now,
    person.userId,
    'extension-denied',
  );
}

/** An extension without a decision by its deadline. Only an active grant has one left to lapse. */
export function lapseExtension(grant: Grant, now: number): Transition {
  const ext = grant.extension;
  if (grant.state !== 'active' || ext?.state !== 'pending' || now < ext.deadline) {
    return { grant, event: undefined };
  }
  return withEvent(grant, { extension: { ...ext, state: 'lapsed' } }, now, SYSTEM, 'extension-lapsed');
}
