// The sweeper with the simulator's quotas off (and answering at once): how fast one pass revokes 500 due
// grants when only Latchkey's own limiter (kept under AWS's quotas on purpose) and its work set the pace.

import { systemWithDueGrants } from './support/due-grants.js';
import type { Figure } from './support/figure.js';
import { callMix, timedSweep } from './support/sweep.js';

const GRANTS = 500;

export async function sweeperUnlimited(): Promise<Figure[]> {
  const { system, grants } = await systemWithDueGrants(GRANTS, { provisioningMs: 0 });
  try {
    const run = await timedSweep(system, grants, 'revoking, quotas off');
    return [
      {
        benchmark: 'Sweeper, quotas off',
        figure: `${GRANTS} due grants (${callMix(run.calls)})`,
        value: `${(GRANTS / (run.wallMs / 1000)).toFixed(1)} revocations/s (${(run.wallMs / 1000).toFixed(1)} s; ${run.revoked} revoked, ${run.stillAssigned} still assigned)`,
        baseline: '—',
        versus: `${(run.calls.length / (run.wallMs / 1000)).toFixed(1)} sso-admin requests/s`,
        target: 'reported',
        // Revoked in the store but still assigned in AWS would be access left behind: never acceptable.
        pass: run.notRevoked === 0 && run.stillAssigned === 0 ? undefined : false,
      },
    ];
  } finally {
    await system.close();
  }
}
