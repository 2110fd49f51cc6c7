// The Organizations reads Latchkey makes, authorized by the policy the stack derives from the config: the
// sandbox config's OU entitlement resolves with exactly that policy, and is refused without it.

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterEach, describe, expect, it } from 'vitest';
import { identityCenterRolePolicy } from '../../infra/constructs/identity-center.js';
import { runAwsChecks } from '../../src/aws/doctor.js';
import { AwsOrganizations } from '../../src/aws/organizations.js';
import { loadConfig } from '../../src/config/load.js';
import type { Entitlement } from '../../src/core/entitlement.js';
import { OrganizationUnavailable } from '../../src/core/errors.js';
import { Iam } from '../../src/sim/iam/index.js';
import { type RunningOrganizationsSim, startOrganizationsSim } from '../../src/sim/organizations/index.js';
import { SAMPLE_CONFIG, SAMPLE_ORG } from '../../src/sim/sandbox.js';

const ROLE = 'arn:aws:iam::111111111111:role/latchkey';

describe('Organizations simulator: IAM', () => {
  let orgs: RunningOrganizationsSim | undefined;
  afterEach(async () => {
    await orgs?.close();
  });

  async function organizationsAs(policies: unknown[]): Promise<AwsOrganizations> {
    const iam = new Iam();
    iam.bind('AKIDLATCHKEY', { arn: ROLE, policies });
    orgs = await startOrganizationsSim({ orgFile: SAMPLE_ORG, iam });
    return new AwsOrganizations(
      new OrganizationsClient({
        endpoint: orgs.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDLATCHKEY', secretAccessKey: 'secret' },
        maxAttempts: 1,
      }),
    );
  }

  it('resolves the OU with the policy the stack grants for the config', async () => {
    const config = await loadConfig(SAMPLE_CONFIG);
    const organizations = await organizationsAs([identityCenterRolePolicy(config, '111111111111')]);

    const accounts = await organizations.accountsUnder('ou-l8k2-workload');

    expect(accounts).toHaveLength(5);
    expect(await organizations.account('333333333333')).toMatchObject({ name: 'billing' });
  });

  it('is refused without the Organizations statement', async () => {
    const organizations = await organizationsAs([
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sso:ListInstances', Resource: '*' }] },
    ]);

    const refused = await organizations.accountsUnder('ou-l8k2-workload').catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(OrganizationUnavailable);
    expect((refused as OrganizationUnavailable).detail).toContain('AccessDeniedException');
  });

  it('doctor checks that an OU entitlement resolves to active accounts, and fails when it cannot be read', async () => {
    const config = await loadConfig(SAMPLE_CONFIG);
    const entitlement = config.entitlements.find((e) => e.accounts?.kind === 'ou')!;
    const allowed = await organizationsAs([identityCenterRolePolicy(config, '111111111111')]);

    const [ok] = (await runAwsChecks(doctorDeps(allowed, entitlement))).filter((r) => r.name.includes('ou-'));

    expect(ok).toMatchObject({ ok: true, detail: expect.stringContaining('4 active account(s)') });
    await orgs?.close();
    orgs = undefined;
    const denied = await organizationsAs([]);
    const [failed] = (await runAwsChecks(doctorDeps(denied, entitlement))).filter((r) =>
      r.name.includes('ou-'),
    );
    expect(failed).toMatchObject({ ok: false, detail: expect.stringContaining('AccessDeniedException') });
  });
});

/** Doctor's AWS checks with Identity Center out of reach: only the OU check matters here. */
function doctorDeps(organizations: AwsOrganizations, entitlement: Entitlement) {
  const unreachable = { send: () => Promise.reject(new Error('not under test')) };
  return {
    sts: unreachable as never,
    ssoAdmin: unreachable as never,
    identityCenter: { resolveTarget: () => Promise.reject(new Error('not under test')) } as never,
    instanceArn: 'arn:aws:sso:::instance/ssoins-72230f2bd1e7a1b1',
    entitlements: [entitlement],
    organizations,
  };
}
