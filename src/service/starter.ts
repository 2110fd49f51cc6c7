// scheduled → approved at the start a request asked for: one conditional write (of many sweepers, one wins),
// after which provisioning goes on as for any approved grant, and a crash after the write is resumed by the
// retry index like any other approved grant.

import { start } from '../core/lifecycle.js';
import type { ServiceDeps } from './deps.js';
import { claim } from './mutate.js';

/** Starts a scheduled grant whose start has come; false when it is not due or another sweeper got it. */
export async function claimStart(deps: ServiceDeps, grantId: string): Promise<boolean> {
  const grant = await deps.store.get(grantId);
  const now = deps.clock.now();
  if (grant?.state !== 'scheduled' || (grant.startAt ?? 0) > now) return false;
  const t = start(grant, now);
  const claimed = await claim(deps.store, grant, t.grant);
  if (!claimed) return false;
  deps.log.info({ grantId, startAt: grant.startAt }, 'scheduled grant started');
  if (t.event) await deps.notifier.notify(claimed, { kind: 'transition', event: t.event });
  return true;
}
