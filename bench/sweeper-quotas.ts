// The sweeper against Identity Center's quotas: 500 due grants revoked in one pass while the simulator
// holds sso-admin to 20 requests/s, 15 assignment operations in flight and 1 s of provisioning.
//
// The floor is what the quotas allow for the requests a revocation really needs. Revoking one grant is
// several sso-admin requests (a presence check, the deletion, status polls), so the floor is the number
// of sso-admin requests the simulator recorded ÷ 20 per second, not 500 ÷ 20. The in-flight cap gives a
// second floor, 500 × 1 s ÷ 15; the larger of the two is the one to beat.

import { AWS_QUOTAS } from '../src/sim/identity-center/index.js';
import { systemWithDueGrants } from './support/due-grants.js';
import type { Figure } from './support/figure.js';
import { callMix, timedSweep } from './support/sweep.js';

const GRANTS = 500;
const PROVISIONING_MS = 1000;

export async function sweeperQuotas(): Promise<Figure[]> {
  const { system, grants } = await systemWithDueGrants(GRANTS, {
    quotas: AWS_QUOTAS,
    provisioningMs: PROVISIONING_MS,
  });
  try {
    const run = await timedSweep(system, grants, 'revoking under AWS quotas');
    const perRevocation = run.calls.length / GRANTS;
    const rateFloorMs = (run.calls.length / AWS_QUOTAS.ssoAdminPerSec) * 1000;
    const inFlightFloorMs = (GRANTS * PROVISIONING_MS) / AWS_QUOTAS.assignmentsInFlight;
    const floorMs = Math.max(rateFloorMs, inFlightFloorMs);
    const naiveFloorMs = (GRANTS / AWS_QUOTAS.ssoAdminPerSec) * 1000;
    const ratio = run.wallMs / floorMs;
    const failures = run.notRevoked + run.throttled + run.stillAssigned;
    return [
      {
        benchmark: 'Sweeper, AWS quotas',
        figure: `${GRANTS} due grants revoked (${perRevocation.toFixed(2)} sso-admin requests each: ${callMix(run.calls)})`,
        value: `${(run.wallMs / 1000).toFixed(1)} s; ${run.revoked} revoked, ${run.throttled} throttled, ${run.stillAssigned} still assigned`,
        baseline: `floor ${(floorMs / 1000).toFixed(1)} s = ${run.calls.length} requests ÷ 20/s (in-flight floor ${(inFlightFloorMs / 1000).toFixed(1)} s; 500 ÷ 20/s would be ${(naiveFloorMs / 1000).toFixed(0)} s)`,
        versus: `×${ratio.toFixed(2)}`,
        target: '≤ 1.15 × floor, zero failures',
        pass: ratio <= 1.15 && failures === 0,
      },
    ];
  } finally {
    await system.close();
  }
}
