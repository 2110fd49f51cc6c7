// What Latchkey may do in IAM Identity Center and its identity store, derived from latchkey.yml and
// scoped per the Service Authorization Reference ("AWS IAM Identity Center", prefix sso; "AWS Identity
// Store", prefix identitystore):
//
//   sso:CreateAccountAssignment, DeleteAccountAssignment, ListAccountAssignments  Account*, Instance*, PermissionSet*
//   sso:ListAccountAssignmentsForPrincipal                                         scoped like ListAccountAssignments
//   sso:DescribeAccountAssignmentCreationStatus / DeletionStatus                 Instance*
//   sso:ListAccountAssignmentCreationStatus / DeletionStatus                     Instance*
//   sso:DescribePermissionSet                                                      Instance*, PermissionSet*
//   sso:ListPermissionSets (permission sets given by name)                         Instance*
//   sso:ListInstances (`latchkey doctor`, so the roleArn role only)                none: Resource "*" only
//   identitystore:GetUserId, DescribeUser                                          Identitystore*, User*
//   identitystore:GetGroupId (groups named by display name)                        Group*, Identitystore*
//   identitystore:CreateGroupMembership                                            Group*, Identitystore*, User*
//   identitystore:DeleteGroupMembership, DescribeGroupMembership,                  Group*, GroupMembership*, Identitystore*, User*
//                 GetGroupMembershipId
//   identitystore:IsMemberInGroups                                                 AllGroupMemberships*, Group*, Identitystore*, User*
//   identitystore:ListGroupMemberships                                             AllGroupMemberships*, Group*, Identitystore*
//   organizations:ListChildren, ListAccountsForParent (an OU's accounts)           root and OU ARNs (need the organization id)
//   organizations:DescribeAccount (the names of a list's accounts)                 account ARNs (need the organization id)
//
// Each action is granted only where the code calls it for this config, and nothing else (a test holds the
// policies to the calls the code makes).
//
// ARNs: arn:${Partition}:sso:::instance/${InstanceId}, …:sso:::permissionSet/${InstanceId}/${PermissionSetId},
// …:sso:::account/${AccountId}, arn:${Partition}:identitystore::${Account}:identitystore/${IdentityStoreId},
// …:identitystore:::user/${UserId}, …:::group/${GroupId}, …:::membership/${MembershipId}; AllGroupMemberships
// is …:::membership/*.

import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  entitlementsOn,
  MANAGEMENT_ACCOUNT_ROLE_ACTIONS,
  MANAGEMENT_ACCOUNT_SAML_ACTIONS,
  reservedRolesArn,
  ssoSamlProvidersArn,
} from '../../src/aws/management-account.js';
import type { Config } from '../../src/config/schema.js';
import { configuredTargets } from '../../src/core/entitlement.js';

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
  'organizations:ListChildren':
    'its root and OU ARNs carry the organization id and management account, which latchkey.yml does not name; read-only',
  'organizations:ListAccountsForParent':
    'its root and OU ARNs carry the organization id and management account, which latchkey.yml does not name; read-only',
  'organizations:DescribeAccount':
    'its account ARNs carry the organization id and management account, which latchkey.yml does not name; read-only',
};

/**
 * What entitlements on several accounts read from AWS Organizations (src/aws/organizations.ts): an OU's
 * accounts, walking its nested OUs, and the names of the accounts a list gives.
 */
