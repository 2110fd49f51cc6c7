// A burst of approvals against Identity Center's quotas: 500 grants approved at once (seeded approved, as
// the approval's conditional write leaves them), each handed to the server's dispatcher as an approval
// hands it, while the simulator holds sso-admin to 20 requests/s, 15 assignment operations in flight and
// 1 s of provisioning. Measured from the first hand-over until every assignment is created and confirmed.
// The floor is AWS's for 500 creations (support/floor.ts); the target 1.15 × that.

import { randomBytes } from 'node:crypto';
import pLimit from 'p-limit';
import { newGrantId } from '../src/core/ids.js';
import { request } from '../src/core/lifecycle.js';
import { AWS_QUOTAS } from '../src/sim/identity-center/index.js';
import type { Figure } from './support/figure.js';
import { assignmentFloorMs, describeFloor, FLOOR_FACTOR } from './support/floor.js';
import { progress, progressDone } from './support/progress.js';
import { callMix } from './support/sweep.js';
import { startBenchSystem } from './support/system.js';
import { benchUserId, benchUserName, entitlementOf, PRODUCTION, READ_ONLY } from './support/world.js';

const GRANTS = 500;
const PROVISIONING_MS = 1000;

export async function provisioningBurst(): Promise<Figure[]> {
  const system = await startBenchSystem({
    people: GRANTS,
    quotas: AWS_QUOTAS,
    provisioningMs: PROVISIONING_MS,
  });
  try {
    const { db, ic, latchkey, config } = system;
    const entitlement = entitlementOf(config, 'bench-auto');
    const now = Date.now();
    const grants = Array.from(
      { length: GRANTS },
      (_, i) =>
        request({
          id: newGrantId((size) => randomBytes(size)),
          entitlement,
          requester: benchUserId(i),
          durationSec: 3600,
          reason: 'benchmark burst',
          now,
        }).grant,
    );
    let written = 0;
    await pLimit(16).map(grants, async (grant) => {
      await db.store.create(grant);
      progress('seeding approved grants', ++written, GRANTS);
    });
    progressDone();
    // Warm the look-ups every grant shares (the permission set), as in a running bot.
    await system.aws.identityCenter.resolveTarget({
      kind: 'permissionSet',
      accountId: PRODUCTION,
      permissionSet: READ_ONLY,
    });

    const firstCall = ic.sim.calls.length;
    const started = performance.now();
    for (const grant of grants) await latchkey.dispatcher.dispatch({ kind: 'provision', grantId: grant.id });
    const timer = setInterval(() => {
      const created = ic.sim.callsTo('CreateAccountAssignment').filter((c) => c.status === 200).length;
      progress('provisioning the burst', created, GRANTS);
    }, 1000);
    try {
      await latchkey.dispatcher.idle();
    } finally {
      clearInterval(timer);
      progressDone();
    }
    const wallMs = performance.now() - started;
    const calls = ic.sim.calls.slice(firstCall).filter((c) => c.service === 'sso-admin');
    const throttled = calls.filter((c) => c.status !== 200).length;
    const states = await Promise.all(grants.map(async (g) => (await db.store.get(g.id))?.state));
    const active = states.filter((s) => s === 'active').length;
    const assigned = grants.filter(
      (_, i) => ic.sim.assignmentsOf(ic.sim.userId(benchUserName(i))!).length > 0,
    );
    const floorMs = assignmentFloorMs(GRANTS, AWS_QUOTAS, PROVISIONING_MS);
    const ratio = wallMs / floorMs;
    return [
      {
        benchmark: 'Provisioning burst, AWS quotas',
        figure: `${GRANTS} approvals' assignments created and confirmed (${(calls.length / GRANTS).toFixed(2)} sso-admin requests each: ${callMix(calls)})`,
        value: `${(wallMs / 1000).toFixed(1)} s; ${active} active, ${throttled} throttled, ${assigned.length} assigned`,
        baseline: describeFloor(GRANTS, AWS_QUOTAS, PROVISIONING_MS),
        versus: `×${ratio.toFixed(2)}`,
        target: `≤ ${FLOOR_FACTOR} × floor, zero failures, zero throttled`,
        pass: ratio <= FLOOR_FACTOR && active === GRANTS && assigned.length === GRANTS && throttled === 0,
      },
    ];
  } finally {
    await system.close();
  }
}
