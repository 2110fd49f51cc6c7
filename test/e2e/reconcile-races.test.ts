// `reconcile --fix` against the rest of the system moving on: a listing of active grants is only a hint, so
// a grant revoked between the listing and the repair never gets its access back, and access recorded as
// the person's own (standing) is never recreated under a grant.

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { IdentityCenter } from '../../src/core/ports.js';
import { connectIdentityCenter } from '../../src/runtime/identity-center.js';
import { decide } from '../../src/service/decisions.js';
import { reconcile } from '../../src/service/reconcile.js';
import { createRequest } from '../../src/service/requests.js';
import { requestRevocation } from '../../src/service/revoker.js';
import { activeGrant } from '../support/active-grants.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import { openService, useInstallation } from '../support/latchkey-process.js';
import { PROD_READ } from '../support/slack-flows.js';

const ALICE = 'alice@example.com';

describe('reconcile --fix when grants change under it', () => {
  const deployed = useInstallation({ minDuration: '1s' });

  const aws = async () =>
    connectIdentityCenter(await loadConfig(deployed.installation.configPath), deployed.sims.ic.url, {
      adapter: QUICK_POLL,
    }).identityCenter;

  it('a grant revoked between the listing and the repair does not get its access back', async () => {
    const service = await openService(deployed.sims, deployed.installation, { adapter: QUICK_POLL });
    try {
      const { deps } = service;
      const grant = await activeGrant(
        deps,
        { requester: 'U0ALICE', entitlementId: 'incident-breakglass' },
        '1h',
      );
      const alice = grant.aws.principalId!;
      // Behind Latchkey's back the assignment goes: the grant is "missing" its access.
      const direct = await aws();
      await direct.revoke(alice, await direct.resolveTarget(PROD_READ));

      // Alice ends the grant at the moment reconcile has listed it and found its access missing.
      const ic = deps.identityCenter;
      let raced = false;
      const racing: IdentityCenter = {
        findUser: (match) => ic.findUser(match),
        resolveTarget: (target) => ic.resolveTarget(target),
        grant: (principal, target) => ic.grant(principal, target),
        revoke: (principal, target, refs) => ic.revoke(principal, target, refs),
        holders: (target) => ic.holders(target),
        holds: async (principal, target) => {
          const held = await ic.holds(principal, target);
          if (principal === alice && !raced) {
            raced = true;
            await requestRevocation(deps, grant.id, 'U0ALICE');
            await eventually(async () => (await deps.store.get(grant.id))?.state === 'revoked', {
              what: `${grant.id} revoked`,
            });
          }
          return held;
        },
      };

      const findings = await reconcile({ ...deps, identityCenter: racing }, { fix: true, accept: false });

      expect(raced).toBe(true);
      expect(findings.find((f) => f.kind === 'missing')).toMatchObject({ grantId: grant.id, fixed: false });
      expect(deployed.sims.ic.sim.holds(ALICE, PROD_READ)).toBe(false);
      expect((await deps.store.get(grant.id))?.state).toBe('revoked');
      expect(await deps.store.listHoldings()).toEqual([]);
    } finally {
      await service.close();
    }
  }, 60_000);

  it('access the person held before the grant, removed by hand, is not recreated', async () => {
    const service = await openService(deployed.sims, deployed.installation, { adapter: QUICK_POLL });
    try {
      const { deps } = service;
      const asked = await createRequest(deps, {
        requester: 'U0ALICE',
        entitlementId: 'prod-read',
        duration: '1h',
        reason: 'reading the logs',
      });
      // Before the grant is made, an administrator gives Alice the same access by hand: it is hers.
      const direct = await aws();
      const alice = deployed.sims.ic.sim.userId('alice')!;
      const target = await direct.resolveTarget(PROD_READ);
      await direct.grant(alice, target);
      await decide(deps, { grantId: asked.id, purpose: 'request', userId: 'U0BOB', decision: 'approve' });
      await eventually(async () => (await deps.store.get(asked.id))?.state === 'active', { what: 'active' });
      expect((await deps.store.listHoldings())[0]?.preExisting).toBe(true);
      // Then the administrator takes it away again, by hand.
      await direct.revoke(alice, target);

      const findings = await reconcile(deps, { fix: true, accept: false });

      expect(findings.find((f) => f.kind === 'missing')).toMatchObject({ grantId: asked.id, fixed: false });
      expect(deployed.sims.ic.sim.holds(ALICE, PROD_READ)).toBe(false);
    } finally {
      await service.close();
    }
  }, 60_000);
});
