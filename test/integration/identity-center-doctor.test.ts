import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DoctorEntitlement, runAwsChecks } from '../../src/aws/doctor.js';
import {
  type IdentityCenterUnderTest,
  PRODUCTION,
  simClients,
  startIdentityCenter,
} from '../support/identity-center-sim.js';

let ic: IdentityCenterUnderTest;
beforeEach(async () => {
  ic = await startIdentityCenter();
});
afterEach(async () => {
  await ic.close();
});

const oneHour = 3600;
const sound: DoctorEntitlement[] = [
  {
    id: 'prod-admin',
    target: { kind: 'permissionSet', accountId: PRODUCTION, permissionSet: 'AdministratorAccess' },
    maxDurationSec: 2 * oneHour,
  },
  { id: 'billing', target: { kind: 'group', group: 'BillingReaders' }, maxDurationSec: 8 * oneHour },
];

function checks(
  entitlements: DoctorEntitlement[],
  overrides: {
    instanceArn?: string;
    maxAttempts?: number;
    managementAccount?: string;
    roleArn?: string;
  } = {},
) {
  const clients = simClients(ic.url, {
    maxAttempts: overrides.maxAttempts ?? 3,
    ...(overrides.roleArn && { roleArn: overrides.roleArn }),
  });
  return runAwsChecks({
    sts: clients.sts,
    ssoAdmin: clients.ssoAdmin,
    identityCenter: ic.identityCenter,
    instanceArn: overrides.instanceArn ?? ic.sim.instanceArn,
    identityStoreId: ic.sim.identityStoreId,
    ...(overrides.managementAccount && { managementAccount: overrides.managementAccount }),
    entitlements,
  });
}

describe('the AWS checks of latchkey doctor', () => {
  it('all pass for a sound setup', async () => {
    const results = await checks(sound);
    expect(results.map((r) => [r.name, r.ok, r.warning])).toEqual([
      ['AWS credentials', true, undefined],
      ['Identity Center instance', true, undefined],
      ['Management account', true, undefined],
      ['Entitlement prod-admin', true, undefined],
      ['Entitlement billing', true, undefined],
    ]);
    expect(results[0]?.detail).toContain('arn:aws:iam::111111111111:user/latchkey');
  });

  it('warn when a permission set’s sessions outlive the longest grant', async () => {
    const results = await checks([
      {
        id: 'prod-read',
        target: { kind: 'permissionSet', accountId: PRODUCTION, permissionSet: 'ReadOnlyAccess' },
        maxDurationSec: oneHour,
      },
    ]);
    const check = results.find((r) => r.name === 'Entitlement prod-read');
    expect(check).toMatchObject({ ok: true });
    expect(check?.warning).toMatch(/4h.*longer than the 1h/);
  });

  it('fail for targets Identity Center does not have, naming each', async () => {
    const results = await checks([
      {
        id: 'typo',
        target: { kind: 'permissionSet', accountId: PRODUCTION, permissionSet: 'AdminAccess' },
        maxDurationSec: oneHour,
      },
      {
        id: 'bad-account',
        target: { kind: 'permissionSet', accountId: '1234', permissionSet: 'ReadOnlyAccess' },
        maxDurationSec: oneHour,
      },
      { id: 'no-group', target: { kind: 'group', group: 'Auditors' }, maxDurationSec: oneHour },
    ]);
    const perEntitlement = results.filter((r) => r.name.startsWith('Entitlement '));
    expect(perEntitlement.map((r) => [r.name, r.ok])).toEqual([
      ['Entitlement typo', false],
      ['Entitlement bad-account', false],
      ['Entitlement no-group', false],
    ]);
    expect(perEntitlement[0]?.detail).toContain('AdminAccess');
    expect(perEntitlement[1]?.detail).toContain('twelve digits');
    expect(perEntitlement[2]?.detail).toContain('Auditors');
  });

  it('fail when the instance is not there', async () => {
    const results = await checks(sound, { instanceArn: 'arn:aws:sso:::instance/ssoins-0000000000000000' });
    expect(results[1]).toMatchObject({ name: 'Identity Center instance', ok: false });
    expect(results[1]?.detail).toContain('ssoins-0000000000000000');
  });

  it('fail when AWS refuses the credentials, and still run the other checks', async () => {
    ic.sim.injectFault({ operation: 'GetCallerIdentity', error: 'AccessDeniedException' });
    const results = await checks(sound, { maxAttempts: 1 });
    expect(results[0]).toMatchObject({ name: 'AWS credentials', ok: false });
    expect(results[0]?.detail).toContain('AccessDenied');
    expect(results.slice(1).every((r) => r.ok)).toBe(true);
  });
});

describe('the management-account check of latchkey doctor', () => {
  // The simulated instance belongs to 111111111111, the organization's management account.
  const MANAGEMENT = '111111111111';
  const onManagement: DoctorEntitlement[] = [
    {
      id: 'root-admin',
      target: { kind: 'permissionSet', accountId: MANAGEMENT, permissionSet: 'AdministratorAccess' },
      maxDurationSec: oneHour,
    },
  ];
  const managementCheck = (results: Awaited<ReturnType<typeof checks>>) =>
    results.find((r) => r.name === 'Management account');

  it('fails, naming the setting, when an entitlement is on the management account and it is not configured', async () => {
    const check = managementCheck(await checks(onManagement));
    expect(check).toMatchObject({ ok: false });
    expect(check?.detail).toContain('root-admin');
    expect(check?.detail).toContain('identityCenter.managementAccount: "111111111111"');
    expect(check?.detail).toContain('iam:CreateRole');
  });

  it('passes when it is configured and Latchkey acts from that account', async () => {
    const check = managementCheck(await checks(onManagement, { managementAccount: MANAGEMENT }));
    expect(check).toMatchObject({ ok: true });
  });

  it('fails when the configured account is not the one the instance belongs to', async () => {
    const check = managementCheck(await checks(sound, { managementAccount: PRODUCTION }));
    expect(check).toMatchObject({ ok: false });
    expect(check?.detail).toContain('belongs to 111111111111');
  });

  it('fails when Latchkey acts from another account, which AWS does not let assign access there', async () => {
    const check = managementCheck(
      await checks(onManagement, {
        managementAccount: MANAGEMENT,
        roleArn: 'arn:aws:iam::222222222222:role/latchkey-delegated-admin',
      }),
    );
    expect(check).toMatchObject({ ok: false });
    expect(check?.detail).toContain('from account 222222222222');
  });
});
