// Least privilege, checked on the synthesised templates: no service-wide wildcards, "*" only where the
// Service Authorization Reference offers nothing narrower, writes only where they happen, and cdk-nag's
// AwsSolutions pack with every finding either fixed or acknowledged in code with a reason.

import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { identityCenterRolePolicy } from '../../infra/constructs/identity-center.js';
import type { LatchkeyStack } from '../../infra/stack.js';
import { loadConfig } from '../../src/config/load.js';
import { asList, fixture, functionOf, type Statement, standInBundles, statementsOf, synth } from './synth.js';

/** Actions that may have Resource "*", and why: no resource type in the reference, or ARNs the config cannot name. */
const STAR_ALLOWED: Record<string, string> = {
  'sso:ListInstances': 'no resource type in the Service Authorization Reference for AWS IAM Identity Center',
  // Their root, OU and account ARNs carry the organization id, which latchkey.yml does not name.
  'organizations:ListChildren': 'root and OU ARNs need the organization id',
  'organizations:ListAccountsForParent': 'root and OU ARNs need the organization id',
  'organizations:DescribeAccount': 'account ARNs need the organization id',
};

/** Any wildcard in an action: `sso:*`, `identitystore:*`, `dynamodb:*`, and partial ones like `sso:Describe*`. */
const WILDCARD_ACTION = /\*/;

let direct: { stack: LatchkeyStack; template: Template };
let delegated: { stack: LatchkeyStack; template: Template };

beforeAll(async () => {
  const bundles = await standInBundles();
  direct = await synth('latchkey.yml', bundles);
  delegated = await synth('latchkey-role.yml', bundles);
}, 120_000);

function problemsOf(template: Template): string[] {
  const problems: string[] = [];
  for (const { holder, statement } of statementsOf(template)) {
    const actions = asList(statement.Action);
    for (const action of actions) {
      if (WILDCARD_ACTION.test(action)) problems.push(`${holder}: wildcard action ${action}`);
      if (asList(statement.Resource).includes('*') && !STAR_ALLOWED[action]) {
        problems.push(`${holder}: ${action} on Resource "*", though it supports a narrower resource`);
      }
    }
  }
  return problems;
}

const actionsOf = (template: Template, fn: string) =>
  statementsOf(template)
    .filter(({ holder }) => functionOf(holder) === fn)
    .flatMap(({ statement }) => asList(statement.Action));

describe('every IAM statement', () => {
  it('grants no service-wide action and "*" only to the allowlisted actions', () => {
    expect(problemsOf(direct.template)).toEqual([]);
    expect(problemsOf(delegated.template)).toEqual([]);
  });

  it('is caught by the walker when it is too broad', () => {
    const broad: Statement[] = [
      { Effect: 'Allow', Action: 'sso:*', Resource: 'arn:aws:sso:::instance/x' },
      { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: '*' },
    ];
    const fake = {
      findResources: (type: string) =>
        type === 'AWS::IAM::Policy' ? { P: { Properties: { PolicyDocument: { Statement: broad } } } } : {},
    };
    expect(problemsOf(fake as unknown as Template)).toHaveLength(2);
  });
});

describe('Identity Center access', () => {
  it('lets only the worker and the sweeper change assignments and memberships', () => {
    const writes = [
      'sso:CreateAccountAssignment',
      'sso:DeleteAccountAssignment',
      'identitystore:CreateGroupMembership',
      'identitystore:DeleteGroupMembership',
    ];
    for (const action of writes) {
      expect(actionsOf(direct.template, 'SlackHandler')).not.toContain(action);
      expect(actionsOf(direct.template, 'Worker')).toContain(action);
      expect(actionsOf(direct.template, 'Sweeper')).toContain(action);
    }
  });

  it('scopes assignments to the instance, the configured accounts and the instance’s permission sets', () => {
    const change = statementsOf(direct.template).find(
      ({ statement }) => statement.Sid === 'ChangeAccountAssignments',
    );
    expect(asList(change?.statement.Resource).sort()).toEqual([
      'arn:aws:sso:::account/123456789012',
      'arn:aws:sso:::account/210987654321',
      'arn:aws:sso:::instance/ssoins-72230f2bd1e7a1b1',
      // A permission set given by name is resolved at run time, so the instance's permission sets.
      'arn:aws:sso:::permissionSet/ssoins-72230f2bd1e7a1b1/*',
    ]);
  });

  it('uses exact ARNs when the config gives only ARNs and group ids', async () => {
    const config = await loadConfig(fixture('latchkey-role.yml'));
    const policy = identityCenterRolePolicy(config, '111122223333') as { Statement: Statement[] };
    const resources = policy.Statement.flatMap((s) => asList(s.Resource as string | string[]));
    expect(resources).toContain('arn:aws:sso:::permissionSet/ssoins-72230f2bd1e7a1b1/ps-0123456789abcdef');
    expect(resources).toContain(
      'arn:aws:identitystore:::group/9067642ac7-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
    );
    expect(resources).toContain('arn:aws:identitystore::111122223333:identitystore/d-9067642ac7');
    expect(resources.filter((r) => r.includes('permissionSet/') && r.endsWith('/*'))).toEqual([]);
    expect(resources.filter((r) => r.endsWith('group/*'))).toEqual([]);
  });

  it('with a roleArn, only assumes that role: the Identity Center permissions belong to the role', () => {
    const statements = statementsOf(delegated.template);
    const identityCenter = statements.filter(({ statement }) =>
      asList(statement.Action).some((a) => a.startsWith('sso:') || a.startsWith('identitystore:')),
    );
    expect(identityCenter).toEqual([]);
    const assumes = statements.filter(({ statement }) => asList(statement.Action).includes('sts:AssumeRole'));
    // The Slack handler only acknowledges and queues: it never talks to Identity Center.
    expect(assumes.map(({ holder }) => functionOf(holder)).sort()).toEqual(['Sweeper', 'Worker']);
    for (const { statement } of assumes) {
      expect(statement.Resource).toBe('arn:aws:iam::111122223333:role/LatchkeyIdentityCenter');
    }
    for (const name of ['Worker', 'Sweeper']) delegated.template.hasOutput(`${name}RoleArn`, {});
    expect(Object.keys(delegated.template.findOutputs('SlackHandlerRoleArn'))).toEqual([]);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in either stack', () => {
    for (const { stack } of [direct, delegated]) {
      const report = new AwsSolutionsChecks().validateScope(stack);
      expect(report.violations.map((v) => `${v.ruleName}: ${v.description}`)).toEqual([]);
    }
  });
});
