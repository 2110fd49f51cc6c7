import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProvisioningFailed, ProvisioningPending, UnknownTarget } from '../../src/core/errors.js';
import type { ResolvedTarget } from '../../src/core/ports.js';
import {
  type IdentityCenterUnderTest,
  PRODUCTION,
  STAGING,
  startIdentityCenter,
} from '../support/identity-center-sim.js';

let ic: IdentityCenterUnderTest;

beforeEach(async () => {
  ic = await startIdentityCenter();
});
afterEach(async () => {
  await ic.close();
});

const adminOnProduction = {
  kind: 'permissionSet',
  accountId: PRODUCTION,
  permissionSet: 'AdministratorAccess',
} as const;
const billing = { kind: 'group', group: 'BillingReaders' } as const;

async function aliceId(): Promise<string> {
  const alice = await ic.identityCenter.findUser('alice@example.com');
  if (!alice) throw new Error('alice is seeded');
  return alice.userId;
}

describe('finding people', () => {
  it('finds a user by email whatever its case, with their user name and status', async () => {
    const user = await ic.identityCenter.findUser('Alice@Example.com');
    expect(user).toEqual({ userId: ic.sim.userId('alice'), userName: 'alice', active: true });
  });

  it('answers undefined for a person with no Identity Center user', async () => {
    expect(await ic.identityCenter.findUser('frank@example.com')).toBeUndefined();
  });

  it('matches user names when told to', async () => {
    const byName = ic.adapter({ userMatch: 'userName' });
    expect((await byName.findUser('bob'))?.userId).toBe(ic.sim.userId('bob'));
    expect(await byName.findUser('bob@example.com')).toBeUndefined();
  });

  it('keeps a found user for a while instead of asking again', async () => {
    await ic.identityCenter.findUser('bob@example.com');
    await ic.identityCenter.findUser('BOB@example.com');
    expect(ic.sim.callsTo('GetUserId')).toHaveLength(1);
    expect(ic.sim.callsTo('DescribeUser')).toHaveLength(1);
  });
});

describe('resolving targets', () => {
  it('resolves a permission set by name, keeping its session duration in seconds', async () => {
    const resolved = await ic.identityCenter.resolveTarget(adminOnProduction);
    expect(resolved).toEqual({
      kind: 'permissionSet',
      accountId: PRODUCTION,
      permissionSetArn: ic.sim.permissionSetArn('AdministratorAccess'),
      sessionDurationSec: 3600,
    });
  });

  it('resolves a permission set given by ARN', async () => {
    const arn = ic.sim.permissionSetArn('ReadOnlyAccess')!;
    const resolved = await ic.identityCenter.resolveTarget({ ...adminOnProduction, permissionSet: arn });
    expect(resolved).toMatchObject({ permissionSetArn: arn, sessionDurationSec: 4 * 3600 });
  });

  it('pages through the permission sets', async () => {
    await ic.close();
    ic = await startIdentityCenter({ sim: { pageSize: 1 } });
    const resolved = await ic.identityCenter.resolveTarget({
      ...adminOnProduction,
      permissionSet: 'ReadOnlyAccess',
    });
    expect(resolved).toMatchObject({ permissionSetArn: ic.sim.permissionSetArn('ReadOnlyAccess') });
    expect(ic.sim.callsTo('ListPermissionSets')).toHaveLength(2);
  });

  it('resolves a group by display name, and takes a group id as given', async () => {
    const groupId = ic.sim.groupId('BillingReaders')!;
    expect(await ic.identityCenter.resolveTarget(billing)).toEqual({ kind: 'group', groupId });
    expect(await ic.identityCenter.resolveTarget({ kind: 'group', group: groupId })).toEqual({
      kind: 'group',
      groupId,
    });
  });

  it('looks a target up once for requests arriving together', async () => {
    const resolved = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ic.identityCenter.resolveTarget(i % 2 === 0 ? adminOnProduction : billing),
      ),
    );
    expect(new Set(resolved.map((r) => JSON.stringify(r))).size).toBe(2);
    expect(ic.sim.callsTo('ListPermissionSets')).toHaveLength(1);
    expect(ic.sim.callsTo('GetGroupId')).toHaveLength(1);
  });

  it('looks once more for a name the cached list lacks, but only once for a name asked before any list', async () => {
    const unknown = { ...adminOnProduction, permissionSet: 'PowerUser' };
    await expect(ic.identityCenter.resolveTarget(unknown)).rejects.toBeInstanceOf(UnknownTarget);
    expect(ic.sim.callsTo('ListPermissionSets')).toHaveLength(1);
    await expect(ic.identityCenter.resolveTarget(unknown)).rejects.toBeInstanceOf(UnknownTarget);
    expect(ic.sim.callsTo('ListPermissionSets')).toHaveLength(2);
    await ic.identityCenter.resolveTarget(adminOnProduction);
    expect(ic.sim.callsTo('ListPermissionSets')).toHaveLength(2);
  });

  it('names what does not exist', async () => {
    await expect(
      ic.identityCenter.resolveTarget({ ...adminOnProduction, permissionSet: 'PowerUser' }),
    ).rejects.toMatchObject({ constructor: UnknownTarget, kind: 'permissionSet', given: 'PowerUser' });
    await expect(ic.identityCenter.resolveTarget({ kind: 'group', group: 'Nobody' })).rejects.toBeInstanceOf(
      UnknownTarget,
    );
    await expect(
      ic.identityCenter.resolveTarget({ ...adminOnProduction, accountId: 'prod' }),
    ).rejects.toMatchObject({ kind: 'account' });
  });
});

