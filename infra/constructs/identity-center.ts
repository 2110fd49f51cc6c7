// What Latchkey may do in IAM Identity Center and its identity store, derived from latchkey.yml and
// scoped per the Service Authorization Reference ("AWS IAM Identity Center", prefix sso; "AWS Identity
// Store", prefix identitystore):
//
//   sso:CreateAccountAssignment, DeleteAccountAssignment, ListAccountAssignments  Account*, Instance*, PermissionSet*
//   sso:ListAccountAssignmentsForPrincipal                                         scoped like ListAccountAssignments
//   sso:DescribeAccountAssignmentCreationStatus / DeletionStatus                 Instance*
//   sso:ListAccountAssignmentCreationStatus / DeletionStatus                     Instance*
//   sso:DescribePermissionSet                                                      Instance*, PermissionSet*
//   sso:ListPermissionSets                                                         Instance*
//   sso:ListInstances                                                              none: Resource "*" only
//   identitystore:GetUserId, DescribeUser                                          Identitystore*, User*
//   identitystore:GetGroupId                                                       Group*, Identitystore*
//   identitystore:CreateGroupMembership                                            Group*, Identitystore*, User*
//   identitystore:DeleteGroupMembership, GetGroupMembershipId                      Group*, GroupMembership*, Identitystore*, User*
//   identitystore:IsMemberInGroups                                                 AllGroupMemberships*, Group*, Identitystore*, User*
//   identitystore:ListGroupMemberships                                             AllGroupMemberships*, Group*, Identitystore*
//
// ARNs: arn:${Partition}:sso:::instance/${InstanceId}, …:sso:::permissionSet/${InstanceId}/${PermissionSetId},
// …:sso:::account/${AccountId}, arn:${Partition}:identitystore::${Account}:identitystore/${IdentityStoreId},
// …:identitystore:::user/${UserId}, …:::group/${GroupId}, …:::membership/${MembershipId}; AllGroupMemberships
// is …:::membership/*.

import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Config } from '../../src/config/schema.js';

/** `lookup` reads (the Slack handler); `change` also assigns and revokes (worker, sweeper). */
export type IdentityCenterAccess = 'lookup' | 'change';

/** A wildcard the policy keeps on purpose, with the reason that cdk-nag's suppression repeats. */
export interface DeliberateWildcard {
  resource: string;
  reason: string;
}

export interface IdentityCenterPolicy {
  statements: iam.PolicyStatement[];
  wildcards: DeliberateWildcard[];
}

/** The few actions whose only resource is "*", and why (the test's allowlist reads this). */
export const STAR_ONLY_ACTIONS: Record<string, string> = {
  'sso:ListInstances': 'the Service Authorization Reference lists no resource type for it',
};

// An identity store group id, per the Identity Store API: an optional 10-hex-digit prefix and a UUID.
const GROUP_ID =
  /^([0-9a-f]{10}-)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const isGroupId = (group: string) => GROUP_ID.test(group);

function scope(config: Config, identityStoreAccount: string) {
  const { instanceArn, identityStoreId } = config.identityCenter;
  const partition = instanceArn.split(':')[1] ?? 'aws';
  const instanceId = instanceArn.slice(instanceArn.lastIndexOf('/') + 1);
  const sso = `arn:${partition}:sso:::`;
  const ids = `arn:${partition}:identitystore:::`;
  const wildcards: DeliberateWildcard[] = [];
  const keep = (resource: string, reason: string) => {
    if (!wildcards.some((w) => w.resource === resource)) wildcards.push({ resource, reason });
    return resource;
  };

  const permissionSets = config.entitlements.flatMap((e) =>
    e.target.kind === 'permissionSet' ? [e.target] : [],
  );
  const groups = config.entitlements.flatMap((e) => (e.target.kind === 'group' ? [e.target.group] : []));
  const unique = (values: string[]) => [...new Set(values)].sort();

  const permissionSetArns = permissionSets.some((t) => !t.permissionSet.startsWith('arn:'))
    ? [
        keep(
          `${sso}permissionSet/${instanceId}/*`,
          'latchkey.yml names permission sets, resolved to ARNs at run time; the pattern stays inside the configured instance',
        ),
      ]
    : unique(permissionSets.map((t) => t.permissionSet));
  const groupArns = groups.some((g) => !isGroupId(g))
    ? [keep(`${ids}group/*`, 'latchkey.yml names groups by display name, resolved to ids at run time')]
    : unique(groups.map((g) => `${ids}group/${g}`));

  return {
    instance: instanceArn,
    permissionSets: permissionSetArns,
    accounts: unique(permissionSets.map((t) => `${sso}account/${t.accountId}`)),
    hasPermissionSets: permissionSets.length > 0,
    groups: groupArns,
    hasGroups: groups.length > 0,
    store: `arn:${partition}:identitystore::${identityStoreAccount}:identitystore/${identityStoreId}`,
    users: keep(
      `${ids}user/*`,
      'requesters are Identity Center users found by email or user name at run time',
    ),
    memberships: () =>
      keep(
        `${ids}membership/*`,
        'membership ids are created by CreateGroupMembership at run time; AllGroupMemberships is exactly this ARN',
      ),
    wildcards,
  };
}

