// approved → provisioning → active (or failed): the person gets the access in Identity Center. Safe to run
// again at any point after a crash: the holding record says what was done, and AWS accepts a repeat.

import { NoIdentityCenterUser, ProvisioningFailed } from '../core/errors.js';
import { activate, beginProvisioning, fail } from '../core/lifecycle.js';
import type { ResolvedTarget } from '../core/ports.js';
import { failedAttempt, takeLease } from './attempts.js';
import { LEASE_MS, type ServiceDeps } from './deps.js';
import { type Joined, joinHolding, leaveHolding } from './holdings.js';
import { identityCenterUserOf } from './identity.js';
import { claim, mutate } from './mutate.js';

export async function provision(
  deps: ServiceDeps,
  grantId: string,
  options: { takeOver?: boolean } = {},
): Promise<void> {
  const found = await deps.store.get(grantId);
  if (!found) return;
  let grant = found;
  // Telling Slack that provisioning started takes a few Web API calls: they run beside the AWS work
  // rather than before it, and are awaited before anything else is said about the grant.
  let started: Promise<void> = Promise.resolve();
  if (grant.state === 'approved') {
    const now = deps.clock.now();
    const began = beginProvisioning(grant, now);
    const claimed = await claim(deps.store, grant, { ...began.grant, nextAttemptAt: now + LEASE_MS });
    if (!claimed) return;
    grant = claimed;
    if (began.event) started = deps.notifier.notify(claimed, { kind: 'transition', event: began.event });
  } else if (grant.state === 'provisioning') {
    const leased = await takeLease(deps, grant, options.takeOver);
    if (!leased) return;
    grant = leased;
  } else {
    return;
  }

  deps.checkpoint('provision:claimed');
  let principalId = grant.aws.principalId;
  let target: ResolvedTarget | undefined;
  try {
    principalId = await identityCenterUserOf(deps.directory, deps.identityCenter, grant.requester);
    target = await deps.identityCenter.resolveTarget(grant.target);
    const joined = await joinHolding(deps.store, deps.identityCenter, principalId, target, grant.id);
    deps.checkpoint('provision:held');
    const receipt = joined.preExisting ? {} : await deps.identityCenter.grant(principalId, target);
    deps.checkpoint('provision:aws-granted');
    const resolved = target.kind === 'permissionSet' ? target.permissionSetArn : target.groupId;
    const result = await mutate(deps.store, grant.id, (current) => {
      const t = activate(current, deps.clock.now(), receipt.awsRequestId, sharingNote(joined));
      return {
        ...t,
        grant: {
          ...t.grant,
          aws: {
            ...t.grant.aws,
            principalId,
            resolvedTarget: resolved,
            ...(receipt.awsRequestId && { creationRequestId: receipt.awsRequestId }),
            ...(receipt.membershipId && { membershipId: receipt.membershipId }),
          },
        },
      };
    });
    deps.log.info({ grantId, expiresAt: result.grant.expiresAt }, 'grant active');
    await started;
    if (result.event) await deps.notifier.notify(result.grant, { kind: 'transition', event: result.event });
  } catch (error) {
    await started;
    if (error instanceof ProvisioningFailed || error instanceof NoIdentityCenterUser) {
      if (principalId && target) {
        await leaveHolding(deps.store, deps.identityCenter, principalId, target, grant.id, {
          removeInAws: false,
        });
      }
      const reason = error instanceof ProvisioningFailed ? error.reason : error.message;
      const awsRequestId = error instanceof ProvisioningFailed ? error.awsRequestId : undefined;
      const result = await mutate(deps.store, grant.id, (current) =>
        fail(current, reason, deps.clock.now(), awsRequestId),
      );
      deps.log.warn({ grantId, reason }, 'provisioning failed');
      if (result.event) await deps.notifier.notify(result.grant, { kind: 'transition', event: result.event });
      return;
    }
    await failedAttempt(deps, grant.id, error);
  }
}

function sharingNote(joined: Joined): string | undefined {
  if (joined.preExisting)
    return 'the person already held this access; it will be left in place when the grant ends';
  if (joined.sharedWith.length > 0)
    return `also held through ${joined.sharedWith.join(', ')}; it stays until the last ends`;
  return undefined;
}
