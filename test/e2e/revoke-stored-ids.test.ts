// Revocation removes what the grant was given, by the ids recorded when it was given: a group renamed (and
// its old name taken by a new group) or deleted while the grant runs never leaves the access in place nor
// keeps the grant from ending. Each sweep is a fresh `latchkey` process, so no lookup cache remembers the
// old name.

import { CreateGroupCommand, DeleteGroupCommand, UpdateGroupCommand } from '@aws-sdk/client-identitystore';
import { describe, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import { activeGrant } from '../support/active-grants.js';
import { QUICK_POLL, simClients } from '../support/identity-center-sim.js';
import { openService, readStore, runLatchkey, useInstallation } from '../support/latchkey-process.js';

const ALICE = 'alice@example.com';

describe('Revocation by the ids stored when access was granted', () => {
  const deployed = useInstallation({ minDuration: '1s' });

  /**
   * Alice's billing-read grant, active, with the service that made it closed again: nothing ends it before
   * the sweep, so what the test changes meanwhile may take longer than the grant's second.
   */
  async function aliceInBillingReaders(): Promise<Grant> {
    const service = await openService(deployed.sims, deployed.installation, { adapter: QUICK_POLL });
    const grant = await activeGrant(
      service.deps,
      { requester: 'U0ALICE', entitlementId: 'billing-read' },
      '1s',
    );
    await service.close();
    return grant;
  }

  async function sweepAfterEnd(grant: Grant) {
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, (grant.expiresAt ?? 0) - Date.now()) + 100),
    );
    return runLatchkey(['sweep'], deployed.installation.env());
  }

  const identityStore = () => simClients(deployed.sims.ic.url).identityStore;

  it('a group renamed, and a new group given its old name: the old membership is removed, the new group untouched', async () => {
    const { sim } = deployed.sims.ic;
    const grant = await aliceInBillingReaders();
    const oldGroup = sim.groupId('BillingReaders')!;
    expect(sim.holds(ALICE, { kind: 'group', group: oldGroup })).toBe(true);

    await identityStore().send(
      new UpdateGroupCommand({
        IdentityStoreId: sim.identityStoreId,
        GroupId: oldGroup,
        Operations: [{ AttributePath: 'displayName', AttributeValue: 'BillingReaders-2025' }],
      }),
    );
    const created = await identityStore().send(
      new CreateGroupCommand({ IdentityStoreId: sim.identityStoreId, DisplayName: 'BillingReaders' }),
    );
    expect(created.GroupId).not.toBe(oldGroup);

    const sweep = await sweepAfterEnd(grant);
    expect(sweep.code, sweep.stderr).toBe(0);

    expect(sim.holds(ALICE, { kind: 'group', group: oldGroup })).toBe(false);
    const groups = sim.snapshot().groups;
    expect(groups.find((g) => g.groupId === oldGroup)?.members.map((m) => m.userName)).toEqual(['dave']);
    expect(groups.find((g) => g.groupId === created.GroupId)?.members).toEqual([]);
    const { grants, holdings } = await readStore(deployed.installation.dataDir, [grant.id]);
    expect(grants[0]?.state).toBe('revoked');
    expect(holdings).toEqual([]);
  }, 60_000);

  it('a group deleted while the grant runs: the grant still ends, with nothing left to remove', async () => {
    const { sim } = deployed.sims.ic;
    const grant = await aliceInBillingReaders();
    await identityStore().send(
      new DeleteGroupCommand({
        IdentityStoreId: sim.identityStoreId,
        GroupId: sim.groupId('BillingReaders')!,
      }),
    );

    const sweep = await sweepAfterEnd(grant);
    expect(sweep.code, sweep.stderr).toBe(0);

    const { grants, holdings } = await readStore(deployed.installation.dataDir, [grant.id]);
    expect(grants[0]?.state).toBe('revoked');
    expect(holdings).toEqual([]);
  }, 60_000);
});