/** The statements for one kind of access; with `identityCenter.roleArn` they belong to that role instead. */
export function identityCenterPolicy(
  config: Config,
  options: { access: IdentityCenterAccess; identityStoreAccount: string },
): IdentityCenterPolicy {
  const s = scope(config, options.identityStoreAccount);
  const change = options.access === 'change';
  const statement = (sid: string, actions: string[], resources: string[]) =>
    new iam.PolicyStatement({ sid, actions, resources });

  const statements = [statement('ListIdentityCenterInstances', ['sso:ListInstances'], ['*'])];
  s.wildcards.push({ resource: '*', reason: `sso:ListInstances: ${STAR_ONLY_ACTIONS['sso:ListInstances']}` });

  if (s.hasPermissionSets) {
    const assignment = [s.instance, ...s.permissionSets, ...s.accounts];
    statements.push(
      statement('ListPermissionSets', ['sso:ListPermissionSets'], [s.instance]),
      statement('DescribePermissionSets', ['sso:DescribePermissionSet'], [s.instance, ...s.permissionSets]),
      // Presence is asked per person (ListAccountAssignmentsForPrincipal) where AWS allows it, else per
      // permission set; the same instance, permission set and account resources scope both.
      statement(
        'ListAccountAssignments',
        ['sso:ListAccountAssignments', 'sso:ListAccountAssignmentsForPrincipal'],
        assignment,
      ),
    );
    if (change) {
      statements.push(
        statement(
          'ChangeAccountAssignments',
          ['sso:CreateAccountAssignment', 'sso:DeleteAccountAssignment'],
          assignment,
        ),
        statement(
          'FollowAccountAssignments',
          [
            'sso:DescribeAccountAssignmentCreationStatus',
            'sso:DescribeAccountAssignmentDeletionStatus',
            'sso:ListAccountAssignmentCreationStatus',
            'sso:ListAccountAssignmentDeletionStatus',
          ],
          [s.instance],
        ),
      );
    }
  }

  statements.push(
    statement('FindUsers', ['identitystore:GetUserId', 'identitystore:DescribeUser'], [s.store, s.users]),
  );
  if (s.hasGroups) {
    const memberships = [s.store, ...s.groups, s.users, s.memberships()];
    statements.push(
      statement('FindGroups', ['identitystore:GetGroupId'], [s.store, ...s.groups]),
      statement(
        'ReadGroupMemberships',
        [
          'identitystore:GetGroupMembershipId',
          'identitystore:IsMemberInGroups',
          'identitystore:ListGroupMemberships',
        ],
        memberships,
      ),
    );
    if (change) {
      statements.push(
        statement(
          'ChangeGroupMemberships',
          ['identitystore:CreateGroupMembership', 'identitystore:DeleteGroupMembership'],
          memberships,
        ),
      );
    }
  }
  return { statements, wildcards: s.wildcards };
}

/** The policy document the role in `identityCenter.roleArn` needs (printed by infra/role-policy.ts). */
export function identityCenterRolePolicy(config: Config, identityStoreAccount: string): unknown {
  const { statements } = identityCenterPolicy(config, { access: 'change', identityStoreAccount });
  return new iam.PolicyDocument({ statements }).toJSON();
}

/** The account that owns the identity store: the role's account when Latchkey assumes one. */
export function roleAccount(roleArn: string): string | undefined {
  return roleArn.split(':')[4] || undefined;
}

/**
 * Gives a function's role its Identity Center access: the statements themselves, or, when the config
 * names `identityCenter.roleArn`, only `sts:AssumeRole` of that role (which then holds the statements).
 */
export function grantIdentityCenterAccess(props: {
  role: iam.Role;
  config: Config;
  access: IdentityCenterAccess;
  identityStoreAccount: string;
}): void {
  const { role, config } = props;
  const { roleArn } = config.identityCenter;
  if (roleArn) {
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeIdentityCenterRole',
        actions: ['sts:AssumeRole'],
        resources: [roleArn],
      }),
    );
    return;
  }
  const policy = identityCenterPolicy(config, props);
  for (const statement of policy.statements) role.addToPolicy(statement);
  for (const { resource, reason } of policy.wildcards) {
    Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
  }
}
