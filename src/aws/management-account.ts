// What Identity Center needs from its caller to assign access on the organization's management account.
// In member accounts its service-linked role (AWSServiceRoleForSSO) creates the AWSReservedSSO_ roles
// and the AWSSSO_ SAML provider; in the management account it uses the caller's own permissions instead,
// to prevent escalation (IAM Identity Center User Guide, "Using service-linked roles for IAM Identity
// Center"). These are that role's IAM actions, scoped as it scopes them: roles under
// /aws-reserved/sso.amazonaws.com/ and SAML providers named AWSSSO_*.

import type { AccountScope, Target } from '../core/entitlement.js';

export const MANAGEMENT_ACCOUNT_ROLE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:GetRole',
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
] as const;

export const MANAGEMENT_ACCOUNT_SAML_ACTIONS = [
  'iam:CreateSAMLProvider',
  'iam:DeleteSAMLProvider',
  'iam:GetSAMLProvider',
  'iam:UpdateSAMLProvider',
] as const;

export const reservedRolesArn = (account: string, partition = 'aws') =>
  `arn:${partition}:iam::${account}:role/aws-reserved/sso.amazonaws.com/*`;
export const ssoSamlProvidersArn = (account: string, partition = 'aws') =>
  `arn:${partition}:iam::${account}:saml-provider/AWSSSO_*`;

/**
 * The ids of the entitlements whose access lands on `account`: those that name it and, with `ous`, those on
 * an organizational unit, whose accounts are only known when a request is made (it may hold the account).
 */
export function entitlementsOn(
  account: string,
  entitlements: { id: string; target: Target; accounts?: AccountScope | undefined }[],
  options: { ous?: boolean } = {},
): string[] {
  return entitlements
    .filter(({ target, accounts }) => {
      if (target.kind !== 'permissionSet') return false;
      if (accounts?.kind === 'ou') return options.ous === true;
      return (accounts?.accountIds ?? [target.accountId]).includes(account);
    })
    .map((e) => e.id);
}
