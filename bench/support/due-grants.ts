// A system holding `n` grants that are all past their end: each bench<i> holds read-only on production
// in the Identity Center simulator (seeded) and through one active grant in the store (written with the
// core's transitions, see seed-grants.ts), ended a minute ago. One sweeper pass must revoke them all.

import type { Grant } from '../../src/core/grant.js';
import type { QuotaOptions } from '../../src/sim/identity-center/index.js';
import { progress, progressDone } from './progress.js';
import { writeActiveGrants } from './seed-grants.js';
import { type BenchSystem, startBenchSystem } from './system.js';
import { benchUserId, benchUserName, entitlementOf, PRODUCTION, READ_ONLY } from './world.js';

export async function systemWithDueGrants(
  n: number,
  options: { quotas?: QuotaOptions; provisioningMs: number },
): Promise<{ system: BenchSystem; grants: Grant[] }> {
  const system = await startBenchSystem({ people: n, assigned: n, ...options });
  try {
    const { ic, db, config, aws } = system;
    const target = await aws.identityCenter.resolveTarget({
      kind: 'permissionSet',
      accountId: PRODUCTION,
      permissionSet: READ_ONLY,
    });
    const now = Date.now();
    const specs = Array.from({ length: n }, (_, i) => {
      const principalId = ic.sim.userId(benchUserName(i));
      if (!principalId) throw new Error(`the simulator has no ${benchUserName(i)}`);
      return { requester: benchUserId(i), principalId, activatedAt: now - 31 * 60_000, durationSec: 1800 };
    });
    const grants = await writeActiveGrants(
      db.store,
      entitlementOf(config, 'bench-auto'),
      target,
      specs,
      (done) => progress('seeding due grants', done, n),
    );
    progressDone();
    return { system, grants };
  } catch (error) {
    await system.close();
    throw error;
  }
}
