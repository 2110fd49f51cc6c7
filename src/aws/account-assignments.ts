// Account assignments through sso-admin: creation and deletion are asynchronous, so each change holds one
// of the in-flight slots from its request until Identity Center reports SUCCEEDED or FAILED.

import {
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { ProvisioningFailed, ProvisioningPending } from '../core/errors.js';
import type { Clock, ResolvedTarget } from '../core/ports.js';
import { type BackoffOptions, retrying } from './backoff.js';
import type { IdentityCenterLimiter } from './rate-limiter.js';

export interface PollOptions {
  /** The wait before the first status check. */
  firstMs: number;
  /** The longest wait between checks; waits double up to it. */
  maxMs: number;
  /** How long to wait in all for Identity Center to finish. */
  deadlineMs: number;
}

export interface AccountAssignmentsDeps {
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
interface OperationStatus {
  Status?: string | undefined;
  RequestId?: string | undefined;
  FailureReason?: string | undefined;
}

export class AccountAssignments {
  /** Whether ListAccountAssignmentsForPrincipal was refused once: it will be again. */
  private perPrincipalRefused = false;

  constructor(private readonly deps: AccountAssignmentsDeps) {}

  /** Every principal assigned the permission set on the account. */
  async principals(accountId: string, permissionSetArn: string): Promise<{ type: string; id: string }[]> {
    const found: { type: string; id: string }[] = [];
    let token: string | undefined;
    do {
      const next = token;
      const page = await this.call(() =>
        this.deps.client.send(
          new ListAccountAssignmentsCommand({
            InstanceArn: this.deps.instanceArn,
            AccountId: accountId,
            PermissionSetArn: permissionSetArn,
            NextToken: next,
          }),
        ),
      );
      for (const a of page.AccountAssignments ?? []) {
        if (a.PrincipalId && a.PrincipalType) found.push({ type: a.PrincipalType, id: a.PrincipalId });
      }
      token = page.NextToken;
    } while (token);
    return found;
  }

  /**
   * Whether the user holds the permission set on the account, asked of that user's own assignments.
   * Listing the permission set's holders instead would page through a list that other revocations shrink
   * at the same time, and a page token over a shrinking list can skip a holder: "not held" must never come
   * from such a skip, or a revocation would be skipped and standing access mistaken for none.
   */
  async assigned(principalId: string, accountId: string, permissionSetArn: string): Promise<boolean> {
    if (!this.perPrincipalRefused) {
      try {
        return await this.assignedToPrincipal(principalId, accountId, permissionSetArn);
      } catch (error) {
        // AWS answers this listing only in the management account: a delegated administrator (or an
        // endpoint without it) falls back to the permission set's holders, from now on.
        if (!this.deps.isAccessDenied(error)) throw error;
        this.perPrincipalRefused = true;
      }
    }
    const holders = await this.principals(accountId, permissionSetArn);
    return holders.some((p) => p.type === 'USER' && p.id === principalId);
  }

  private async assignedToPrincipal(
    principalId: string,
    accountId: string,
    permissionSetArn: string,
  ): Promise<boolean> {
    let token: string | undefined;
    do {
      const next = token;
      const page = await this.call(() =>
        this.deps.client.send(
          new ListAccountAssignmentsForPrincipalCommand({
            InstanceArn: this.deps.instanceArn,
            PrincipalId: principalId,
            PrincipalType: 'USER',
            Filter: { AccountId: accountId },
            NextToken: next,
          }),
        ),
      );
      if (
        (page.AccountAssignments ?? []).some(
          (a) => a.PermissionSetArn === permissionSetArn && a.AccountId === accountId,
        )
      ) {
        return true;
      }
      token = page.NextToken;
    } while (token);
    return false;
  }

  /** Creates the assignment and waits for it; answers the request id. */
  async create(principalId: string, target: PermissionSetTarget): Promise<string | undefined> {
    const status = await this.deps.limiter.assignments.use(async () => {
      const started = await this.mutate(() =>
        this.deps.client.send(new CreateAccountAssignmentCommand(this.input(principalId, target))),
      );
      return this.finish(started.AccountAssignmentCreationStatus, (id) =>
        this.deps.client
          .send(
            new DescribeAccountAssignmentCreationStatusCommand({
              InstanceArn: this.deps.instanceArn,
              AccountAssignmentCreationRequestId: id,
            }),
          )
          .then((r) => r.AccountAssignmentCreationStatus),
      );
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
      return this.finish(started.AccountAssignmentDeletionStatus, (id) =>
        this.deps.client
          .send(
            new DescribeAccountAssignmentDeletionStatusCommand({
              InstanceArn: this.deps.instanceArn,
              AccountAssignmentDeletionRequestId: id,
            }),
          )
          .then((r) => r.AccountAssignmentDeletionStatus),
      );
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

  /** Polls until SUCCEEDED or FAILED, waiting longer each time, within the deadline. */
  private async finish(
    started: OperationStatus | undefined,
    describe: (requestId: string) => Promise<OperationStatus | undefined>,
  ): Promise<OperationStatus> {
    const requestId = started?.RequestId;
    if (started?.Status === 'SUCCEEDED' || started?.Status === 'FAILED') return started;
    if (requestId === undefined) throw new ProvisioningPending('Identity Center returned no request id.');
    const { clock, poll } = this.deps;
    const deadline = clock.now() + poll.deadlineMs;
    for (let wait = poll.firstMs; ; wait = Math.min(wait * 2, poll.maxMs)) {
      await this.deps.backoff.sleep(wait);
      // A request id only just issued may not be visible yet: not found means "ask again".
      const status = await this.call(() => describe(requestId)).catch((error: unknown) => {
        if (this.deps.isNotFound(error)) return undefined;
        throw error;
      });
      if (status?.Status === 'SUCCEEDED' || status?.Status === 'FAILED') return status;
      if (clock.now() + Math.min(wait * 2, poll.maxMs) > deadline) {
        throw new ProvisioningPending(
          `the change was still in progress after ${Math.round(poll.deadlineMs / 1000)}s (request ${requestId}); it is safe to try again`,
          requestId,
        );
      }
    }
  }

  /** A change Identity Center refuses while another on the same assignment runs is tried again later. */
  private mutate<T>(send: () => Promise<T>): Promise<T> {
    return retrying(() => this.call(send), this.deps.isConflict, this.deps.backoff);
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    await this.deps.limiter.ssoAdminTurn();
    return send();
  }
}

function failed(status: OperationStatus): ProvisioningFailed {
  return new ProvisioningFailed(status.FailureReason ?? 'no reason given', status.RequestId);
}
