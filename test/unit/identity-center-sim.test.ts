import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { AwsError } from '../../src/sim/identity-center/aws-error.js';
import {
  type IdentityCenterSeed,
  IdentityCenterSim,
  loadSeedFromOrgFile,
} from '../../src/sim/identity-center/index.js';

const ORG = fileURLToPath(new URL('../../examples/sandbox/org.yml', import.meta.url));

function manualClock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const seed: IdentityCenterSeed = {
  instanceArn: 'arn:aws:sso:::instance/ssoins-1111111111111111',
  identityStoreId: 'd-1111111111',
  accountId: '111111111111',
  accounts: [{ id: '123456789012', name: 'production' }],
  users: [{ userName: 'ann', email: 'ann@example.com', displayName: 'Ann' }],
  permissionSets: [{ name: 'ReadOnlyAccess', sessionDuration: 'PT2H' }],
};

function simAt(
  clock = manualClock(),
  extra: Partial<ConstructorParameters<typeof IdentityCenterSim>[0]> = {},
) {
  const sim = new IdentityCenterSim({ seed, clock, provisioningMs: 1000, ...extra });
  const assignment = {
    InstanceArn: sim.instanceArn,
    TargetId: '123456789012',
    TargetType: 'AWS_ACCOUNT',
    PermissionSetArn: sim.permissionSetArn('ReadOnlyAccess'),
    PrincipalType: 'USER',
    PrincipalId: sim.userId('ann'),
  };
  return { sim, clock, assignment };
}

type Status = { Status: string; RequestId: string; FailureReason?: string };

