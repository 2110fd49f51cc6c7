// AWS Organizations (prefix `organizations`), per the Service Authorization Reference: ListRoots and
// DescribeOrganization have no resource type; ListChildren and ListAccountsForParent are authorized
// against the parent (a root or an OU), DescribeAccount against the account. Those ARNs carry the
// organization id and the management account, which the simulator passes in.

import { type ServiceAuthorization, str } from '../service.js';

export interface OrganizationsContext {
  organizationId: string;
  managementAccountId: string;
}

const arn = (c: OrganizationsContext, path: string) =>
  `arn:aws:organizations::${c.managementAccountId}:${path}`;
const parent = (id: string, c: OrganizationsContext) =>
  id.startsWith('r-') ? arn(c, `root/${c.organizationId}/${id}`) : arn(c, `ou/${c.organizationId}/${id}`);

export const organizationsAuthorization: ServiceAuthorization<OrganizationsContext> = {
  prefix: 'organizations',
  operations: {
    ListRoots: () => ['*'],
    DescribeOrganization: () => ['*'],
    ListChildren: (input, c) => [parent(str(input, 'ParentId'), c)],
    ListAccountsForParent: (input, c) => [parent(str(input, 'ParentId'), c)],
    DescribeAccount: (input, c) => [arn(c, `account/${c.organizationId}/${str(input, 'AccountId')}`)],
  },
};
