// Claiming in-flight work and recording a failed attempt, shared by provisioning and revocation.

import type { Grant } from '../core/grant.js';
import { recordFailedAttempt } from '../core/lifecycle.js';
import { LEASE_MS, type ServiceDeps } from './deps.js';
import { claim, mutate } from './mutate.js';

/**
 * Takes the lease on an in-flight grant: one conditional write, so of several workers exactly one goes on.
 * A lease still held by someone else is respected unless `takeOver` (a restart of the only process).
 */
export async function takeLease(
  deps: ServiceDeps,
  grant: Grant,
  takeOver = false,
): Promise<Grant | undefined> {
  const now = deps.clock.now();
  if (!takeOver && grant.nextAttemptAt !== undefined && grant.nextAttemptAt > now) return undefined;
  return claim(deps.store, grant, { ...grant, nextAttemptAt: now + LEASE_MS });
}

export function describeError(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/** Keeps the grant in its state with a backoff, tells its thread on the 1st, 2nd, 4th… failure. */
export async function failedAttempt(deps: ServiceDeps, grantId: string, error: unknown): Promise<void> {
  const message = describeError(error);
  const result = await mutate(deps.store, grantId, (grant) =>
    recordFailedAttempt(grant, message, deps.clock.now()),
  );
  const { grant } = result;
  const level = grant.state === 'revoking' ? 'error' : 'warn';
  deps.log[level](
    { grantId, state: grant.state, attempts: grant.attempts, err: message },
    'attempt failed; will retry',
  );
  if (result.event)
    await deps.notifier.notify(grant, { kind: 'retrying', error: message, attempts: grant.attempts });
}
