// The identitystore operations (awsJson1_1, `AWSIdentityStore.<Operation>`): users, groups and group
// memberships, looked up by id or by a unique attribute.

import { z } from 'zod';
import { AwsError, parseInput } from './aws-error.js';
import type { SimGroup, SimMembership, SimUser } from './directory.js';
import { page } from './paging.js';
import type { Handler, OperationContext } from './sso-admin.js';

const storeId = z.string().min(1).max(36);
const resourceId = z.string().min(1).max(47);
const paging = { MaxResults: z.number().int().min(1).max(100).optional(), NextToken: z.string().optional() };
const memberId = z.object({ UserId: resourceId });
const uniqueAttribute = z.object({ AttributePath: z.string().min(1), AttributeValue: z.unknown() });
const alternateIdentifier = z
  .object({
    ExternalId: z.object({ Issuer: z.string(), Id: z.string() }).optional(),
    UniqueAttribute: uniqueAttribute.optional(),
  })
  .refine(
    (a) => (a.ExternalId === undefined) !== (a.UniqueAttribute === undefined),
    'exactly one identifier',
  );

type ResourceType = 'USER' | 'GROUP' | 'GROUP_MEMBERSHIP' | 'IDENTITY_STORE';

function notFound(type: ResourceType, id: string, what = type.toLowerCase().replace('_', ' ')): AwsError {
  return new AwsError('ResourceNotFoundException', `The specified ${what} does not exist.`, {
    ResourceType: type,
    ResourceId: id,
  });
}

