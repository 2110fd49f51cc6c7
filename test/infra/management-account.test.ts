// Entitlements on the organization's management account: with identityCenter.managementAccount set and an
// entitlement on it, the roles that change access may do what Identity Center does there as its caller,
// scoped to its reserved roles and SAML providers in that account; otherwise nothing of it is granted.

import { readFile } from 'node:fs/promises';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { identityCenterRolePolicy } from '../../infra/constructs/identity-center.js';
import { LatchkeyStack } from '../../infra/stack.js';
import {
  MANAGEMENT_ACCOUNT_ROLE_ACTIONS,
  MANAGEMENT_ACCOUNT_SAML_ACTIONS,
} from '../../src/aws/management-account.js';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { asList, fixture, functionOf, type Statement, standInBundles, statementsOf } from './synth.js';

const PRODUCTION = '123456789012';

async function configWith(identityCenter: Record<string, unknown>): Promise<Config> {
  const doc = parseYaml(await readFile(fixture('latchkey.yml'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  doc.identityCenter = { ...doc.identityCenter, ...identityCenter };
  return parseConfig(stringifyYaml(doc));
}

const managementStatements = (template: Template) =>
  statementsOf(template).filter(({ statement }) => statement.Sid?.startsWith('ManagementAccount'));

let configured: { stack: LatchkeyStack; template: Template };
let unconfigured: Template;

beforeAll(async () => {
  const bundleDirs = await standInBundles();
  const stack = new LatchkeyStack(new App(), 'ManagementAccount', {
    config: await configWith({ managementAccount: PRODUCTION }),
    bundleDirs,
  });
  configured = { stack, template: Template.fromStack(stack) };
  unconfigured = Template.fromStack(
    new LatchkeyStack(new App(), 'NoManagementAccount', { config: await configWith({}), bundleDirs }),
  );
}, 180_000);

describe('identityCenter.managementAccount', () => {
  it('gives the worker and the sweeper the IAM actions Identity Center needs there, scoped to its reserved names', () => {
    const found = managementStatements(configured.template);
    expect(found.map(({ holder }) => functionOf(holder)).sort()).toEqual([
      'Sweeper',
      'Sweeper',
      'Worker',
      'Worker',
    ]);
    const bySid = (sid: string) =>
      found.find(({ statement }) => statement.Sid === sid)?.statement as Statement;
    expect(asList(bySid('ManagementAccountReservedRoles').Action).sort()).toEqual(
      [...MANAGEMENT_ACCOUNT_ROLE_ACTIONS].sort(),
    );
    expect(bySid('ManagementAccountReservedRoles').Resource).toBe(
      `arn:aws:iam::${PRODUCTION}:role/aws-reserved/sso.amazonaws.com/*`,
    );
    expect(asList(bySid('ManagementAccountSamlProvider').Action).sort()).toEqual(
      [...MANAGEMENT_ACCOUNT_SAML_ACTIONS].sort(),
    );
    expect(bySid('ManagementAccountSamlProvider').Resource).toBe(
      `arn:aws:iam::${PRODUCTION}:saml-provider/AWSSSO_*`,
    );
  });

  it('grants nothing of it when not configured', () => {
    expect(managementStatements(unconfigured)).toEqual([]);
    const iamActions = statementsOf(unconfigured).flatMap(({ statement }) =>
      asList(statement.Action).filter((a) => a.startsWith('iam:')),
    );
    expect(iamActions).toEqual([]);
  });

  it('grants nothing of it when no entitlement is on the management account', async () => {
    const config = await configWith({ managementAccount: '999999999999' });
    const policy = identityCenterRolePolicy(config, '111111111111') as { Statement: Statement[] };
    expect(policy.Statement.filter((s) => s.Sid?.startsWith('ManagementAccount'))).toEqual([]);
  });

  it('is granted for an entitlement on an OU, which may hold the management account', async () => {
    const doc = parseYaml(await readFile(fixture('latchkey-ou.yml'), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    doc.identityCenter = { ...doc.identityCenter, managementAccount: '999999999999' };
    const policy = identityCenterRolePolicy(parseConfig(stringifyYaml(doc)), '111111111111') as {
      Statement: Statement[];
    };
    const roles = policy.Statement.find((s) => s.Sid === 'ManagementAccountReservedRoles');
    expect(roles?.Resource).toBe('arn:aws:iam::999999999999:role/aws-reserved/sso.amazonaws.com/*');
  });

  it('is part of the policy printed for identityCenter.roleArn', async () => {
    const config = await configWith({
      managementAccount: PRODUCTION,
      roleArn: 'arn:aws:iam::111111111111:role/LatchkeyIdentityCenter',
    });
    const policy = identityCenterRolePolicy(config, '111111111111') as { Statement: Statement[] };
    expect(policy.Statement.map((s) => s.Sid)).toEqual(
      expect.arrayContaining(['ManagementAccountReservedRoles', 'ManagementAccountSamlProvider']),
    );
  });

  it('leaves cdk-nag nothing unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(configured.stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.description}`)).toEqual([]);
  });
});
