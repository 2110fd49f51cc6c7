// The sweeper against Identity Center's quotas: due grants revoked in one pass while the simulator holds
// sso-admin to its request rate, its cap on assignment operations in flight and 1 s of provisioning.
//
// The floor is AWS's, not Latchkey's: N deletions cannot finish before max(N ÷ rate, N × 1 s ÷ in-flight)
// (support/floor.ts), however few or many requests each takes. The target is 1.15 × that, with nothing
// failed, nothing throttled and nothing left assigned. The same pass is also made against quotas set
// lower than AWS's (10 requests/s, 5 in flight) that Latchkey is not told about: it must learn them from
// the throttling, and finish with nothing failed or left assigned.

import { AWS_QUOTAS, type QuotaOptions } from '../src/sim/identity-center/index.js';
import { systemWithDueGrants } from './support/due-grants.js';
import type { Figure } from './support/figure.js';
import { assignmentFloorMs, describeFloor, FLOOR_FACTOR } from './support/floor.js';
import { callMix, timedSweep } from './support/sweep.js';

const PROVISIONING_MS = 1000;
export const LOW_QUOTAS = { ssoAdminPerSec: 10, assignmentsInFlight: 5, identityStorePerSecPerApi: 10 };

export async function sweepUnderQuotas(
  grants: number,
  quotas: Required<QuotaOptions>,
  name: string,
  throttlesAllowed: boolean,
): Promise<Figure> {
  const { system, grants: due } = await systemWithDueGrants(grants, {
    quotas,
    provisioningMs: PROVISIONING_MS,
  });
  try {
    const run = await timedSweep(system, due, `revoking, ${name}`);
    const floorMs = assignmentFloorMs(grants, quotas, PROVISIONING_MS);
    const ratio = run.wallMs / floorMs;
    const failures = run.notRevoked + run.stillAssigned + (throttlesAllowed ? 0 : run.throttled);
    return {
      benchmark: `Sweeper, ${name}`,
      figure: `${grants} due grants revoked (${(run.calls.length / grants).toFixed(2)} sso-admin requests each: ${callMix(run.calls)})`,
      value: `${(run.wallMs / 1000).toFixed(1)} s; ${run.revoked} revoked, ${run.throttled} throttled, ${run.stillAssigned} still assigned`,
      baseline: describeFloor(grants, quotas, PROVISIONING_MS),
      versus: `×${ratio.toFixed(2)}`,
      target: throttlesAllowed
        ? `≤ ${FLOOR_FACTOR} × floor, nothing failed or left assigned (throttles expected: Latchkey assumes AWS's quotas)`
        : `≤ ${FLOOR_FACTOR} × floor, zero failures, zero throttled, nothing left assigned`,
      pass: ratio <= FLOOR_FACTOR && failures === 0,
    };
  } finally {
    await system.close();
  }
}

export async function sweeperQuotas(): Promise<Figure[]> {
  return [await sweepUnderQuotas(500, AWS_QUOTAS, 'AWS quotas', false)];
}

export async function sweeperLowQuotas(): Promise<Figure[]> {
  return [await sweepUnderQuotas(500, LOW_QUOTAS, 'quotas at 10/s, 5 in flight', true)];
}

export async function sweeperAtScale(): Promise<Figure[]> {
  return [await sweepUnderQuotas(5000, AWS_QUOTAS, 'AWS quotas, 5,000 due at once', false)];
}
