// The simulators' IAM evaluator: the rules of identity-based policy evaluation the AWS docs give, on the
// kinds of statements Latchkey's roles hold.

import { describe, expect, it } from 'vitest';
import {
  actionMatches,
  authorizeOperation,
  evaluate,
  Iam,
  identityStoreAuthorization,
  type PolicyDocument,
  parsePolicy,
  resourceMatches,
  ssoAdminAuthorization,
  UnmappedOperationError,
} from '../../src/sim/iam/index.js';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-72230f2bd1e7a1b1';
const PERMISSION_SET = 'arn:aws:sso:::permissionSet/ssoins-72230f2bd1e7a1b1/ps-0123456789abcdef';
const ACCOUNT = 'arn:aws:sso:::account/123456789012';

const allow = (Action: string | string[], Resource: string | string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action, Resource }],
});

describe('Function: actionMatches', () => {
  it('matches the action case-insensitively, with * and ?', () => {
    expect(actionMatches('sso:CreateAccountAssignment', 'sso:createaccountassignment')).toBe(true);
    expect(actionMatches('sso:Describe*', 'sso:DescribePermissionSet')).toBe(true);
    expect(actionMatches('sso:?istInstances', 'sso:ListInstances')).toBe(true);
    expect(actionMatches('sso:Describe*', 'identitystore:DescribeUser')).toBe(false);
    expect(actionMatches('sso:List', 'sso:ListInstances')).toBe(false);
  });
});

describe('Function: resourceMatches', () => {
  it('matches "*" to everything and otherwise part by part', () => {
    expect(resourceMatches('*', ACCOUNT)).toBe(true);
    expect(resourceMatches('arn:aws:sso:::permissionSet/ssoins-72230f2bd1e7a1b1/*', PERMISSION_SET)).toBe(
      true,
    );
    expect(resourceMatches('arn:aws:sso:::account/12345678901?', ACCOUNT)).toBe(true);
    expect(resourceMatches('arn:aws:sso:::account/21098765432?', ACCOUNT)).toBe(false);
    // A wildcard in the resource part does not reach into the service part.
    expect(resourceMatches('arn:aws:sso:::*', 'arn:aws:identitystore:::user/u-1')).toBe(false);
    // Resource ARNs are case-sensitive.
    expect(resourceMatches('arn:aws:sso:::permissionset/ssoins-72230f2bd1e7a1b1/*', PERMISSION_SET)).toBe(
      false,
    );
  });
});

describe('Function: evaluate', () => {
  it('allows only when every resource of the request is allowed', () => {
    const policy = allow('sso:CreateAccountAssignment', [INSTANCE, PERMISSION_SET]);
    expect(evaluate([policy], 'sso:CreateAccountAssignment', [INSTANCE, PERMISSION_SET])).toBe('allow');
    expect(evaluate([policy], 'sso:CreateAccountAssignment', [INSTANCE, PERMISSION_SET, ACCOUNT])).toBe(
      'implicit-deny',
    );
  });

  it('lets resources be allowed by different statements and policies', () => {
    const policies = [
      allow('sso:CreateAccountAssignment', INSTANCE),
      allow('sso:*', [PERMISSION_SET, ACCOUNT]),
    ];
    expect(evaluate(policies, 'sso:CreateAccountAssignment', [INSTANCE, PERMISSION_SET, ACCOUNT])).toBe(
      'allow',
    );
  });

  it('lets an explicit Deny win over any Allow', () => {
    const policies: PolicyDocument[] = [
      allow('*', '*'),
      { Statement: { Effect: 'Deny', Action: 'sso:Delete*', Resource: ACCOUNT } },
    ];
    expect(evaluate(policies, 'sso:DeleteAccountAssignment', [INSTANCE, PERMISSION_SET, ACCOUNT])).toBe(
      'explicit-deny',
    );
    expect(evaluate(policies, 'sso:CreateAccountAssignment', [INSTANCE, PERMISSION_SET, ACCOUNT])).toBe(
      'allow',
    );
  });

  it('reads NotAction and NotResource as everything but', () => {
    const policy: PolicyDocument = {
      Statement: [
        { Effect: 'Allow', NotAction: 'sso:Delete*', NotResource: 'arn:aws:sso:::account/210987654321' },
      ],
    };
    expect(evaluate([policy], 'sso:CreateAccountAssignment', [ACCOUNT])).toBe('allow');
    expect(evaluate([policy], 'sso:DeleteAccountAssignment', [ACCOUNT])).toBe('implicit-deny');
    expect(evaluate([policy], 'sso:CreateAccountAssignment', ['arn:aws:sso:::account/210987654321'])).toBe(
      'implicit-deny',
    );
  });

  it('never allows through a statement with a condition it cannot judge, and always denies through one', () => {
    const conditional: PolicyDocument = {
      Statement: [
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        },
      ],
    };
    expect(evaluate([conditional], 'sso:ListInstances', ['*'])).toBe('implicit-deny');
    const deny: PolicyDocument = {
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    expect(evaluate([deny], 'sso:ListInstances', ['*'])).toBe('explicit-deny');
  });

  it('denies what no policy mentions', () => {
    expect(evaluate([], 'sso:ListInstances', ['*'])).toBe('implicit-deny');
    expect(evaluate([allow('sso:ListInstances', INSTANCE)], 'sso:ListInstances', ['*'])).toBe(
      'implicit-deny',
    );
  });
});

