// The activity digest: `activity.delay` after a grant ends, the sweeper queries CloudTrail Lake for what the
// person did in their sessions of the grant and posts the digest in the request's thread. Like every other
// step it is claimed with a lease (one conditional write), recorded before it is posted, and retried with
// backoff when CloudTrail or Slack fail; `/access activity` shows it on demand.

import pLimit from 'p-limit';
import {
  activityOf,
  activityRetryDelayMs,
  leaseActivity,
  markDigestPosted,
  queryStarted,
  queryStillRunning,
  recordDigest,
  recordDigestFailure,
} from '../core/activity.js';
import { type ActivityDigest, digestSummary, summarize } from '../core/activity-digest.js';
import { ActivityNotConfigured, ActivityQueryUnfinished } from '../core/activity-errors.js';
import type { ActivityDeps } from '../core/activity-ports.js';
import { buildActivityQuery } from '../core/activity-query.js';
import { GrantNotFound, NoIdentityCenterUser } from '../core/errors.js';
import type { Grant } from '../core/grant.js';
import { assertMaySeeActivity } from '../core/policy.js';
import { describeError } from './attempts.js';
import type { ServiceDeps } from './deps.js';
import { reportError } from './error-report.js';
import { claim, mutate } from './mutate.js';
import type { Limiter } from './pool.js';

/** Rows asked for at most: enough for hours of console work; beyond it the digest says "at least". */
export const ROW_LIMIT = 10_000;
/** A worker owns a due digest this long: one look at the query (20 s) and the post fit in it. */
export const ACTIVITY_LEASE_MS = 2 * 60_000;
/** A query still running is looked at again this much later. */
const LOOK_AGAIN_MS = 10_000;
/** A query running longer than this is given up and a new one started, with the failure's backoff. */
const QUERY_GIVEN_UP_MS = 30 * 60_000;

/** Runs every digest that is due; with `takeOver` (a restart of the only process) leases are ignored. */
export async function sweepActivity(
  deps: ServiceDeps,
  options: { takeOver: boolean; concurrency: number; pool?: Limiter | undefined },
): Promise<void> {
  if (!deps.activity) return;
  const now = deps.clock.now();
  const due = (await deps.store.dueActivity(options.takeOver ? now + ACTIVITY_LEASE_MS : now)).filter(
    (grant) => (activityOf(grant)?.dueAt ?? Number.POSITIVE_INFINITY) <= now,
  );
  const run = (grant: Grant) =>
    runActivity(deps, grant.id, { takeOver: options.takeOver }).catch((error: unknown) =>
      deps.log.error({ grantId: grant.id, err: error }, 'activity digest step failed'),
    );
  if (options.pool) for (const grant of due) void options.pool.run(() => run(grant));
  else await pLimit(options.concurrency).map(due, run);
}

/** Makes and posts one grant's digest, or resumes it where a crash left it. */
export async function runActivity(
  deps: ServiceDeps,
  grantId: string,
  options: { takeOver?: boolean } = {},
): Promise<void> {
  const activity = deps.activity;
  if (!activity) return;
  const found = await deps.store.get(grantId);
  const state = found && activityOf(found);
  const now = deps.clock.now();
  if (!found || !state || state.status === 'posted' || state.dueAt > now) return;
  if (!options.takeOver && state.nextAttemptAt !== undefined && state.nextAttemptAt > now) return;
  const leased = await claim(deps.store, found, leaseActivity(found, now + ACTIVITY_LEASE_MS));
  if (!leased) return;
  // A digest already recorded when the lease was taken may have been posted by a worker that died before
  // it could say so: look in the thread before posting.
  const resumed = activityOf(leased)?.status === 'posting';
  try {
    let grant = leased;
    if (activityOf(grant)?.status === 'due') {
      const made = await queryFor(deps, activity, grant);
      if (made === 'running') return;
      const recorded = await mutate(deps.store, grantId, (current) =>
        activityOf(current)?.status === 'due'
          ? recordDigest(current, made, digestSummary(made), deps.clock.now())
          : current,
      );
      grant = recorded.grant;
      deps.checkpoint('activity:recorded');
    }
    const digest = activityOf(grant)?.digest;
    if (activityOf(grant)?.status !== 'posting' || !digest) return;
    const ts =
      (resumed ? await activity.poster.findPosted(grant) : undefined) ??
      (await activity.poster.postDigest(grant, digest));
    deps.checkpoint('activity:posted');
    await mutate(deps.store, grantId, (current) =>
      activityOf(current)?.status === 'posting' ? markDigestPosted(current, ts) : current,
    );
    deps.log.info({ grantId, events: digest.total }, 'activity digest posted');
  } catch (error) {
    await failedDigest(deps, activity, grantId, error);
  }
}

/**
 * Starts the grant's query (or takes up the one already started) and answers the digest, or `running`
 * when CloudTrail Lake has not finished it yet: the grant is then due again shortly for another look.
 */
