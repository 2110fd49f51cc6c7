// AWS Identity Store (prefix `identitystore`), per the Service Authorization Reference. Calls that name a
// membership are authorized against its group and user as well, which the store looks up; calls on all
// memberships use the AllGroupMemberships resource, `membership/*` itself.

import { type Input, type ServiceAuthorization, str } from '../service.js';

export interface IdentityStoreContext {
  /** The account that owns the identity store (the organization's management account). */
  ownerAccountId: string;
  userByAlternateId(input: Input): string | undefined;
  groupByAlternateId(input: Input): string | undefined;
  membership(membershipId: string): { groupId: string; userId: string } | undefined;
  membershipOf(groupId: string, userId: string): string | undefined;
}

const ids = 'arn:aws:identitystore:::';
const store = (input: Input, c: IdentityStoreContext) =>
  `arn:aws:identitystore::${c.ownerAccountId}:identitystore/${str(input, 'IdentityStoreId')}`;
const user = (id: string | undefined) => `${ids}user/${id ?? '*'}`;
const group = (id: string | undefined) => `${ids}group/${id ?? '*'}`;
const membership = (id: string | undefined) => `${ids}membership/${id ?? '*'}`;
const ALL_MEMBERSHIPS = `${ids}membership/*`;
const memberOf = (input: Input) => {
  const member = input.MemberId as { UserId?: unknown } | undefined;
  return typeof member?.UserId === 'string' ? member.UserId : undefined;
};

function byMembershipId(input: Input, c: IdentityStoreContext): string[] {
  const id = str(input, 'MembershipId');
  const found = c.membership(id);
  return [store(input, c), membership(id), ...(found ? [group(found.groupId), user(found.userId)] : [])];
}

export const identityStoreAuthorization: ServiceAuthorization<IdentityStoreContext> = {
  prefix: 'identitystore',
  operations: {
    GetUserId: (input, c) => [store(input, c), user(c.userByAlternateId(input))],
    DescribeUser: (input, c) => [store(input, c), user(str(input, 'UserId'))],
    ListUsers: (input, c) => [store(input, c), `${ids}user/*`],
    GetGroupId: (input, c) => [store(input, c), group(c.groupByAlternateId(input))],
    DescribeGroup: (input, c) => [store(input, c), group(str(input, 'GroupId'))],
    ListGroups: (input, c) => [store(input, c), `${ids}group/*`],
    CreateGroupMembership: (input, c) => [
      store(input, c),
      group(str(input, 'GroupId')),
      user(memberOf(input)),
    ],
    DeleteGroupMembership: byMembershipId,
    DescribeGroupMembership: byMembershipId,
    GetGroupMembershipId: (input, c) => {
      const groupId = str(input, 'GroupId');
      const userId = memberOf(input);
      return [
        store(input, c),
        group(groupId),
        user(userId),
        membership(userId === undefined ? undefined : c.membershipOf(groupId, userId)),
      ];
    },
    IsMemberInGroups: (input, c) => {
      const groups = Array.isArray(input.GroupIds) ? input.GroupIds.map(String) : ['*'];
      return [store(input, c), ALL_MEMBERSHIPS, ...groups.map(group), user(memberOf(input))];
    },
    ListGroupMemberships: (input, c) => [store(input, c), ALL_MEMBERSHIPS, group(str(input, 'GroupId'))],
  },
};
