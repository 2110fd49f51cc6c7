// `/access extend`: a new request message tied to the grant, approved the same way; on approval the end moves.

import { parseDuration } from '../core/duration.js';
import { GrantNotFound, InvalidDuration } from '../core/errors.js';
import { requestExtension } from '../core/extension.js';
import { announceExtension } from './announce.js';
import type { ServiceDeps } from './deps.js';
import { type Mutation, mutate } from './mutate.js';

export async function extendGrant(
  deps: ServiceDeps,
  grantId: string,
  userId: string,
  duration: string,
): Promise<Mutation> {
  const grant = await deps.store.get(grantId);
  if (!grant) throw new GrantNotFound(grantId);
  const entitlement = deps.catalogue.get(grant.entitlementId);
  const seconds = parseDuration(duration);
  if (seconds === undefined) {
    throw new InvalidDuration(duration, entitlement.minDurationSec, entitlement.maxDurationSec, {
      why: 'unreadable',
    });
  }
  const result = await mutate(deps.store, grantId, (current) =>
    requestExtension(current, entitlement, userId, seconds, deps.clock.now()),
  );
  if (!result.event) return result;
  // The extension gets its own message even when no approval is needed: every change is announced.
  const posted = await announceExtension(deps, result.grant);
  await deps.notifier.notify(posted, { kind: 'transition', event: result.event });
  return { ...result, grant: posted };
}
