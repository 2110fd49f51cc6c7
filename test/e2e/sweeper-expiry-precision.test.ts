// `latchkey serve` ends a grant within 2 s after its end time and never before: the scheduler wakes for the
// next end the store knows of, including ends that fall due while a pass is still revoking others. The
// backstop pass is set to serve's 30 s, so only the timer can be on time.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import { activeGrant, EVERYONE, shortGrantsConfig } from '../support/active-grants.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import { type System, startSystem } from '../support/system.js';

describe('Expiry precision: revocation starts within 2 s after the end, never before', () => {
  let system: System;
  beforeEach(async () => {
    // Changes take 300 ms in the simulator and the adapter looks when they are due, not a second later:
    // activations still take their own moment each, and a revocation still lasts past the next end.
    system = await startSystem({
      config: await shortGrantsConfig(),
      scheduler: { backstopMs: 30_000 },
      identityCenter: { provisioningMs: 300 },
      identityCenterTuning: { adapter: { poll: { ...QUICK_POLL.poll, firstMs: 300 } } },
    });
  });
  afterEach(async () => {
    await system.close();
  });

  it('grants ending one after another, some while others are being revoked, each end on time', async () => {
    const { deps } = system.latchkey;
    // One after another: each activation takes its own moment, so the ends are spread over a few seconds.
    const asks = EVERYONE.filter((_, i) => i % 2 === 0);
    const grants: Grant[] = [];
    for (const ask of asks) grants.push(await activeGrant(deps, ask, '1s'));

    const ended = await eventually(
      async () => {
        const now = await Promise.all(grants.map((g) => deps.store.get(g.id)));
        return now.every((g) => g?.state === 'revoked') && (now as Grant[]);
      },
      { what: 'every grant revoked', timeoutMs: 20_000 },
    );
    for (const grant of ended) {
      const expired = grant.events.find((e) => e.action === 'expired');
      const end = grant.expiresAt ?? 0;
      expect(expired, grant.id).toBeDefined();
      expect(expired!.at - end, `${grant.id} expired this long after its end`).toBeGreaterThanOrEqual(0);
      expect(expired!.at - end, `${grant.id} expired this long after its end`).toBeLessThanOrEqual(2000);
    }
  }, 60_000);
});
