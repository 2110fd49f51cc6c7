// Latchkey's pacing of Identity Center alone: 500 assignment deletions sent straight through the Identity
// Center adapter (no store, no Slack) against AWS's quotas and 1 s of provisioning, all at once. It shows
// how near the adapter comes to AWS's floor by itself; the sweeper figure adds the store and Slack work
// each grant also needs, which on a busy machine costs more than the adapter does.

import type { ResolvedTarget } from '../src/core/ports.js';
import { AWS_QUOTAS } from '../src/sim/identity-center/index.js';
import { organisationOf, PRODUCTION, startIdentityCenter } from '../test/support/identity-center-sim.js';
import type { Figure } from './support/figure.js';
import { assignmentFloorMs, describeFloor } from './support/floor.js';
import { callMix } from './support/sweep.js';

const CHANGES = 500;
const PROVISIONING_MS = 1000;

export async function assignmentPacing(): Promise<Figure[]> {
  const seed = organisationOf(CHANGES);
  seed.assignments = Array.from({ length: CHANGES }, (_, i) => ({
    user: `user${i}`,
    account: PRODUCTION,
    permissionSet: 'ReadOnlyAccess',
  }));
  // The production adapter's defaults, not the tests' short waits.
  const ic = await startIdentityCenter({
    sim: { seed, quotas: AWS_QUOTAS, provisioningMs: PROVISIONING_MS },
    adapter: {
      poll: { firstMs: 1000, maxMs: 5000, deadlineMs: 60_000 },
      conflictRetry: { baseMs: 100, maxMs: 5000 },
    },
  });
  try {
    const target: ResolvedTarget = await ic.identityCenter.resolveTarget({
      kind: 'permissionSet',
      accountId: PRODUCTION,
      permissionSet: 'ReadOnlyAccess',
    });
    const ids = Array.from({ length: CHANGES }, (_, i) => ic.sim.userId(`user${i}`)!);
    const first = ic.sim.calls.length;
    const started = performance.now();
    const outcomes = await Promise.allSettled(ids.map((id) => ic.identityCenter.revoke(id, target)));
    const wallMs = performance.now() - started;
    const calls = ic.sim.calls.slice(first);
    const failed = outcomes.filter((o) => o.status === 'rejected').length;
    const throttled = calls.filter((c) => c.status !== 200).length;
    const left = ids.filter((id) => ic.sim.assignmentsOf(id).length > 0).length;
    const floorMs = assignmentFloorMs(CHANGES, AWS_QUOTAS, PROVISIONING_MS);
    return [
      {
        benchmark: 'Identity Center adapter alone, AWS quotas',
        figure: `${CHANGES} deletions at once (${(calls.length / CHANGES).toFixed(2)} requests each: ${callMix(calls)})`,
        value: `${(wallMs / 1000).toFixed(1)} s; ${failed} failed, ${throttled} throttled, ${left} left`,
        baseline: describeFloor(CHANGES, AWS_QUOTAS, PROVISIONING_MS),
        versus: `×${(wallMs / floorMs).toFixed(2)}`,
        target: 'reported',
        pass: failed === 0 && left === 0 ? undefined : false,
      },
    ];
  } finally {
    await ic.close();
  }
}
