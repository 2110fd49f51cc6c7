// Claiming in-flight work and recording a failed attempt, shared by provisioning and revocation.

import { IdentityCenterUnavailable, IllegalTransition } from '../core/errors.js';
import type { Grant } from '../core/grant.js';
import { recordFailedAttempt } from '../core/lifecycle.js';
import { LEASE_MS, type ServiceDeps } from './deps.js';
import { reportError } from './error-report.js';
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

/** The first retry of a failing revocation comes this soon; waits double every second attempt from there. */
export const REVOCATION_FIRST_RETRY_MS = 1000;
/** The longest a failing revocation waits between attempts, whatever AWS asks: the access is still held. */
export const REVOCATION_MAX_RETRY_MS = 30_000;

/**
 * How long a failing revocation waits before its next attempt: 1 s, 1.4 s, 2 s, 2.8 s… to 30 s, never less than the
 * Retry-After Identity Center gave with its throttling (within the same 30 s cap).
 */
export function revocationRetryDelayMs(attempts: number, error: unknown): number {
  // Each attempt already includes the SDK's own few quick retries: grow gently, so a burst of errors a few
  // seconds long is followed within seconds by the attempt that succeeds.
  const backoff = Math.round(REVOCATION_FIRST_RETRY_MS * Math.SQRT2 ** Math.max(0, attempts - 1));
  const asked = error instanceof IdentityCenterUnavailable ? (error.retryAfterMs ?? 0) : 0;
  return Math.min(REVOCATION_MAX_RETRY_MS, Math.max(backoff, asked));
}

/**
 * Keeps the grant in its state with a backoff, tells its thread on the 1st, 2nd, 4th… failure. Answers when
 * the next attempt is due.
 */
export async function failedAttempt(
  deps: ServiceDeps,
  grantId: string,
  error: unknown,
): Promise<number | undefined> {
  const message = describeError(error);
  const result = await mutate(deps.store, grantId, (grant) =>
    recordFailedAttempt(
      grant,
      message,
      deps.clock.now(),
      grant.state === 'revoking' ? revocationRetryDelayMs(grant.attempts + 1, error) : undefined,
    ),
  ).catch((moved: unknown) => {
    // The grant moved on while this attempt ran (its lease ran out, and another worker took it over and
    // finished it): the work is theirs, and there is no failure left to record.
    if (!(moved instanceof IllegalTransition)) throw moved;
    deps.log.info({ grantId, err: message, state: moved.from }, 'attempt failed after the grant moved on');
    return undefined;
  });
  if (!result) return undefined;
  const { grant } = result;
  const level = grant.state === 'revoking' ? 'error' : 'warn';
  const report = reportError(
    deps,
    error,
    { grantId, state: grant.state, attempts: grant.attempts },
    level,
    'attempt failed; will retry',
  );
  if (result.event)
    await deps.notifier.notify(grant, {
      kind: 'retrying',
      code: report.code,
      ref: report.ref,
      attempts: grant.attempts,
    });
  return grant.nextAttemptAt;
}
