// AWS Organizations (prefix `organizations`), for the read-only calls Latchkey makes. Per the Service
// Authorization Reference: ListRoots and DescribeOrganization have no resource type ("*"); ListChildren and
// ListAccountsForParent are authorized against the parent root or OU; DescribeAccount against the account.
// Their ARNs carry the management account and the organization id.

import { type Input, type ServiceAuthorization, str } from '../service.js';

export interface OrganizationsContext {
  organizationId: string;
  managementAccount: string;
  rootId: string;
}

const base = (c: OrganizationsContext) => `arn:aws:organizations::${c.managementAccount}`;
const parent = (input: Input, c: OrganizationsContext) => {
  const id = str(input, 'ParentId');
  return [
    id.startsWith('r-')
      ? `${base(c)}:root/${c.organizationId}/${id}`
      : `${base(c)}:ou/${c.organizationId}/${id}`,
  ];
};

export const organizationsAuthorization: ServiceAuthorization<OrganizationsContext> = {
  prefix: 'organizations',
  operations: {
    ListRoots: () => ['*'],
    DescribeOrganization: () => ['*'],
    ListChildren: parent,
    ListAccountsForParent: parent,
    DescribeAccount: (input, c) => [`${base(c)}:account/${c.organizationId}/${str(input, 'AccountId')}`],
  },
};