export function identityStoreHandlers(ctx: OperationContext): Record<string, Handler> {
  const { directory: dir } = ctx;

  const requireStore = (id: string) => {
    if (id !== dir.identityStoreId) throw notFound('IDENTITY_STORE', id, 'identity store');
  };
  const requireUser = (id: string) => dir.userById(id) ?? throwError(notFound('USER', id));
  const requireGroup = (id: string) => dir.groupById(id) ?? throwError(notFound('GROUP', id));
  const attributeValue = (value: unknown) => {
    if (typeof value !== 'string')
      throw new AwsError('ValidationException', 'AttributeValue must be a string.');
    return value;
  };
  const user = (u: SimUser) => ({
    IdentityStoreId: dir.identityStoreId,
    UserId: u.userId,
    UserName: u.userName,
    DisplayName: u.displayName,
    Name: { Formatted: u.displayName },
    Emails: [{ Value: u.email, Type: 'work', Primary: true }],
    UserStatus: u.active ? 'ENABLED' : 'DISABLED',
  });
  const group = (g: SimGroup) => ({
    IdentityStoreId: dir.identityStoreId,
    GroupId: g.groupId,
    DisplayName: g.displayName,
    ...(g.description !== undefined ? { Description: g.description } : {}),
  });
  const membership = (m: SimMembership) => ({
    IdentityStoreId: dir.identityStoreId,
    MembershipId: m.membershipId,
    GroupId: m.groupId,
    MemberId: { UserId: m.userId },
  });

  return {
    GetUserId(input) {
      const req = parseInput(
        z.object({ IdentityStoreId: storeId, AlternateIdentifier: alternateIdentifier }),
        input,
      );
      requireStore(req.IdentityStoreId);
      const attr = req.AlternateIdentifier.UniqueAttribute;
      if (!attr) throw notFound('USER', req.AlternateIdentifier.ExternalId?.Id ?? '');
      const value = attributeValue(attr.AttributeValue);
      let found: SimUser | undefined;
      if (attr.AttributePath === 'emails.value') found = dir.userByEmail(value);
      else if (attr.AttributePath === 'userName') found = dir.userByName(value);
      else
        throw new AwsError('ValidationException', `Invalid attribute path ${attr.AttributePath} for a user.`);
      if (!found) throw notFound('USER', value);
      return { IdentityStoreId: dir.identityStoreId, UserId: found.userId };
    },

    DescribeUser(input) {
      const req = parseInput(z.object({ IdentityStoreId: storeId, UserId: resourceId }), input);
      requireStore(req.IdentityStoreId);
      return user(requireUser(req.UserId));
    },

    ListUsers(input) {
      const filter = z.object({ AttributePath: z.string(), AttributeValue: z.string() });
      const req = parseInput(
        z.object({ IdentityStoreId: storeId, Filters: z.array(filter).max(1).optional(), ...paging }),
        input,
      );
      requireStore(req.IdentityStoreId);
      const f = req.Filters?.[0];
      if (f && f.AttributePath !== 'UserName') {
        throw new AwsError('ValidationException', `Filtering on ${f.AttributePath} is not supported.`);
      }
      const all = f ? dir.users.filter((u) => u.userName === f.AttributeValue) : dir.users;
      const p = page(all, req, `ListUsers#${f?.AttributeValue ?? ''}`, ctx.pageSize);
      return { Users: p.items.map(user), NextToken: p.nextToken };
    },

    GetGroupId(input) {
      const req = parseInput(
        z.object({ IdentityStoreId: storeId, AlternateIdentifier: alternateIdentifier }),
        input,
      );
      requireStore(req.IdentityStoreId);
      const attr = req.AlternateIdentifier.UniqueAttribute;
      if (!attr) throw notFound('GROUP', req.AlternateIdentifier.ExternalId?.Id ?? '');
      if (attr.AttributePath !== 'displayName') {
        throw new AwsError(
          'ValidationException',
          `Invalid attribute path ${attr.AttributePath} for a group.`,
        );
      }
      const value = attributeValue(attr.AttributeValue);
      const found = dir.groupByName(value);
      if (!found) throw notFound('GROUP', value);
      return { IdentityStoreId: dir.identityStoreId, GroupId: found.groupId };
    },

    DescribeGroup(input) {
      const req = parseInput(z.object({ IdentityStoreId: storeId, GroupId: resourceId }), input);
      requireStore(req.IdentityStoreId);
      return group(requireGroup(req.GroupId));
    },

    ListGroups(input) {
      const req = parseInput(z.object({ IdentityStoreId: storeId, ...paging }), input);
      requireStore(req.IdentityStoreId);
      const p = page(dir.groups, req, 'ListGroups', ctx.pageSize);
      return { Groups: p.items.map(group), NextToken: p.nextToken };
    },

    CreateGroup(input) {
      const req = parseInput(
        z.object({
          IdentityStoreId: storeId,
          DisplayName: z.string().min(1).max(1024).optional(),
          Description: z.string().min(1).max(1024).optional(),
        }),
        input,
      );
      requireStore(req.IdentityStoreId);
      if (req.DisplayName !== undefined && dir.groupByName(req.DisplayName)) throw duplicateName();
      const created = dir.addGroup(req.DisplayName ?? '', req.Description);
      return { GroupId: created.groupId, IdentityStoreId: dir.identityStoreId };
    },

    UpdateGroup(input) {
      const operation = z.object({ AttributePath: z.string().min(1).max(255), AttributeValue: z.unknown() });
      const req = parseInput(
        z.object({
          IdentityStoreId: storeId,
          GroupId: resourceId,
          Operations: z.array(operation).min(1).max(100),
        }),
        input,
      );
      requireStore(req.IdentityStoreId);
      const found = requireGroup(req.GroupId);
      const changes: Partial<SimGroup> = {};
      for (const op of req.Operations) {
        if (op.AttributePath === 'displayName') changes.displayName = attributeValue(op.AttributeValue);
        else if (op.AttributePath === 'description') changes.description = attributeValue(op.AttributeValue);
        else
          throw new AwsError(
            'ValidationException',
            `Invalid attribute path ${op.AttributePath} for a group.`,
          );
      }
      const taken = changes.displayName !== undefined && dir.groupByName(changes.displayName);
      if (taken && taken.groupId !== found.groupId) throw duplicateName();
      Object.assign(found, changes);
      return {};
    },

    DeleteGroup(input) {
      const req = parseInput(z.object({ IdentityStoreId: storeId, GroupId: resourceId }), input);
      requireStore(req.IdentityStoreId);
      if (!dir.deleteGroup(req.GroupId)) throw notFound('GROUP', req.GroupId);
      return {};
    },

    CreateGroupMembership(input) {
      const req = parseInput(
        z.object({ IdentityStoreId: storeId, GroupId: resourceId, MemberId: memberId }),
        input,
      );
      requireStore(req.IdentityStoreId);
      requireGroup(req.GroupId);
      requireUser(req.MemberId.UserId);
      if (dir.membershipOf(req.GroupId, req.MemberId.UserId)) {
        throw new AwsError('ConflictException', 'Member is already in the group.', {
          Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION',
        });
      }
      const created = dir.addMembership(req.GroupId, req.MemberId.UserId);
      return { MembershipId: created.membershipId, IdentityStoreId: dir.identityStoreId };
    },

    DeleteGroupMembership(input) {
      const req = parseInput(z.object({ IdentityStoreId: storeId, MembershipId: resourceId }), input);
      requireStore(req.IdentityStoreId);
      if (!dir.memberships.delete(req.MembershipId)) throw notFound('GROUP_MEMBERSHIP', req.MembershipId);
      return {};
    },

    DescribeGroupMembership(input) {
      const req = parseInput(z.object({ IdentityStoreId: storeId, MembershipId: resourceId }), input);
      requireStore(req.IdentityStoreId);
      const found = dir.memberships.get(req.MembershipId);
      if (!found) throw notFound('GROUP_MEMBERSHIP', req.MembershipId);
      return membership(found);
    },

    GetGroupMembershipId(input) {
      const req = parseInput(
        z.object({ IdentityStoreId: storeId, GroupId: resourceId, MemberId: memberId }),
        input,
      );
      requireStore(req.IdentityStoreId);
      const found = dir.membershipOf(req.GroupId, req.MemberId.UserId);
      if (!found) throw notFound('GROUP_MEMBERSHIP', `${req.GroupId}/${req.MemberId.UserId}`);
      return { MembershipId: found.membershipId, IdentityStoreId: dir.identityStoreId };
    },

    IsMemberInGroups(input) {
      const req = parseInput(
        z.object({
          IdentityStoreId: storeId,
          MemberId: memberId,
          GroupIds: z.array(resourceId).min(1).max(100),
        }),
        input,
      );
      requireStore(req.IdentityStoreId);
      return {
        Results: req.GroupIds.map((groupId) => ({
          GroupId: groupId,
          MemberId: req.MemberId,
          MembershipExists: dir.membershipOf(groupId, req.MemberId.UserId) !== undefined,
        })),
      };
    },

    ListGroupMemberships(input) {
      const req = parseInput(z.object({ IdentityStoreId: storeId, GroupId: resourceId, ...paging }), input);
      requireStore(req.IdentityStoreId);
      requireGroup(req.GroupId);
      const p = page(dir.membersOf(req.GroupId), req, `ListGroupMemberships#${req.GroupId}`, ctx.pageSize);
      return { GroupMemberships: p.items.map(membership), NextToken: p.nextToken };
    },
  };
}

/** A display name is unique in an identity store. */
function duplicateName(): AwsError {
  return new AwsError('ConflictException', 'Duplicate GroupDisplayName', {
    Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION',
  });
}

function throwError(error: AwsError): never {
  throw error;
}