describe('Function: parsePolicy', () => {
  it('refuses a statement with both or neither of Action and NotAction', () => {
    expect(() => parsePolicy({ Statement: [{ Effect: 'Allow', Resource: '*' }] })).toThrow(/Action/);
    expect(() => parsePolicy('{"Statement":{"Effect":"Permit","Action":"*","Resource":"*"}}')).toThrow();
  });
});

describe('Class: Iam', () => {
  const ROLE = 'arn:aws:sts::111111111111:assumed-role/latchkey/session';

  it('names the caller, the action and the first resource not allowed, as AWS does', () => {
    const iam = new Iam();
    iam.bind('ASIAWORKER', {
      arn: ROLE,
      policies: [allow('sso:CreateAccountAssignment', [INSTANCE, PERMISSION_SET])],
    });
    const result = iam.authorize({
      accessKeyId: 'ASIAWORKER',
      action: 'sso:CreateAccountAssignment',
      resources: [INSTANCE, PERMISSION_SET, ACCOUNT],
    });
    expect(result).toMatchObject({
      allowed: false,
      denial: {
        kind: 'AccessDenied',
        message: `User: ${ROLE} is not authorized to perform: sso:CreateAccountAssignment on resource: ${ACCOUNT} because no identity-based policy allows the sso:CreateAccountAssignment action`,
      },
    });
    expect(iam.denied).toMatchObject([{ action: 'sso:CreateAccountAssignment', principal: ROLE }]);
  });

  it('does not know a key nobody bound', () => {
    const result = new Iam().authorize({
      accessKeyId: 'AKIDUNKNOWN',
      action: 'sso:ListInstances',
      resources: ['*'],
    });
    expect(result).toMatchObject({ allowed: false, denial: { kind: 'UnrecognizedClient' } });
  });

  it('answers GetCallerIdentity to any known caller, even one denied everything', () => {
    const iam = new Iam();
    iam.bind('AKID', {
      arn: ROLE,
      policies: [{ Statement: { Effect: 'Deny', Action: '*', Resource: '*' } }],
    });
    expect(
      iam.authorize({ accessKeyId: 'AKID', action: 'sts:GetCallerIdentity', resources: ['*'] }).allowed,
    ).toBe(true);
  });
});

describe('Function: authorizeOperation', () => {
  it('authorizes an assignment against the instance, the permission set and the account', () => {
    const iam = new Iam();
    iam.bind('AKID', {
      arn: 'arn:aws:iam::111111111111:user/x',
      policies: [allow('sso:*', [INSTANCE, PERMISSION_SET])],
    });
    const input = { InstanceArn: INSTANCE, PermissionSetArn: PERMISSION_SET, TargetId: '123456789012' };
    const call = { operation: 'CreateAccountAssignment', input, accessKeyId: 'AKID', context: undefined };
    expect(authorizeOperation(iam, ssoAdminAuthorization, call)).toMatchObject({
      allowed: false,
      denial: { resource: ACCOUNT },
    });
  });

  it('authorizes a membership by id against its group and user too', () => {
    const iam = new Iam();
    const store = 'arn:aws:identitystore::111111111111:identitystore/d-9067642ac7';
    iam.bind('AKID', {
      arn: 'arn:aws:iam::111111111111:user/x',
      policies: [
        allow('identitystore:DescribeGroupMembership', [
          store,
          'arn:aws:identitystore:::membership/*',
          'arn:aws:identitystore:::user/*',
        ]),
      ],
    });
    const context = {
      ownerAccountId: '111111111111',
      userByAlternateId: () => undefined,
      groupByAlternateId: () => undefined,
      membership: () => ({ groupId: 'g-1', userId: 'u-1' }),
      membershipOf: () => undefined,
    };
    const result = authorizeOperation(iam, identityStoreAuthorization, {
      operation: 'DescribeGroupMembership',
      input: { IdentityStoreId: 'd-9067642ac7', MembershipId: 'm-1' },
      accessKeyId: 'AKID',
      context,
    });
    expect(result).toMatchObject({
      allowed: false,
      denial: { resource: 'arn:aws:identitystore:::group/g-1' },
    });
  });

  it('refuses to judge an operation the service has not mapped', () => {
    const call = { operation: 'CreatePermissionSet', input: {}, accessKeyId: 'AKID', context: undefined };
    expect(() => authorizeOperation(new Iam(), ssoAdminAuthorization, call)).toThrow(UnmappedOperationError);
  });
});
