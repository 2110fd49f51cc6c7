import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type IdentityCenterUnderTest,
  PRODUCTION,
  startIdentityCenter,
} from '../support/identity-center-sim.js';

const READ_ONLY = { kind: 'permissionSet', accountId: PRODUCTION, permissionSet: 'ReadOnlyAccess' } as const;

describe('Identity Center adapter: where an operation is refused or not offered', () => {
  let ic: IdentityCenterUnderTest;
  beforeEach(async () => {
    ic = await startIdentityCenter();
  });
  afterEach(async () => {
    await ic.close();
  });

  it.each(['AccessDeniedException', 'UnknownOperationException'] as const)(
    'asks the permission set’s holders when the per-person listing answers %s',
    async (error) => {
      // Prepare: Carol holds ReadOnlyAccess on production as standing access; Alice does not
      ic.sim.injectFault({ operation: 'ListAccountAssignmentsForPrincipal', error, times: 100 });
      const target = await ic.identityCenter.resolveTarget(READ_ONLY);
      const carol = (await ic.identityCenter.findUser('carol@example.com'))!;
      const alice = (await ic.identityCenter.findUser('alice@example.com'))!;

      // Act
      const held = [
        await ic.identityCenter.holds(carol.userId, target),
        await ic.identityCenter.holds(alice.userId, target),
      ];

      // Assess: answered, and the refused listing was not asked again
      expect(held).toEqual([true, false]);
      expect(ic.sim.callsTo('ListAccountAssignmentsForPrincipal')).toHaveLength(1);
      expect(ic.sim.callsTo('ListAccountAssignments').length).toBeGreaterThanOrEqual(2);
    },
  );

  it('takes a delete refused at once as not found as done, once the access is seen to be gone', async () => {
    const target = await ic.identityCenter.resolveTarget(READ_ONLY);
    const alice = (await ic.identityCenter.findUser('alice@example.com'))!;
    ic.sim.injectFault({
      operation: 'DeleteAccountAssignment',
      error: 'ResourceNotFoundException',
      times: 1,
    });

    await expect(ic.identityCenter.revoke(alice.userId, target)).resolves.toEqual({});
  });

  it('does not take a delete refused as not found as done while the access is still held', async () => {
    const target = await ic.identityCenter.resolveTarget(READ_ONLY);
    const carol = (await ic.identityCenter.findUser('carol@example.com'))!;
    ic.sim.injectFault({
      operation: 'DeleteAccountAssignment',
      error: 'ResourceNotFoundException',
      times: 1,
    });

    await expect(ic.identityCenter.revoke(carol.userId, target)).rejects.toThrow();
    expect(ic.sim.holds('carol@example.com', READ_ONLY)).toBe(true);
  });

  it('finds a person, as active, where the identity store cannot describe users', async () => {
    ic.sim.injectFault({ operation: 'DescribeUser', error: 'UnknownOperationException', times: 10 });

    const alice = await ic.identityCenter.findUser('alice@example.com');

    expect(alice).toMatchObject({ userId: ic.sim.userId('alice'), active: true });
  });

  it('still fails a lookup when the identity store is broken, rather than guessing', async () => {
    ic.sim.injectFault({ operation: 'DescribeUser', error: 'AccessDeniedException', times: 10 });

    await expect(ic.identityCenter.findUser('alice@example.com')).rejects.toThrow();
  });
});
