// Account assignments through sso-admin: creation and deletion are asynchronous, so each change holds one
// of the in-flight slots from its request until Identity Center reports SUCCEEDED or FAILED. Changes in
// flight are confirmed together, by one status listing per look (see operation-watcher.ts).

import {
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  paginateListAccountAssignments,
  paginateListAccountAssignmentsForPrincipal,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { ProvisioningFailed, ProvisioningPending } from '../core/errors.js';
import type { Clock, ResolvedTarget } from '../core/ports.js';
import { type BackoffOptions, retrying } from './backoff.js';
import { type OperationStatus, OperationWatcher, type PollOptions } from './operation-watcher.js';
import { PAGE, PresenceChecks } from './presence-checks.js';
import type { IdentityCenterLimiter } from './rate-limiter.js';

export type { PollOptions } from './operation-watcher.js';

export interface AccountAssignmentsDeps {
  /** Paced by the Identity Center adapter: every request waits for its turn under the request rate. */
  client: SSOAdminClient;
  instanceArn: string;
  limiter: IdentityCenterLimiter;
  backoff: BackoffOptions;
  clock: Clock;
  poll: PollOptions;
  isConflict: (error: unknown) => boolean;
  isNotFound: (error: unknown) => boolean;
  isAccessDenied: (error: unknown) => boolean;
}

type PermissionSetTarget = Extract<ResolvedTarget, { kind: 'permissionSet' }>;

/** A page of statuses is at most this long; operations in flight are far fewer (AWS allows 15). */
const STATUS_PAGE = 100;

export class AccountAssignments {
  /** Whether a status listing was refused once (a role without it): operations are then asked about alone. */
  private statusListRefused = false;
  private readonly creations: OperationWatcher;
  private readonly deletions: OperationWatcher;
  private readonly presence: PresenceChecks;

  constructor(private readonly deps: AccountAssignmentsDeps) {
    const { clock, poll } = deps;
    this.presence = new PresenceChecks({
      ownAssignment: (principalId, accountId, permissionSetArn) =>
        this.assignedToPrincipal(principalId, accountId, permissionSetArn),
      holderPage: (accountId, permissionSetArn, nextToken) =>
        deps.client
          .send(
            new ListAccountAssignmentsCommand({
              InstanceArn: deps.instanceArn,
              AccountId: accountId,
              PermissionSetArn: permissionSetArn,
              MaxResults: PAGE,
              ...(nextToken !== undefined && { NextToken: nextToken }),
            }),
          )
          .then((r) => ({
            principals: (r.AccountAssignments ?? []).flatMap((a) =>
              a.PrincipalId && a.PrincipalType ? [{ type: a.PrincipalType, id: a.PrincipalId }] : [],
            ),
            nextToken: r.NextToken,
          })),
      // AWS answers this listing only in the management account: a delegated administrator (or an
      // endpoint without it) asks the permission set's holders instead, from then on.
      refused: deps.isAccessDenied,
      idle: () => deps.limiter.assignments.inUse < deps.limiter.assignments.limit,
      clock,
      sleep: deps.backoff.sleep,
    });
    const sleep = deps.backoff.sleep;
    const instance = { InstanceArn: deps.instanceArn };
    const turnMs = () => 1000 / deps.limiter.ssoAdmin.ratePerSec;
    this.creations = new OperationWatcher({
      clock,
      sleep,
      poll,
      turnMs,
      list: () =>
        this.statusList(() =>
          deps.client
            .send(new ListAccountAssignmentCreationStatusCommand({ ...instance, MaxResults: STATUS_PAGE }))
            .then((r) => r.AccountAssignmentsCreationStatus ?? []),
        ),
      describe: (id) =>
        deps.client
          .send(
            new DescribeAccountAssignmentCreationStatusCommand({
              ...instance,
              AccountAssignmentCreationRequestId: id,
            }),
          )
          .then(
            (r) => r.AccountAssignmentCreationStatus,
            (error: unknown) => this.unknownYet(error),
          ),
    });
    this.deletions = new OperationWatcher({
      clock,
      sleep,
      poll,
      turnMs,
      list: () =>
        this.statusList(() =>
          deps.client
            .send(new ListAccountAssignmentDeletionStatusCommand({ ...instance, MaxResults: STATUS_PAGE }))
            .then((r) => r.AccountAssignmentsDeletionStatus ?? []),
        ),
      describe: (id) =>
        deps.client
          .send(
            new DescribeAccountAssignmentDeletionStatusCommand({
              ...instance,
              AccountAssignmentDeletionRequestId: id,
            }),
          )
          .then(
            (r) => r.AccountAssignmentDeletionStatus,
            (error: unknown) => this.unknownYet(error),
          ),
    });
  }

  /** How long assignment changes have been seen to take. */
  get expectedProvisioningMs(): number {
    return this.creations.expectedMs;
  }

  /** An empty page once the listing is refused: every operation due is then asked about on its own. */
  private async statusList(list: () => Promise<OperationStatus[]>): Promise<OperationStatus[]> {
    if (this.statusListRefused) return [];
    try {
      return await list();
    } catch (error) {
      if (!this.deps.isAccessDenied(error)) throw error;
      this.statusListRefused = true;
      return [];
    }
  }

  /** A request id only just issued may not be visible yet: not found means "ask again". */
  private unknownYet(error: unknown): undefined {
    if (this.deps.isNotFound(error)) return undefined;
    throw error;
  }

  /** Every principal assigned the permission set on the account. */
  async principals(accountId: string, permissionSetArn: string): Promise<{ type: string; id: string }[]> {
    const found: { type: string; id: string }[] = [];
    const pages = paginateListAccountAssignments(
      { client: this.deps.client },
      { InstanceArn: this.deps.instanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn },
    );
    for await (const page of pages) {
      for (const a of page.AccountAssignments ?? []) {
        if (a.PrincipalId && a.PrincipalType) found.push({ type: a.PrincipalType, id: a.PrincipalId });
      }
    }
    return found;
  }

  /** Whether the user holds the permission set on the account (see presence-checks.ts). */
  assigned(principalId: string, accountId: string, permissionSetArn: string): Promise<boolean> {
    return this.presence.assigned(principalId, accountId, permissionSetArn);
  }

  private async assignedToPrincipal(
    principalId: string,
    accountId: string,
    permissionSetArn: string,
  ): Promise<boolean> {
    const pages = paginateListAccountAssignmentsForPrincipal(
      { client: this.deps.client },
      {
        InstanceArn: this.deps.instanceArn,
        PrincipalId: principalId,
        PrincipalType: 'USER',
        Filter: { AccountId: accountId },
      },
    );
    for await (const page of pages) {
      const assignments = page.AccountAssignments ?? [];
      if (assignments.some((a) => a.PermissionSetArn === permissionSetArn && a.AccountId === accountId))
        return true;
    }
    return false;
  }

  /** Creates the assignment and waits for it; answers the request id. */
  async create(principalId: string, target: PermissionSetTarget): Promise<string | undefined> {
    const status = await this.deps.limiter.assignments.use(async () => {
      const started = await this.mutate(() =>
        this.deps.client.send(new CreateAccountAssignmentCommand(this.input(principalId, target))),
      );
      return this.finish(started.AccountAssignmentCreationStatus, this.creations);
    });
    if (status.Status === 'FAILED') throw failed(status);
    return status.RequestId;
  }

  /**
   * Deletes the assignment and waits for it; answers the request id. A FAILED deletion of an assignment
   * that is gone anyway (removed meanwhile by someone else) counts as done.
   */
  async delete(
    principalId: string,
    target: PermissionSetTarget,
    stillHeld: () => Promise<boolean>,
  ): Promise<string | undefined> {
    const status = await this.deps.limiter.assignments.use(async () => {
      const started = await this.mutate(() =>
        this.deps.client.send(new DeleteAccountAssignmentCommand(this.input(principalId, target))),
      ).catch(async (error: unknown) => {
        // Some answer a delete of what is not there at once, rather than with a FAILED status.
        if (this.deps.isNotFound(error) && !(await stillHeld())) return undefined;
        throw error;
      });
      if (!started) return undefined;
      return this.finish(started.AccountAssignmentDeletionStatus, this.deletions);
    });
    if (!status) return undefined;
    if (status.Status === 'FAILED' && (await stillHeld())) throw failed(status);
    return status.RequestId;
  }

  private input(principalId: string, target: PermissionSetTarget) {
    return {
      InstanceArn: this.deps.instanceArn,
      TargetId: target.accountId,
      TargetType: 'AWS_ACCOUNT' as const,
      PermissionSetArn: target.permissionSetArn,
      PrincipalType: 'USER' as const,
      PrincipalId: principalId,
    };
  }

  /** Waits until SUCCEEDED or FAILED, within the deadline. */
  private async finish(
    started: OperationStatus | undefined,
    watcher: OperationWatcher,
  ): Promise<OperationStatus> {
    if (started?.Status === 'SUCCEEDED' || started?.Status === 'FAILED') return started;
    const requestId = started?.RequestId;
    if (requestId === undefined) throw new ProvisioningPending('Identity Center returned no request id.');
    return watcher.wait(requestId, startedAt(started, this.deps.clock.now()));
  }

  /** A change Identity Center refuses while another on the same assignment runs is tried again later. */
  private mutate<T>(send: () => Promise<T>): Promise<T> {
    return retrying(send, this.deps.isConflict, this.deps.backoff);
  }
}

/** An answer read more than this after the time it gives comes from a clock that differs from ours. */
const CLOCKS_AGREE_MS = 1000;

/**
 * When Identity Center took the change on, as its answer says: a busy process reads the answer late, and
 * the first look is timed from this. The answer's arrival where the two clocks visibly disagree.
 */
function startedAt(status: OperationStatus | undefined, answeredAt: number): number {
  const created = status?.CreatedDate?.getTime();
  if (created === undefined || created > answeredAt || answeredAt - created > CLOCKS_AGREE_MS)
    return answeredAt;
  return created;
}

function failed(status: OperationStatus): ProvisioningFailed {
  return new ProvisioningFailed(status.FailureReason ?? 'no reason given', status.RequestId);
}
