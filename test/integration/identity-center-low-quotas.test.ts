import { afterEach, expect, it } from 'vitest';
import type { ResolvedTarget } from '../../src/core/ports.js';
import { fastClock } from '../support/fast-clock.js';
import {
  type IdentityCenterUnderTest,
  organisationOf,
  PRODUCTION,
  startIdentityCenter,
} from '../support/identity-center-sim.js';
import { sdkRetriesOn } from '../support/sdk-retries.js';

let ic: IdentityCenterUnderTest | undefined;
afterEach(async () => {
  await ic?.close();
});

it('quotas lower than AWS’s (10 requests/s, 5 in flight) are learned from the throttling: 80 grants and their revocations all finish', async () => {
  // Prepare: the adapter assumes AWS's quotas (20/s, 15 in flight); the simulator enforces half of them.
  // Both on a clock four times faster than real time: what is asserted is counts, and the quotas, the
  // provisioning time and the adapter's pacing all keep their proportions on it.
  const people = 80;
  const time = fastClock(4);
  ic = await startIdentityCenter({
    sim: {
      seed: organisationOf(people),
      quotas: { ssoAdminPerSec: 10, assignmentsInFlight: 5, identityStorePerSecPerApi: 10 },
      provisioningMs: 200,
      clock: time.clock,
      sleep: time.sleep,
    },
    adapter: { poll: { firstMs: 200, maxMs: 500, deadlineMs: 60_000 }, clock: time.clock, sleep: time.sleep },
    retryStrategy: sdkRetriesOn(time.sleep),
  });
  const { identityCenter, sim } = ic;
  const target: ResolvedTarget = await identityCenter.resolveTarget({
    kind: 'permissionSet',
    accountId: PRODUCTION,
    permissionSet: 'ReadOnlyAccess',
  });
  const userIds = Array.from({ length: people }, (_, i) => sim.userId(`user${i}`)!);

  // Act: every grant at once, then every revocation at once.
  const granted = await Promise.allSettled(userIds.map((id) => identityCenter.grant(id, target)));
  const heldAfterGrants = userIds.filter((id) => sim.assignmentsOf(id).length === 1).length;
  const revoked = await Promise.allSettled(userIds.map((id) => identityCenter.revoke(id, target)));

  // Assess: nothing failed, everything granted was there, and nothing is left.
  expect(granted.filter((o) => o.status === 'rejected')).toEqual([]);
  expect(heldAfterGrants).toBe(people);
  expect(revoked.filter((o) => o.status === 'rejected')).toEqual([]);
  expect(userIds.filter((id) => sim.assignmentsOf(id).length > 0)).toEqual([]);
  // The quotas were really hit, and learned: throttles are a small share of the changes.
  const changes = sim.callsTo().filter((c) => /^(Create|Delete)AccountAssignment$/.test(c.operation));
  const throttled = changes.filter((c) => c.error === 'ThrottlingException');
  expect(throttled.length).toBeGreaterThan(0);
  expect(throttled.length).toBeLessThan(changes.length / 4);
}, 120_000);
