// Joining and leaving the per-person, per-target holding record around the AWS calls, each step a
// conditional write, so that concurrent grants and crashes at any point keep standing access and
// overlapping grants safe.

import pLimit from 'p-limit';
import { LatchkeyError, VersionConflict } from '../core/errors.js';
import type { HeldAccess } from '../core/grant.js';
import { join, leave, resolvedKey } from '../core/holding.js';
import type { GrantStore, IdentityCenter, ResolvedTarget } from '../core/ports.js';

const ATTEMPTS = 8;

export class HoldingBusy extends LatchkeyError {
  readonly code = 'holding_busy';
  constructor(readonly releasingGrantId: string) {
    super(`the access is being removed for ${releasingGrantId}; trying again shortly`);
  }
}

export interface Joined {
  /** Other grants holding the same access. */
  sharedWith: string[];
  /** The person had the access before any grant: Latchkey never calls AWS to add or remove it. */
  preExisting: boolean;
}

/** Records that `grantId` holds the access (before AWS is asked), learning whether the person already had it. */
export async function joinHolding(
  store: GrantStore,
  identityCenter: IdentityCenter,
  principalId: string,
  target: ResolvedTarget,
  grantId: string,
): Promise<Joined> {
  const key = resolvedKey(target);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const holding = await store.getHolding(principalId, key);
    if (!holding) {
      // No record means no Latchkey grant holds it: whatever AWS shows now is the person's own access.
      const preExisting = await identityCenter.holds(principalId, target);
      const created = await store.createHolding({
        principalId,
        targetKey: key,
        holders: [grantId],
        preExisting,
      });
      if (created) return { sharedWith: [], preExisting };
      continue;
    }
    const outcome = join(holding, grantId);
    if (outcome.kind === 'busy') throw new HoldingBusy(outcome.releasing);
    if (!outcome.next) return { sharedWith: outcome.sharedWith, preExisting: outcome.preExisting };
    try {
      await store.saveHolding(outcome.next, holding.version);
      return { sharedWith: outcome.sharedWith, preExisting: outcome.preExisting };
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  throw new Error(`could not record the holding of ${key} after ${ATTEMPTS} attempts`);
}

export interface LeaveOptions {
  removeInAws: boolean;
  membershipId?: string;
  /**
   * The access may never have been added (provisioning ended before AWS confirmed it): ask whether it is
   * there before removing it, so nothing is sent for what was never made.
   */
  askFirst?: boolean;
  checkpoint?: (step: 'revoke:releasing' | 'revoke:aws-removed') => void;
}

export interface Left {
  /** AWS was asked to remove the access (and confirmed it). */
  removed: boolean;
  awsRequestId?: string;
  detail: string;
}

/**
 * Lets go of the access for `grantId`. When it is the last Latchkey grant on access Latchkey created, AWS
 * removes it first and only then is the record dropped; a crash in between is resumed from the record.
 * With `removeInAws: false` (a creation AWS reported FAILED) nothing is asked of AWS.
 */
export async function leaveHolding(
  store: GrantStore,
  identityCenter: IdentityCenter,
  principalId: string,
  target: ResolvedTarget,
  grantId: string,
  options: LeaveOptions = { removeInAws: true },
): Promise<Left> {
  const key = resolvedKey(target);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const holding = await store.getHolding(principalId, key);
    const outcome = leave(holding, grantId);
    try {
      switch (outcome.kind) {
        case 'gone':
          return { removed: false, detail: 'nothing left to remove' };
        case 'keep':
          if (outcome.next === 'delete') await store.deleteHolding(principalId, key, holding!.version);
          else await store.saveHolding(outcome.next, holding!.version);
          return { removed: false, detail: outcome.because };
        case 'remove-in-aws':
          await store.saveHolding(outcome.next, holding!.version);
          options.checkpoint?.('revoke:releasing');
          return await removeThenForget(
            store,
            identityCenter,
            principalId,
            target,
            options,
            options.askFirst === true,
          );
        case 'resume-removal':
          return await removeThenForget(store, identityCenter, principalId, target, options, true);
      }
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  throw new Error(`could not release the holding of ${key} after ${ATTEMPTS} attempts`);
}

async function removeThenForget(
  store: GrantStore,
  identityCenter: IdentityCenter,
  principalId: string,
  target: ResolvedTarget,
  options: LeaveOptions,
  resumed: boolean,
): Promise<Left> {
  const key = resolvedKey(target);
  const receipt = options.removeInAws
    ? await identityCenter.revoke(principalId, target, {
        resumed,
        ...(options.membershipId && { membershipId: options.membershipId }),
      })
    : {};
  if (options.removeInAws) options.checkpoint?.('revoke:aws-removed');
  const holding = await store.getHolding(principalId, key);
  if (holding) await store.deleteHolding(principalId, key, holding.version);
  return {
    removed: options.removeInAws,
    ...(receipt.awsRequestId && { awsRequestId: receipt.awsRequestId }),
    detail: options.removeInAws ? 'access removed in IAM Identity Center' : 'nothing was created in AWS',
  };
}

/** Accounts of one grant changed at once; the Identity Center adapter keeps the whole process in its quotas. */
export const ACCOUNTS_AT_ONCE = 4;

/**
 * Lets go of every piece of access a grant recorded, by the ids recorded (never by names looked up again):
 * each is removed in AWS when this grant was its last holder and the person did not have it before.
 */
export async function releaseAll(
  store: GrantStore,
  identityCenter: IdentityCenter,
  principalId: string,
  held: readonly HeldAccess[],
  grantId: string,
  options: Omit<LeaveOptions, 'membershipId'>,
): Promise<Left> {
  // Every account's access ends at once rather than one after another, and one that fails does not keep
  // the others' from being removed: the grant is retried for what is left.
  const limit = pLimit(ACCOUNTS_AT_ONCE);
  const outcomes = await Promise.allSettled(
    held.map((access) =>
      limit(() =>
        leaveHolding(store, identityCenter, principalId, access, grantId, {
          ...options,
          ...(access.kind === 'group' &&
            access.membershipId !== undefined && { membershipId: access.membershipId }),
        }),
      ),
    ),
  );
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed) throw failed.reason;
  const results = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const awsRequestId = results.findLast((r) => r.awsRequestId !== undefined)?.awsRequestId;
  return {
    removed: results.some((r) => r.removed),
    ...(awsRequestId !== undefined && { awsRequestId }),
    detail: [...new Set(results.map((r) => r.detail))].join('; ') || 'nothing left to remove',
  };
}
