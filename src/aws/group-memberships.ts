// Group targets through the identity store: membership is created and removed at once (no asynchronous
// status), and a duplicate is answered with ConflictException, which means the access is already there.

import {
  CreateGroupMembershipCommand,
  DeleteGroupMembershipCommand,
  DescribeGroupMembershipCommand,
  GetGroupMembershipIdCommand,
  type IdentitystoreClient,
  IsMemberInGroupsCommand,
  paginateListGroupMemberships,
} from '@aws-sdk/client-identitystore';
import type { ChangeReceipt } from '../core/ports.js';
import { type BackoffOptions, backoffDelay, retrying } from './backoff.js';

export interface GroupMembershipsDeps {
  /** Paced by the Identity Center adapter: every request waits for its turn under the quota. */
  client: IdentitystoreClient;
  identityStoreId: string;
  backoff: BackoffOptions;
  isConflict: (error: unknown) => boolean;
  isNotFound: (error: unknown) => boolean;
}

export class GroupMemberships {
  constructor(private readonly deps: GroupMembershipsDeps) {}

  async isMember(userId: string, groupId: string): Promise<boolean> {
    const answer = await this.deps.client.send(
      new IsMemberInGroupsCommand({
        IdentityStoreId: this.deps.identityStoreId,
        MemberId: { UserId: userId },
        GroupIds: [groupId],
      }),
    );
    return answer.Results?.some((r) => r.GroupId === groupId && r.MembershipExists === true) ?? false;
  }

  async members(groupId: string): Promise<string[]> {
    const members: string[] = [];
    const pages = paginateListGroupMemberships(
      { client: this.deps.client },
      { IdentityStoreId: this.deps.identityStoreId, GroupId: groupId },
    );
    for await (const page of pages) {
      for (const m of page.GroupMemberships ?? []) if (m.MemberId?.UserId) members.push(m.MemberId.UserId);
    }
    return members;
  }

  async add(userId: string, groupId: string): Promise<ChangeReceipt> {
    const { backoff } = this.deps;
    for (let attempt = 0; ; attempt++) {
      try {
        const created = await this.deps.client.send(
          new CreateGroupMembershipCommand({
            IdentityStoreId: this.deps.identityStoreId,
            GroupId: groupId,
            MemberId: { UserId: userId },
          }),
        );
        return { awsRequestId: created.$metadata.requestId, membershipId: created.MembershipId };
      } catch (error) {
        if (!this.deps.isConflict(error)) throw error;
        // Conflict is how the store says the membership exists; if it does not, it was a concurrent change.
        const existing = await this.membershipId(userId, groupId);
        if (existing !== undefined) return { membershipId: existing };
        if (attempt + 1 >= backoff.attempts) throw error;
        await backoff.sleep(backoffDelay(attempt, backoff.baseMs, backoff.maxMs, backoff.random));
      }
    }
  }

  /** Removes the membership; nothing to do when it is already gone. */
  async remove(userId: string, groupId: string, knownId?: string): Promise<ChangeReceipt> {
    const membershipId =
      (knownId !== undefined ? await this.confirm(knownId, userId, groupId) : undefined) ??
      (await this.membershipId(userId, groupId));
    if (membershipId === undefined) return {};
    const deleted = await retrying(
      () =>
        this.deps.client.send(
          new DeleteGroupMembershipCommand({
            IdentityStoreId: this.deps.identityStoreId,
            MembershipId: membershipId,
          }),
        ),
      this.deps.isConflict,
      this.deps.backoff,
    ).catch((error: unknown) => this.absent(error));
    return { awsRequestId: deleted?.$metadata.requestId, membershipId };
  }

  async membershipId(userId: string, groupId: string): Promise<string | undefined> {
    const found = await this.deps.client
      .send(
        new GetGroupMembershipIdCommand({
          IdentityStoreId: this.deps.identityStoreId,
          GroupId: groupId,
          MemberId: { UserId: userId },
        }),
      )
      .catch((error: unknown) => this.absent(error));
    return found?.MembershipId;
  }

  /** The given membership id, if it still names this user in this group (ids change on re-adding). */
  private async confirm(id: string, userId: string, groupId: string): Promise<string | undefined> {
    const found = await this.deps.client
      .send(
        new DescribeGroupMembershipCommand({ IdentityStoreId: this.deps.identityStoreId, MembershipId: id }),
      )
      .catch((error: unknown) => this.absent(error));
    return found?.GroupId === groupId && found.MemberId?.UserId === userId ? id : undefined;
  }

  private absent(error: unknown): undefined {
    if (this.deps.isNotFound(error)) return undefined;
    throw error;
  }
}
