// The activity digest's life on the grant: scheduled in the same write that completes the revocation (so a
// crash can never lose it), then `due` → `posting` (the digest and its audit event recorded) → `posted`
// (the thread reply's ts recorded). Failures keep it due with a backoff; it is never dropped.

import type { ActivityDigest } from './activity-digest.js';
import type { AuditEvent, Grant } from './grant.js';
import { SYSTEM } from './grant.js';
import type { Transition } from './lifecycle.js';

export interface ActivityState {
  /** When the query may run: the end of the grant plus the configured delay. */
  dueAt: number;
  status: 'due' | 'posting' | 'posted';
  attempts: number;
  /** A lease while someone works on it, or the time of the next attempt after a failure. */
  nextAttemptAt?: number;
  lastError?: string;
  /** The CloudTrail Lake query under way, looked at again by the next pass while it runs. */
  queryId?: string;
  queryStartedAt?: number;
  digest?: ActivityDigest;
  /** The thread reply, once Slack took it. */
  postedTs?: string;
}

/** Marks the digest due `delaySec` after the grant's end, on a revocation that has just completed. */
export function scheduleActivity(t: Transition, delaySec: number | undefined): Transition {
  const { grant } = t;
  if (delaySec === undefined || grant.state !== 'revoked' || grant.activatedAt === undefined) return t;
  if (grant.activity !== undefined) return t;
  const dueAt = (grant.endedAt ?? grant.activatedAt) + delaySec * 1000;
  return { ...t, grant: { ...grant, activity: { dueAt, status: 'due', attempts: 0 } } };
}

export function activityOf(grant: Grant): ActivityState | undefined {
  return grant.activity;
}

/** When the digest next needs the sweeper, or undefined once it is posted. */
export function activityDueAt(grant: Grant): number | undefined {
  const activity = activityOf(grant);
  if (!activity || activity.status === 'posted') return undefined;
  return Math.max(activity.dueAt, activity.nextAttemptAt ?? 0);
}

function withActivity(grant: Grant, changes: Partial<ActivityState>): Grant {
  const activity = activityOf(grant);
  if (!activity) throw new Error(`grant ${grant.id} has no activity digest`);
  const next: ActivityState = { ...activity, ...changes };
  for (const key of Object.keys(changes) as (keyof ActivityState)[])
    if (changes[key] === undefined) delete next[key];
  return { ...grant, activity: next };
}

export function leaseActivity(grant: Grant, until: number): Grant {
  return withActivity(grant, { nextAttemptAt: until });
}

/** The query is started: its id is kept, so a crash or a slow query never starts a second one. */
export function queryStarted(grant: Grant, queryId: string, now: number): Grant {
  return withActivity(grant, { queryId, queryStartedAt: now });
}

/** The query is still running: the next pass looks again in a little while. Not a failure. */
export function queryStillRunning(grant: Grant, lookAgainAt: number): Grant {
  return withActivity(grant, { nextAttemptAt: lookAgainAt });
}

/** The digest is made: recorded with its audit event before it is posted, so it is never made twice. */
export function recordDigest(grant: Grant, digest: ActivityDigest, summary: string, now: number): Transition {
  const event: AuditEvent = {
    at: now,
    grantId: grant.id,
    actor: SYSTEM,
    action: 'activity',
    from: grant.state,
    to: grant.state,
    detail: summary,
  };
  const next = withActivity(grant, {
    status: 'posting',
    digest,
    lastError: undefined,
    queryId: undefined,
    queryStartedAt: undefined,
  });
  return { grant: { ...next, events: [...next.events, event] }, event };
}

export function markDigestPosted(grant: Grant, ts: string): Grant {
  return withActivity(grant, {
    status: 'posted',
    postedTs: ts,
    nextAttemptAt: undefined,
    lastError: undefined,
  });
}

/** 30 s doubling to an hour: CloudTrail Lake trouble is usually over within minutes. */
export function activityRetryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * A failed attempt: kept due with a backoff, and a new query next time. `tell` on the 1st, 2nd, 4th…
 * failure, as for revocations.
 */
export function recordDigestFailure(
  grant: Grant,
  error: string,
  now: number,
): { grant: Grant; tell: boolean } {
  const attempts = (activityOf(grant)?.attempts ?? 0) + 1;
  return {
    grant: withActivity(grant, {
      attempts,
      lastError: error,
      nextAttemptAt: now + activityRetryDelayMs(attempts),
      queryId: undefined,
      queryStartedAt: undefined,
    }),
    tell: (attempts & (attempts - 1)) === 0,
  };
}
