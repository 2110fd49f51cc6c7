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
  overrides: { instanceArn?: string; maxAttempts?: number } = {},
) {
  const clients = simClients(ic.url, { maxAttempts: overrides.maxAttempts ?? 3 });
  return runAwsChecks({
    sts: clients.sts,
    ssoAdmin: clients.ssoAdmin,
    identityCenter: ic.identityCenter,
    instanceArn: overrides.instanceArn ?? ic.sim.instanceArn,
    identityStoreId: ic.sim.identityStoreId,
    entitlements,
  });
}

describe('the AWS checks of latchkey doctor', () => {
  it('all pass for a sound setup', async () => {
    const results = await checks(sound);
    expect(results.map((r) => [r.name, r.ok, r.warning])).toEqual([
      ['AWS credentials', true, undefined],
      ['Identity Center instance', true, undefined],
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
    expect(results.slice(2).map((r) => [r.name, r.ok])).toEqual([
      ['Entitlement typo', false],
      ['Entitlement bad-account', false],
      ['Entitlement no-group', false],
    ]);
    expect(results[2]?.detail).toContain('AdminAccess');
    expect(results[3]?.detail).toContain('twelve digits');
    expect(results[4]?.detail).toContain('Auditors');
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