export const ORGANIZATIONS_ACTIONS = {
  ou: ['organizations:ListAccountsForParent', 'organizations:ListChildren'],
  list: ['organizations:DescribeAccount'],
} as const;

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
  // Every account a list names; an OU's accounts are only known when a request is made.
  const configuredAccounts = config.entitlements.flatMap((e) =>
    configuredTargets(e).flatMap((t) => (t.kind === 'permissionSet' ? [t.accountId] : [])),
  );
  const onOu = config.entitlements.some((e) => e.accounts?.kind === 'ou');
  const groups = config.entitlements.flatMap((e) => (e.target.kind === 'group' ? [e.target.group] : []));
  const unique = (values: string[]) => [...new Set(values)].sort();

  // A permission set given by name is looked up in the instance's list, a group given by display name with
  // GetGroupId; an ARN or an id is used as it is.
  const namesPermissionSets = permissionSets.some((t) => !t.permissionSet.startsWith('arn:'));
  const namesGroups = groups.some((g) => !isGroupId(g));
  const permissionSetArns = namesPermissionSets
    ? [
        keep(
          `${sso}permissionSet/${instanceId}/*`,
          'latchkey.yml names permission sets, resolved to ARNs at run time; the pattern stays inside the configured instance',
        ),
      ]
    : unique(permissionSets.map((t) => t.permissionSet));
  const groupArns = namesGroups
    ? [keep(`${ids}group/*`, 'latchkey.yml names groups by display name, resolved to ids at run time')]
    : unique(groups.map((g) => `${ids}group/${g}`));

  return {
    instance: instanceArn,
    permissionSets: permissionSetArns,
    accounts: onOu
      ? [
          keep(
            `${sso}account/*`,
            'latchkey.yml names an organizational unit, whose accounts are read from AWS Organizations when a request is made',
          ),
        ]
      : unique(configuredAccounts.map((id) => `${sso}account/${id}`)),
    onOu,
    onList: config.entitlements.some((e) => e.accounts?.kind === 'list'),
    hasPermissionSets: permissionSets.length > 0,
    namesPermissionSets,
    groups: groupArns,
    hasGroups: groups.length > 0,
    namesGroups,
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

/**
 * What the worker and the sweeper need of Identity Center to look up, assign and revoke; with
 * `identityCenter.roleArn` the statements belong to that role instead.
 * `doctor` adds what only `latchkey doctor` calls (listing the instances), for a role the command line
 * acts as too.
 */
export function identityCenterPolicy(
  config: Config,
  options: { identityStoreAccount: string; doctor?: boolean },
): IdentityCenterPolicy {
  const s = scope(config, options.identityStoreAccount);
  const statement = (sid: string, actions: readonly string[], resources: string[]) =>
    new iam.PolicyStatement({ sid, actions: [...actions], resources });

  const statements: iam.PolicyStatement[] = [];
  if (options.doctor) {
    statements.push(statement('ListIdentityCenterInstances', ['sso:ListInstances'], ['*']));
    s.wildcards.push({
      resource: '*',
      reason: `sso:ListInstances: ${STAR_ONLY_ACTIONS['sso:ListInstances']}`,
    });
  }

  if (s.hasPermissionSets) {
    const assignment = [s.instance, ...s.permissionSets, ...s.accounts];
    if (s.namesPermissionSets) {
      statements.push(statement('ListPermissionSets', ['sso:ListPermissionSets'], [s.instance]));
    }
    statements.push(
      statement('DescribePermissionSets', ['sso:DescribePermissionSet'], [s.instance, ...s.permissionSets]),
      // Presence is asked per person (ListAccountAssignmentsForPrincipal) where AWS allows it, else per
      // permission set; the same instance, permission set and account resources scope both.
      statement(
        'ListAccountAssignments',
        ['sso:ListAccountAssignments', 'sso:ListAccountAssignmentsForPrincipal'],
        assignment,
      ),
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
          // A batch of operations in flight is confirmed with one listing of each kind.
          'sso:ListAccountAssignmentCreationStatus',
          'sso:ListAccountAssignmentDeletionStatus',
        ],
        [s.instance],
      ),
      ...managementAccountStatements(config, s),
    );
  }

  const organizations = [
    ...(s.onOu ? ORGANIZATIONS_ACTIONS.ou : []),
    ...(s.onList ? ORGANIZATIONS_ACTIONS.list : []),
  ].sort();
  if (organizations.length > 0) {
    statements.push(statement('ReadOrganization', organizations, ['*']));
    s.wildcards.push({
      resource: '*',
      reason: `AWS Organizations reads: ${organizations.map((a) => `${a}: ${STAR_ONLY_ACTIONS[a]}`).join('; ')}`,
    });
  }

  statements.push(
    statement('FindUsers', ['identitystore:GetUserId', 'identitystore:DescribeUser'], [s.store, s.users]),
  );
  if (s.hasGroups) {
    const memberships = [s.store, ...s.groups, s.users, s.memberships()];
    if (s.namesGroups) {
      statements.push(statement('FindGroups', ['identitystore:GetGroupId'], [s.store, ...s.groups]));
    }
    statements.push(
      statement(
        'ReadGroupMemberships',
        [
          // Revocation confirms the membership it recorded still names the person and the group.
          'identitystore:DescribeGroupMembership',
          'identitystore:GetGroupMembershipId',
          'identitystore:IsMemberInGroups',
          'identitystore:ListGroupMemberships',
        ],
        memberships,
      ),
      statement(
        'ChangeGroupMemberships',
        ['identitystore:CreateGroupMembership', 'identitystore:DeleteGroupMembership'],
        memberships,
      ),
    );
  }
  return { statements, wildcards: s.wildcards };
}

/**
 * Assigning access on the management account makes Identity Center create and remove its reserved role
 * and SAML provider there as the caller: with `identityCenter.managementAccount` set and an entitlement
 * on that account (or on an OU, which may hold it), the caller gets those IAM actions, on those resources
 * of that account only.
 */
function managementAccountStatements(config: Config, s: ReturnType<typeof scope>): iam.PolicyStatement[] {
  const account = config.identityCenter.managementAccount;
  if (!account || entitlementsOn(account, config.entitlements, { ous: true }).length === 0) return [];
  const partition = config.identityCenter.instanceArn.split(':')[1] ?? 'aws';
  const roles = reservedRolesArn(account, partition);
  const providers = ssoSamlProvidersArn(account, partition);
  const why =
    'Identity Center names these at run time; the pattern is its own reserved path in the management account';
  s.wildcards.push({ resource: roles, reason: why }, { resource: providers, reason: why });
  return [
    new iam.PolicyStatement({
      sid: 'ManagementAccountReservedRoles',
      actions: [...MANAGEMENT_ACCOUNT_ROLE_ACTIONS],
      resources: [roles],
    }),
    new iam.PolicyStatement({
      sid: 'ManagementAccountSamlProvider',
      actions: [...MANAGEMENT_ACCOUNT_SAML_ACTIONS],
      resources: [providers],
    }),
  ];
}

/**
 * The policy document the role in `identityCenter.roleArn` needs (printed by infra/role-policy.ts). The
 * command line assumes that role as well, `latchkey doctor` included, so it holds what the doctor calls.
 */
export function identityCenterRolePolicy(config: Config, identityStoreAccount: string): unknown {
  const { statements } = identityCenterPolicy(config, { identityStoreAccount, doctor: true });
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
