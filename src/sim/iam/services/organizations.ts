// AWS Organizations (prefix `organizations`), per the Service Authorization Reference: listing under a
// parent is authorized against the root or OU, DescribeAccount against the account; ListRoots and
// DescribeOrganization have no resource type. The ARNs carry the management account and organization id.

import { type Input, type ServiceAuthorization, str } from '../service.js';

export interface OrganizationsContext {
  managementAccount: string;
  organizationId: string;
}

const base = (c: OrganizationsContext) => `arn:aws:organizations::${c.managementAccount}:`;
const parent = (input: Input, c: OrganizationsContext) => {
  const id = str(input, 'ParentId');
  return [`${base(c)}${id.startsWith('r-') ? 'root' : 'ou'}/${c.organizationId}/${id}`];
};

export const organizationsAuthorization: ServiceAuthorization<OrganizationsContext> = {
  prefix: 'organizations',
  operations: {
    ListRoots: () => ['*'],
    DescribeOrganization: () => ['*'],
    ListChildren: parent,
    ListAccountsForParent: parent,
    DescribeAccount: (input, c) => [`${base(c)}account/${c.organizationId}/${str(input, 'AccountId')}`],
  },
};