describe('seeding the simulator', () => {
  it('loads the sandbox organisation with deterministic ids', async () => {
    const parsed = await loadSeedFromOrgFile(ORG);
    const a = new IdentityCenterSim({ seed: parsed });
    const b = new IdentityCenterSim({ seed: parsed });
    expect(a.userId('alice')).toBe(b.userId('alice'));
    expect(a.userId('alice')).toMatch(
      /^9067642ac7-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(a.permissionSetArn('ReadOnlyAccess')).toMatch(
      /^arn:aws:sso:::permissionSet\/ssoins-72230f2bd1e7a1b1\/ps-[0-9a-f]{16}$/,
    );
    expect(
      a.holds('carol@example.com', {
        kind: 'permissionSet',
        accountId: '123456789012',
        permissionSet: 'ReadOnlyAccess',
      }),
    ).toBe(true);
    expect(a.holds('dave@example.com', { kind: 'group', group: 'BillingReaders' })).toBe(true);
  });

  it('refuses an organisation whose references do not resolve, or whose durations AWS would refuse', () => {
    expect(
      () => new IdentityCenterSim({ seed: { ...seed, groups: [{ displayName: 'G', members: ['zed'] }] } }),
    ).toThrow(ZodError);
    expect(
      () =>
        new IdentityCenterSim({
          seed: { ...seed, assignments: [{ user: 'ann', account: '123456789012', permissionSet: 'Admin' }] },
        }),
    ).toThrow(/unknown permission set Admin/);
    expect(
      () =>
        new IdentityCenterSim({
          seed: { ...seed, permissionSets: [{ name: 'Long', sessionDuration: 'PT13H' }] },
        }),
    ).toThrow(ZodError);
  });
});

describe('account assignment operations', () => {
  it('stay IN_PROGRESS for the provisioning time, then succeed and show', async () => {
    const { sim, clock, assignment } = simAt();
    const started = (await sim.call('sso-admin', 'CreateAccountAssignment', assignment)) as {
      AccountAssignmentCreationStatus: Status;
    };
    const requestId = started.AccountAssignmentCreationStatus.RequestId;
    expect(started.AccountAssignmentCreationStatus.Status).toBe('IN_PROGRESS');
    expect(sim.assignmentsOf(sim.userId('ann')!)).toEqual([]);

    clock.advance(1000);
    const described = (await sim.call('sso-admin', 'DescribeAccountAssignmentCreationStatus', {
      InstanceArn: sim.instanceArn,
      AccountAssignmentCreationRequestId: requestId,
    })) as { AccountAssignmentCreationStatus: Status };
    expect(described.AccountAssignmentCreationStatus.Status).toBe('SUCCEEDED');
    expect(sim.assignmentsOf(sim.userId('ann')!)).toMatchObject([{ permissionSet: 'ReadOnlyAccess' }]);
  });

  it('refuse a second change to the same assignment while one is in progress', async () => {
    const { sim, assignment } = simAt();
    await sim.call('sso-admin', 'CreateAccountAssignment', assignment);
    await expect(sim.call('sso-admin', 'DeleteAccountAssignment', assignment)).rejects.toMatchObject({
      type: 'ConflictException',
      status: 409,
    });
  });

  it('end FAILED with a reason when deleting an assignment that does not exist', async () => {
    const { sim, clock, assignment } = simAt();
    const started = (await sim.call('sso-admin', 'DeleteAccountAssignment', assignment)) as {
      AccountAssignmentDeletionStatus: Status;
    };
    clock.advance(1000);
    const described = (await sim.call('sso-admin', 'DescribeAccountAssignmentDeletionStatus', {
      InstanceArn: sim.instanceArn,
      AccountAssignmentDeletionRequestId: started.AccountAssignmentDeletionStatus.RequestId,
    })) as { AccountAssignmentDeletionStatus: Status };
    expect(described.AccountAssignmentDeletionStatus).toMatchObject({
      Status: 'FAILED',
      FailureReason: expect.stringMatching(/No account assignment exists/),
    });
  });

  it('end FAILED with the planted reason, once per planted failure', async () => {
    const { sim, clock, assignment } = simAt();
    sim.failNextProvisioning({ reason: 'Planted.', kind: 'creation' });
    const first = (await sim.call('sso-admin', 'CreateAccountAssignment', assignment)) as {
      AccountAssignmentCreationStatus: Status;
    };
    clock.advance(1000);
    const second = (await sim.call('sso-admin', 'CreateAccountAssignment', assignment)) as {
      AccountAssignmentCreationStatus: Status;
    };
    clock.advance(1000);
    const statusOf = async (id: string) =>
      (
        (await sim.call('sso-admin', 'DescribeAccountAssignmentCreationStatus', {
          InstanceArn: sim.instanceArn,
          AccountAssignmentCreationRequestId: id,
        })) as { AccountAssignmentCreationStatus: Status }
      ).AccountAssignmentCreationStatus;
    expect(await statusOf(first.AccountAssignmentCreationStatus.RequestId)).toMatchObject({
      Status: 'FAILED',
      FailureReason: 'Planted.',
    });
    expect(await statusOf(second.AccountAssignmentCreationStatus.RequestId)).toMatchObject({
      Status: 'SUCCEEDED',
    });
  });

  it('cap the operations in progress when the quota is on', async () => {
    const { sim, assignment } = simAt(manualClock(), { quotas: { assignmentsInFlight: 1 } });
    await sim.call('sso-admin', 'CreateAccountAssignment', assignment);
    const error = await sim
      .call('sso-admin', 'CreateAccountAssignment', {
        ...assignment,
        TargetId: '123456789012',
        PrincipalId: 'x'.repeat(10),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ type: 'ThrottlingException', status: 400 });
  });

  it('list their statuses, filtered by status and paged with MaxResults and NextToken', async () => {
    // Prepare: three creations 600 ms apart (provisioning takes 1 s), the first planted to fail.
    const { sim, clock, assignment } = simAt();
    sim.failNextProvisioning({ kind: 'creation' });
    const ids: string[] = [];
    for (const principal of ['p-one', assignment.PrincipalId, 'p-three']) {
      const started = (await sim.call('sso-admin', 'CreateAccountAssignment', {
        ...assignment,
        PrincipalId: principal,
      })) as { AccountAssignmentCreationStatus: Status };
      ids.push(started.AccountAssignmentCreationStatus.RequestId);
      clock.advance(600);
    }
    type Listed = { AccountAssignmentsCreationStatus: Status[]; NextToken?: string };
    const list = async (extra: Record<string, unknown> = {}) =>
      (await sim.call('sso-admin', 'ListAccountAssignmentCreationStatus', {
        InstanceArn: sim.instanceArn,
        ...extra,
      })) as Listed;

    // Act + Assess: at 1.8 s the first two have finished (one FAILED), the third is in progress.
    const all = await list();
    expect(all.AccountAssignmentsCreationStatus.map((s) => [s.RequestId, s.Status])).toEqual([
      [ids[2], 'IN_PROGRESS'],
      [ids[1], 'SUCCEEDED'],
      [ids[0], 'FAILED'],
    ]);
    expect(all.AccountAssignmentsCreationStatus[0]).not.toHaveProperty('FailureReason');
    expect((await list({ Filter: { Status: 'IN_PROGRESS' } })).AccountAssignmentsCreationStatus).toHaveLength(
      1,
    );
    expect(
      (await list({ Filter: { Status: 'FAILED' } })).AccountAssignmentsCreationStatus.map((s) => s.RequestId),
    ).toEqual([ids[0]]);
    const first = await list({ MaxResults: 2 });
    expect(first.AccountAssignmentsCreationStatus).toHaveLength(2);
    const second = await list({ MaxResults: 2, NextToken: first.NextToken });
    expect(second.AccountAssignmentsCreationStatus.map((s) => s.RequestId)).toEqual([ids[0]]);
    expect(second.NextToken).toBeUndefined();
    // Deletions are listed apart; a token from another listing, a bad status or page size is refused.
    const deletions = (await sim.call('sso-admin', 'ListAccountAssignmentDeletionStatus', {
      InstanceArn: sim.instanceArn,
    })) as { AccountAssignmentsDeletionStatus: Status[] };
    expect(deletions.AccountAssignmentsDeletionStatus).toEqual([]);
    await expect(
      sim.call('sso-admin', 'ListAccountAssignmentDeletionStatus', {
        InstanceArn: sim.instanceArn,
        NextToken: first.NextToken,
      }),
    ).rejects.toMatchObject({ type: 'ValidationException' });
    await expect(list({ Filter: { Status: 'DONE' } })).rejects.toMatchObject({ type: 'ValidationException' });
    await expect(list({ MaxResults: 101 })).rejects.toMatchObject({ type: 'ValidationException' });
  });
});