async function queryFor(
  deps: ServiceDeps,
  activity: ActivityDeps,
  leased: Grant,
): Promise<ActivityDigest | 'running'> {
  let grant = leased;
  const state = activityOf(grant);
  const until = grant.endedAt ?? deps.clock.now();
  const from = grant.activatedAt ?? until;
  const now = deps.clock.now();
  if (state?.queryId !== undefined && now - (state.queryStartedAt ?? now) > QUERY_GIVEN_UP_MS)
    throw new ActivityQueryUnfinished(state.queryId, 'RUNNING');
  let queryId = state?.queryId;
  if (queryId === undefined) {
    const started = await activity.source.start(await activityQuery(deps, activity, grant, until));
    queryId = started;
    grant = (
      await mutate(deps.store, grant.id, (current) => queryStarted(current, started, deps.clock.now()))
    ).grant;
  }
  const rows = await activity.source.results(queryId, ROW_LIMIT);
  if (rows) return summarize(rows.events, { from, until }, rows.truncated);
  await mutate(deps.store, grant.id, (current) =>
    activityOf(current)?.queryId === queryId
      ? queryStillRunning(current, deps.clock.now() + LOOK_AGAIN_MS)
      : current,
  );
  deps.log.info({ grantId: grant.id, queryId }, 'activity query still running; looking again later');
  return 'running';
}

async function failedDigest(deps: ServiceDeps, activity: ActivityDeps, grantId: string, error: unknown) {
  const message = describeError(error);
  let tell = false;
  const result = await mutate(deps.store, grantId, (current) => {
    if (activityOf(current)?.status === 'posted') return current;
    const failed = recordDigestFailure(current, message, deps.clock.now());
    tell = failed.tell;
    return failed.grant;
  });
  const attempts = activityOf(result.grant)?.attempts ?? 0;
  // AWS's text (ARNs, account ids) stays in the logs; the thread gets its code and the reference.
  const report = reportError(
    deps,
    error,
    { grantId, attempts },
    'warn',
    'activity digest failed; will retry',
  );
  if (!tell) return;
  await activity.poster
    .postDelay(result.grant, { report, retryInMs: activityRetryDelayMs(attempts) })
    .catch((e: unknown) => deps.log.error({ grantId, err: e }, 'could not say the digest is late'));
}

/** The CloudTrail Lake query for the person's sessions of the grant, between activation and `until`. */
async function activityQuery(
  deps: ServiceDeps,
  activity: ActivityDeps,
  grant: Grant,
  until: number,
): Promise<string> {
  const userName = await userNameOf(deps, grant);
  const target = grant.target;
  return buildActivityQuery({
    eventDataStore: activity.eventDataStore,
    // Every account of the grant (one, or several for an entitlement on a list of accounts or an OU).
    accountIds: target.kind === 'permissionSet' ? (grant.accounts ?? [target.accountId]) : [],
    // A permission set given by ARN has a name the role carries that the grant does not know: any
    // Identity Center session of the person in the account is asked for instead.
    permissionSetName:
      target.kind === 'permissionSet' && !target.permissionSet.startsWith('arn:')
        ? target.permissionSet
        : undefined,
    userName,
    from: grant.activatedAt ?? until,
    until,
    limit: ROW_LIMIT,
  });
}

async function userNameOf(deps: ServiceDeps, grant: Grant): Promise<string> {
  const email = await deps.directory.email(grant.requester);
  const user = email ? await deps.identityCenter.findUser(email) : undefined;
  if (!user) throw new NoIdentityCenterUser(grant.requester, email ? 'no-user' : 'no-email', email);
  return user.userName;
}

/**
 * What `/access activity` answers: the grant's digest (the one posted, or one made now; `soFar` while the
 * grant is still going), or that it never was active. src/slack/activity-text.ts words it.
 */
export type ActivityAnswer =
  | { kind: 'never-active'; grant: Grant }
  | { kind: 'digest'; grant: Grant; digest: ActivityDigest; soFar: boolean };

/** `/access activity <grant-id>`: the digest posted, or one made now (so far, for a grant still active). */
export async function activityOnDemand(
  deps: ServiceDeps,
  grantId: string,
  userId: string,
): Promise<ActivityAnswer> {
  const grant = await deps.store.get(grantId);
  if (!grant) throw new GrantNotFound(grantId);
  const person = await deps.directory.person(userId, deps.catalogue.find(grant.entitlementId));
  assertMaySeeActivity(grant, person);
  const recorded = activityOf(grant)?.digest;
  if (recorded) return { kind: 'digest', grant, digest: recorded, soFar: false };
  if (!deps.activity) throw new ActivityNotConfigured();
  if (grant.activatedAt === undefined) return { kind: 'never-active', grant };
  const until = grant.endedAt ?? deps.clock.now();
  const rows = await deps.activity.source.run(
    await activityQuery(deps, deps.activity, grant, until),
    ROW_LIMIT,
  );
  const digest = summarize(rows.events, { from: grant.activatedAt, until }, rows.truncated);
  return { kind: 'digest', grant, digest, soFar: grant.endedAt === undefined };
}
