// On-call auto-approval as rules: whether what PagerDuty answered makes the requester on call now, the
// approval by `system` that follows (or the note that it did not), and the end a shift puts on a grant.
// PagerDuty itself is reached through the `OnCallSource` port; nothing here does I/O or reads a clock.

import { IllegalTransition } from './errors.js';
import type { AuditEvent, Grant } from './grant.js';
import { SYSTEM } from './grant.js';
import type { Transition } from './lifecycle.js';

/** One on-call entry of a schedule: a contiguous stretch of time the user is on call. Times in epoch ms. */
export interface OnCallEntry {
  scheduleId: string;
  scheduleName?: string;
  /** `null`: a permanent on-call. */
  start: number | null;
  /** `null`: the user does not go off call. */
  end: number | null;
}

export interface PagerDutyUser {
  id: string;
  name: string;
  email: string;
}

/** What PagerDuty said about a person: no user with that email, or the user and their entries now. */
export type OnCallLookup = { user: undefined } | { user: PagerDutyUser; entries: OnCallEntry[] };

/** The shift that approved a grant, kept on the grant and named in its audit event. */
export interface OnCallShift {
  source: 'pagerduty';
  scheduleId: string;
  scheduleName?: string;
  userId: string;
  userName: string;
  /** When the shift ends; absent when it is open-ended, and the grant then runs its whole duration. */
  endsAt?: number;
}

export type OnCallAnswer =
  | { kind: 'on-call'; shift: OnCallShift }
  | { kind: 'not-on-call'; why: string }
  /** PagerDuty could not be asked, or answered something unusable: never a reason to approve. */
  | { kind: 'unknown'; why: string };

/**
 * Reads PagerDuty's answer. Only an entry of a configured schedule that covers `now` counts. Of several
 * (two schedules, two escalation levels), the one that lasts longest: the person is on call until then.
 */
export function readOnCall(
  lookup: OnCallLookup,
  schedules: readonly string[],
  email: string,
  now: number,
): OnCallAnswer {
  if (!lookup.user) return { kind: 'not-on-call', why: `PagerDuty has no user with the email ${email}` };
  const current = lookup.entries.filter(
    (e) =>
      schedules.includes(e.scheduleId) &&
      (e.start === null || e.start <= now) &&
      (e.end === null || e.end > now),
  );
  const lasting = current.reduce<OnCallEntry | undefined>((best, e) => {
    if (!best) return e;
    if (best.end === null) return best;
    return e.end === null || e.end > best.end ? e : best;
  }, undefined);
  if (!lasting) {
    return {
      kind: 'not-on-call',
      why: `${lookup.user.name} is not on call now in ${schedules.join(', ')}`,
    };
  }
  return {
    kind: 'on-call',
    shift: {
      source: 'pagerduty',
      scheduleId: lasting.scheduleId,
      ...(lasting.scheduleName && { scheduleName: lasting.scheduleName }),
      userId: lookup.user.id,
      userName: lookup.user.name,
      ...(lasting.end !== null && { endsAt: lasting.end }),
    },
  };
}

/** How a shift is named in the audit trail and in Slack: schedule, PagerDuty user, end. */
export function describeShift(shift: OnCallShift): string {
  const schedule = shift.scheduleName ? `${shift.scheduleId} (${shift.scheduleName})` : shift.scheduleId;
  const end = shift.endsAt === undefined ? 'with no end' : `until ${new Date(shift.endsAt).toISOString()}`;
  return `on call in PagerDuty schedule ${schedule} as ${shift.userName} (${shift.userId}), ${end}`;
}

function pendingEvent(grant: Grant, now: number, action: string, to: Grant['state'], detail: string) {
  if (grant.state !== 'pending') throw new IllegalTransition(grant.id, grant.state, action);
  const event: AuditEvent = {
    at: now,
    grantId: grant.id,
    actor: SYSTEM,
    action,
    from: 'pending',
    to,
    detail,
  };
  return event;
}

/**
 * Applies PagerDuty's answer to a new request: on call → approved by `system`, the shift kept on the grant;
 * otherwise the request stays pending for its approvers, with the reason on the record.
 */
export function applyOnCall(grant: Grant, answer: OnCallAnswer, now: number): Transition {
  if (answer.kind === 'on-call') {
    const event = pendingEvent(grant, now, 'approved', 'approved', describeShift(answer.shift));
    return {
      grant: { ...grant, state: 'approved', onCall: answer.shift, events: [...grant.events, event] },
      event,
    };
  }
  const action = answer.kind === 'not-on-call' ? 'not-on-call' : 'on-call-unknown';
  const event = pendingEvent(grant, now, action, 'pending', answer.why);
  return { grant: { ...grant, events: [...grant.events, event] }, event };
}

/** When a grant activated at `activatedAt` ends: after its duration, or when the shift that approved it ends. */
export function grantEnd(grant: Grant, activatedAt: number): number {
  const end = activatedAt + grant.durationSec * 1000;
  const shiftEnd = grant.onCall?.endsAt;
  return shiftEnd === undefined ? end : Math.min(end, shiftEnd);
}
