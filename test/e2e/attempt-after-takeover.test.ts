// An attempt that outlasts its lease: another worker takes the grant over and finishes it, and the first
// one's failure arrives afterwards. Nothing is left to record, the grant stays as the other worker left it,
// and the late failure is not an error of the sweep.

import { afterEach, beforeEach, expect, it } from 'vitest';
import { failedAttempt } from '../../src/service/attempts.js';
import { requestRevocation } from '../../src/service/revoker.js';
import { activeGrant } from '../support/active-grants.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import { type System, startSystem } from '../support/system.js';

let system: System;
beforeEach(async () => {
  system = await startSystem({ identityCenterTuning: { adapter: QUICK_POLL } });
});
afterEach(async () => {
  await system.close();
});

it('a failure reported after another worker revoked the grant records nothing and throws nothing', async () => {
  const { deps } = system.latchkey;
  const grant = await activeGrant(deps, { requester: 'U0ALICE', entitlementId: 'incident-breakglass' }, '1h');
  await requestRevocation(deps, grant.id, 'U0ALICE');
  const revoked = await eventually(
    async () => {
      const now = await deps.store.get(grant.id);
      return now?.state === 'revoked' && now;
    },
    { what: 'the grant revoked', timeoutMs: 20_000 },
  );

  await expect(
    failedAttempt(deps, grant.id, new Error('the first worker timed out')),
  ).resolves.toBeUndefined();

  expect(await deps.store.get(grant.id)).toEqual(revoked);
});