describe('permission set assignments', () => {
  let target: ResolvedTarget;
  beforeEach(async () => {
    target = await ic.identityCenter.resolveTarget(adminOnProduction);
  });

  it('grants the assignment and confirms it, then revokes it', async () => {
    // Prepare
    const userId = await aliceId();
    expect(await ic.identityCenter.holds(userId, target)).toBe(false);
    // Act
    const receipt = await ic.identityCenter.grant(userId, target);
    // Assess
    expect(receipt.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ic.sim.holds('alice@example.com', adminOnProduction)).toBe(true);
    expect(await ic.identityCenter.holds(userId, target)).toBe(true);
    expect(await ic.identityCenter.holders(target)).toEqual([userId]);

    await ic.identityCenter.revoke(userId, target);
    expect(ic.sim.holds('alice@example.com', adminOnProduction)).toBe(false);
    expect(await ic.identityCenter.holds(userId, target)).toBe(false);
  });

  it('a second grant of the same assignment succeeds silently', async () => {
    const userId = await aliceId();
    await ic.identityCenter.grant(userId, target);
    await ic.identityCenter.grant(userId, target);
    expect(ic.sim.assignmentsOf(userId)).toHaveLength(1);
  });

  it('revoking what is already gone succeeds: the delete ends FAILED, and the access is not held', async () => {
    const userId = await aliceId();
    await ic.identityCenter.revoke(userId, target);
    await ic.identityCenter.revoke(userId, target);
    expect(ic.sim.holds('alice@example.com', adminOnProduction)).toBe(false);
    expect(ic.sim.callsTo('DeleteAccountAssignment').map((c) => c.status)).toEqual([200, 200]);
  });

  it('sees standing access held outside Latchkey', async () => {
    const readOnly = await ic.identityCenter.resolveTarget({
      ...adminOnProduction,
      permissionSet: 'ReadOnlyAccess',
    });
    const carol = (await ic.identityCenter.findUser('carol@example.com'))!;
    expect(await ic.identityCenter.holds(carol.userId, readOnly)).toBe(true);
    expect(await ic.identityCenter.holders(readOnly)).toEqual([carol.userId]);
  });

  it('reports a FAILED provisioning with Identity Center’s reason and request id', async () => {
    const userId = await aliceId();
    ic.sim.failNextProvisioning({ reason: 'Received a 403 status error: Access denied to the account.' });
    const failure = await ic.identityCenter.grant(userId, target).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProvisioningFailed);
    expect(failure).toMatchObject({ reason: 'Received a 403 status error: Access denied to the account.' });
    expect((failure as ProvisioningFailed).awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ic.sim.holds('alice@example.com', adminOnProduction)).toBe(false);
  });

  it('reports a FAILED deletion while the assignment stays', async () => {
    const userId = await aliceId();
    await ic.identityCenter.grant(userId, target);
    ic.sim.failNextProvisioning({ kind: 'deletion', reason: 'Received a 500 status error.' });
    await expect(ic.identityCenter.revoke(userId, target)).rejects.toMatchObject({
      reason: 'Received a 500 status error.',
    });
    expect(ic.sim.holds('alice@example.com', adminOnProduction)).toBe(true);
  });

  it('retries a ConflictException while another change to the assignment runs', async () => {
    const userId = await aliceId();
    ic.sim.injectFault({ operation: 'CreateAccountAssignment', error: 'ConflictException', times: 3 });
    await ic.identityCenter.grant(userId, target);
    expect(ic.sim.callsTo('CreateAccountAssignment').map((c) => c.status)).toEqual([409, 409, 409, 200]);
    expect(ic.sim.holds('alice@example.com', adminOnProduction)).toBe(true);
  });

  it('gives up on conflicts after its attempts, with the SDK’s exception', async () => {
    const userId = await aliceId();
    ic.sim.injectFault({ operation: 'CreateAccountAssignment', error: 'ConflictException', times: 50 });
    await expect(
      ic.adapter({ conflictRetry: { attempts: 3, baseMs: 1 } }).grant(userId, target),
    ).rejects.toMatchObject({
      name: 'ConflictException',
    });
    expect(ic.sim.callsTo('CreateAccountAssignment')).toHaveLength(3);
  });

  it('waits through ResourceNotFound for a request id Identity Center has only just issued', async () => {
    const userId = await aliceId();
    // A role refused the status listing asks about each operation on its own, from then on.
    ic.sim.injectFault({ operation: 'ListAccountAssignmentCreationStatus', error: 'AccessDeniedException' });
    ic.sim.injectFault({
      operation: 'DescribeAccountAssignmentCreationStatus',
      error: 'ResourceNotFoundException',
      times: 2,
    });
    await ic.identityCenter.grant(userId, target);
    expect(ic.sim.holds('alice@example.com', adminOnProduction)).toBe(true);
    expect(ic.sim.callsTo('ListAccountAssignmentCreationStatus')).toHaveLength(1);
    expect(ic.sim.callsTo('DescribeAccountAssignmentCreationStatus').length).toBeGreaterThanOrEqual(3);
  });

  it('confirms changes made together with one status listing', async () => {
    const ids = await Promise.all(['alice', 'bob', 'carol'].map((name) => ic.sim.userId(name)!));
    await Promise.all(ids.map((id) => ic.identityCenter.grant(id, target)));
    expect(ic.sim.callsTo('ListAccountAssignmentCreationStatus').length).toBeLessThanOrEqual(2);
    expect(ic.sim.callsTo('DescribeAccountAssignmentCreationStatus')).toEqual([]);
  });

  it('absorbs throttling through the SDK’s retries', async () => {
    const userId = await aliceId();
    ic.sim.injectFault({ operation: 'CreateAccountAssignment', error: 'ThrottlingException', times: 1 });
    await ic.identityCenter.grant(userId, target);
    expect(ic.sim.callsTo('CreateAccountAssignment').map((c) => c.status)).toEqual([400, 200]);
  });

  it('stops waiting at its deadline without calling the change failed', async () => {
    await ic.close();
    ic = await startIdentityCenter({ sim: { provisioningMs: 2000 } });
    const slow = ic.adapter({ poll: { firstMs: 20, maxMs: 40, deadlineMs: 200 } });
    const t = await slow.resolveTarget(adminOnProduction);
    const failure = await slow
      .grant((await slow.findUser('alice@example.com'))!.userId, t)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProvisioningPending);
    expect(failure).not.toBeInstanceOf(ProvisioningFailed);
    expect((failure as ProvisioningPending).message).toMatch(/still in progress/);
  });

  it('fails a grant on another account independently of the first', async () => {
    const userId = await aliceId();
    const staging = await ic.identityCenter.resolveTarget({ ...adminOnProduction, accountId: STAGING });
    await ic.identityCenter.grant(userId, staging);
    expect(await ic.identityCenter.holds(userId, staging)).toBe(true);
    expect(await ic.identityCenter.holds(userId, target)).toBe(false);
  });
});

