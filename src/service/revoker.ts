// active → revoking → revoked: the access ends. `revoking` is left only once AWS confirmed the removal
// (or there was nothing of this grant's to remove); a failure is retried with backoff, never marked done.

import { scheduleActivity } from '../core/activity.js';
import { IdentityCenterUnavailable } from '../core/errors.js';
import type { Grant } from '../core/grant.js';
import { recordedAccess } from '../core/held.js';
import { beginRevocation, completeRevocation } from '../core/lifecycle.js';
import { assertMayRevoke } from '../core/policy.js';
import { failedAttempt, takeLease } from './attempts.js';
import { LEASE_MS, type ServiceDeps } from './deps.js';
import { releaseAll } from './holdings.js';
import { claim, type Mutation, mutate } from './mutate.js';

/** Early revocation by a person: the holder, an approver of the entitlement, or an admin. */
export async function requestRevocation(
  deps: ServiceDeps,
  grantId: string,
  userId: string,
): Promise<Mutation> {
  const grant = await deps.store.get(grantId);
  const entitlement = grant && deps.catalogue.find(grant.entitlementId);
  const person = await deps.directory.person(userId, entitlement);
  // No lease is taken here: the revocation is due at once, and whoever comes first, the dispatched job or a
  // sweeper, takes the lease with one conditional write. Taking it here made the job wait for it to run out.
  const result = await mutate(deps.store, grantId, (current) => {
    assertMayRevoke(current, person);
    return beginRevocation(current, userId, deps.clock.now());
  });
  if (result.event) await deps.notifier.notify(result.grant, { kind: 'transition', event: result.event });
  await deps.dispatcher.dispatch({ kind: 'revoke', grantId });
  return result;
}

/**
 * How long one call keeps retrying a failing revocation itself, holding the lease, before it leaves the
 * grant to the sweeper's retry index: well inside the lease, so no one else takes the grant meanwhile.
 */
const RETRY_INLINE_MS = 45_000;
/** The same for a one-off sweep (cron, the sweeper Lambda), which must end well within its minute. */
export const RETRY_INLINE_SWEEP_MS = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Finishes the revocation of a grant in `revoking`. A failed attempt is recorded (and told in the thread)
 * and tried again here after a short backoff, so the access ends within seconds of AWS recovering.
 */
export async function revoke(
  deps: ServiceDeps,
  grantId: string,
  options: { takeOver?: boolean; leased?: Grant; retryForMs?: number } = {},
): Promise<'revoked' | undefined> {
  const retryForMs = options.retryForMs ?? RETRY_INLINE_MS;
  // Work handed over with the lease already taken (the grant as the claim wrote it) needs no read while
  // the lease lasts: nobody else takes a grant before its lease ends. Work that waited longer than that
  // goes on only if the grant is still as it was claimed; otherwise it is someone else's now.
  let grant: Grant | undefined = options.leased;
  if (grant && (grant.nextAttemptAt ?? 0) <= deps.clock.now()) {
    const found = await deps.store.get(grantId);
    if (found?.version !== grant.version) return;
  } else if (!grant) {
    const found = await deps.store.get(grantId);
    if (found?.state !== 'revoking') return;
    grant = await takeLease(deps, found, options.takeOver);
  }
  if (grant?.state !== 'revoking') return;
  const started = deps.clock.now();
  while (grant) {
    deps.checkpoint('revoke:claimed');
    const failed = await attemptRevocation(deps, grant);
    if (failed === 'revoked' || failed === undefined) return failed;
    // Only throttling and server errors pass within seconds; a refusal waits for the sweeper's next pass.
    if (!failed.transient) return;
    const wait = failed.nextAttemptAt - deps.clock.now();
    if (deps.clock.now() + wait - started > retryForMs) return;
    await sleep(Math.max(0, wait));
    // Taken again with one conditional write: if the sweeper got there first, the grant is its work now.
    const current = await deps.store.get(grantId);
    grant = current?.state === 'revoking' ? await takeLease(deps, current) : undefined;
  }
}

/**
 * One attempt: answers when the next is due if it failed, 'revoked' once the grant is revoked, `undefined`
 * when the grant is no longer this work's to finish.
 */
async function attemptRevocation(
  deps: ServiceDeps,
  grant: Grant,
): Promise<{ nextAttemptAt: number; transient: boolean } | 'revoked' | undefined> {
  const grantId = grant.id;
  try {
    // What was granted, by the ids recorded then: names are never looked up again, so a target renamed or
    // deleted meanwhile can neither leave the access in place nor keep the revocation from finishing.
    const principalId = grant.aws.principalId;
    const held = recordedAccess(grant);
    if (!principalId || !held) throw new Error(`grant ${grantId} has no Identity Center access on record`);
    const left = await releaseAll(deps.store, deps.identityCenter, principalId, held, grant.id, {
      removeInAws: true,
      checkpoint: deps.checkpoint,
    });
    const result = await mutate(
      deps.store,
      grantId,
      (current) => {
        // The activity digest becomes due in this same write, so a crash cannot lose it.
        const t = scheduleActivity(
          completeRevocation(current, deps.clock.now(), left.detail, left.awsRequestId),
          deps.activity?.delaySec,
        );
        return left.awsRequestId
          ? { ...t, grant: { ...t.grant, aws: { ...t.grant.aws, deletionRequestId: left.awsRequestId } } }
          : t;
      },
      grant,
    );
    deps.log.info({ grantId, removed: left.removed, detail: left.detail }, 'grant revoked');
    if (result.event) await deps.notifier.notify(result.grant, { kind: 'transition', event: result.event });
    return 'revoked';
  } catch (error) {
    const nextAttemptAt = await failedAttempt(deps, grantId, error);
    if (nextAttemptAt === undefined) return undefined;
    return { nextAttemptAt, transient: error instanceof IdentityCenterUnavailable };
  }
}

/** The system ends a grant whose time is up: claim it (one sweeper wins), then revoke. */
export async function expire(deps: ServiceDeps, grantId: string): Promise<boolean> {
  const leased = await claimExpiry(deps, grantId);
  if (leased === undefined) return false;
  await revoke(deps, grantId, { leased });
  return true;
}

/**
 * Starts the revocation of a grant whose time is up: one conditional write (of many sweepers, one wins)
 * that moves it to `revoking` and takes the lease. Quick, so a sweep claims everything due before it
 * spends time on AWS. Answers the grant as claimed, for `revoke(…, { leased })`.
 *
 * `seen` is the grant as an index listed it: tried first, which saves a read per grant in a sweep. An
 * index may lag the table, so a claim that loses on it is tried once more on a fresh read before the
 * grant is left to whoever changed it.
 */
export async function claimExpiry(
  deps: ServiceDeps,
  grantId: string,
  seen?: Grant,
): Promise<Grant | undefined> {
  for (const read of seen ? [false, true] : [true]) {
    const grant = read ? await deps.store.get(grantId) : seen;
    const now = deps.clock.now();
    if (grant?.state !== 'active' || grant.expiresAt === undefined || grant.expiresAt > now) return undefined;
    const t = beginRevocation(grant, 'system', now);
    const claimed = await claim(deps.store, grant, { ...t.grant, nextAttemptAt: now + LEASE_MS });
    if (!claimed) continue;
    if (t.event) await deps.notifier.notify(claimed, { kind: 'transition', event: t.event });
    return claimed;
  }
  return undefined;
}