describe('group memberships', () => {
  let group: ResolvedTarget;
  beforeEach(async () => {
    group = await ic.identityCenter.resolveTarget(billing);
  });

  it('adds the person to the group and removes them again', async () => {
    const userId = await aliceId();
    expect(await ic.identityCenter.holds(userId, group)).toBe(false);

    const receipt = await ic.identityCenter.grant(userId, group);
    expect(receipt.membershipId).toBeDefined();
    expect(await ic.identityCenter.holds(userId, group)).toBe(true);
    expect(await ic.identityCenter.holders(group)).toContain(userId);

    await ic.identityCenter.revoke(userId, group, { membershipId: receipt.membershipId });
    expect(await ic.identityCenter.holds(userId, group)).toBe(false);
    expect(ic.sim.holds('alice@example.com', billing)).toBe(false);
  });

  it('a second grant finds the existing membership instead of failing on the conflict', async () => {
    const userId = await aliceId();
    const first = await ic.identityCenter.grant(userId, group);
    const second = await ic.identityCenter.grant(userId, group);
    expect(second.membershipId).toBe(first.membershipId);
    expect(ic.sim.callsTo('CreateGroupMembership').map((c) => c.status)).toEqual([200, 409]);
  });

  it('revokes without a membership id by looking it up, and repeating it is harmless', async () => {
    const dave = (await ic.identityCenter.findUser('dave@example.com'))!;
    await ic.identityCenter.revoke(dave.userId, group);
    await ic.identityCenter.revoke(dave.userId, group);
    expect(ic.sim.holds('dave@example.com', billing)).toBe(false);
    expect(ic.sim.callsTo('DeleteGroupMembership')).toHaveLength(1);
  });

  it('ignores a stale membership id and removes the current membership', async () => {
    const userId = await aliceId();
    const old = await ic.identityCenter.grant(userId, group);
    await ic.identityCenter.revoke(userId, group);
    await ic.identityCenter.grant(userId, group);
    await ic.identityCenter.revoke(userId, group, { membershipId: old.membershipId });
    expect(ic.sim.holds('alice@example.com', billing)).toBe(false);
  });
});
