// approved → provisioning → active (or failed): the person gets the access in Identity Center. Safe to run
// again at any point after a crash: the holding record says what was done, and AWS accepts a repeat.

import pLimit from 'p-limit';
import { grantTargets } from '../core/entitlement.js';
import { IllegalTransition, NoIdentityCenterUser, ProvisioningFailed } from '../core/errors.js';
import type { Grant, HeldAccess } from '../core/grant.js';
import { heldAccessOf, recordedAccess } from '../core/held.js';
import { activate, beginProvisioning, fail } from '../core/lifecycle.js';
import type { ChangeReceipt } from '../core/ports.js';
import { failedAttempt, takeLease } from './attempts.js';
import { LEASE_MS, type ServiceDeps } from './deps.js';
import { reportError } from './error-report.js';
import { ACCOUNTS_AT_ONCE, type Joined, joinHolding, releaseAll } from './holdings.js';
import { identityCenterUserOf } from './identity.js';
import { claim, mutate } from './mutate.js';

export async function provision(
  deps: ServiceDeps,
  grantId: string,
  options: { takeOver?: boolean } = {},
): Promise<void> {
  // Prepared a few grants at a time (admission.ts); the Identity Center change is paced by its own quotas.
  const prepared = await deps.admit(() => prepare(deps, grantId, options));
  if (!prepared) return;
  const { grant, started } = prepared;
  try {
    if ('error' in prepared.person) throw prepared.person.error;
    // A retry works on what the first attempt recorded, by id, whatever the names resolve to now.
    const principal = grant.aws.principalId ?? prepared.person.principalId;
    const held = [...(recordedAccess(grant) ?? [])];
    const joined: Joined[] = [];
    for (const access of held)
      joined.push(await joinHolding(deps.store, deps.identityCenter, principal, access, grant.id));
    deps.checkpoint('provision:held');
    let receipt: ChangeReceipt = {};
    if (held.length > 1) receipt = await grantEveryAccount(deps, principal, held, joined);
    for (const [i, access] of held.entries()) {
      if (held.length > 1 || joined[i]?.preExisting) continue;
      receipt = await deps.identityCenter.grant(principal, access);
      if (access.kind === 'group' && receipt.membershipId)
        held[i] = { ...access, membershipId: receipt.membershipId };
    }
    deps.checkpoint('provision:aws-granted');
    const first = held[0];
    const result = await mutate(deps.store, grant.id, (current) => {
      const t = activate(current, deps.clock.now(), receipt.awsRequestId, sharingNote(joined));
      return {
        ...t,
        grant: {
          ...t.grant,
          aws: {
            ...t.grant.aws,
            principalId: principal,
            held,
            ...(first && {
              resolvedTarget: first.kind === 'permissionSet' ? first.permissionSetArn : first.groupId,
            }),
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
    // Someone else moved the grant on (a lease taken over): the work is theirs now.
    if (error instanceof IllegalTransition) return;
    if (error instanceof ProvisioningFailed || error instanceof NoIdentityCenterUser) {
      await failWithoutAccess(deps, grant.id, error);
      return;
    }
    await failedAttempt(deps, grant.id, error);
  }
}

interface Prepared {
  grant: Grant;
  /** Slack being told that provisioning started; awaited before anything else is said about the grant. */
  started: Promise<void>;
  /** The person's Identity Center user, with the targets recorded; or what stopped that. */
  person: { principalId: string } | { error: unknown };
}

/**
 * The steps before the Identity Center change: the grant claimed (or its lease taken), the person's user
 * looked up and the targets recorded. `undefined` when the grant is not this worker's to provision.
 */
async function prepare(
  deps: ServiceDeps,
  grantId: string,
  options: { takeOver?: boolean },
): Promise<Prepared | undefined> {
  let grant = await deps.store.get(grantId);
  if (!grant) return undefined;
  // Telling Slack that provisioning started takes a few Web API calls: they run beside the AWS work
  // rather than before it.
  let started: Promise<void> = Promise.resolve();
  if (grant.state === 'approved') {
    const now = deps.clock.now();
    const began = beginProvisioning(grant, now);
    const claimed = await claim(deps.store, grant, { ...began.grant, nextAttemptAt: now + LEASE_MS });
    if (!claimed) return undefined;
    grant = claimed;
    if (began.event) started = deps.notifier.notify(claimed, { kind: 'transition', event: began.event });
  } else if (grant.state === 'provisioning') {
    grant = await takeLease(deps, grant, options.takeOver);
    if (!grant) return undefined;
  } else {
    return undefined;
  }

  deps.checkpoint('provision:claimed');
  try {
    const principalId = await identityCenterUserOf(deps.directory, deps.identityCenter, grant.requester);
    grant = await recordTargets(deps, grant, principalId);
    return { grant, started, person: { principalId } };
  } catch (error) {
    return { grant, started, person: { error } };
  }
}

/**
 * Records the person and the target's ids on the grant before anything is asked of AWS, so whatever ends the
 * grant later removes exactly what may have been added. A retry keeps what the first attempt recorded.
 */
async function recordTargets(deps: ServiceDeps, grant: Grant, principalId: string): Promise<Grant> {
  if (grant.aws.principalId !== undefined && recordedAccess(grant)) return grant;
  // One entry per account of a grant on several accounts: each is held, granted and removed on its own.
  const held: HeldAccess[] = [];
  for (const target of grantTargets(grant))
    held.push(heldAccessOf(await deps.identityCenter.resolveTarget(target)));
  const result = await mutate(deps.store, grant.id, (current) => {
    if (current.state !== 'provisioning')
      throw new IllegalTransition(current.id, current.state, 'provisioned');
    if (current.aws.principalId !== undefined && recordedAccess(current)) return current;
    return { ...current, aws: { ...current.aws, principalId, held } };
  });
  return result.grant;
}

/**
 * Provisioning cannot go on (Identity Center reported FAILED, the person's user is gone or disabled): the
 * access an earlier attempt may have added is removed first (standing and shared access kept), and only then
 * is the grant failed. A removal that fails leaves the grant in provisioning, to be tried again.
 */
async function failWithoutAccess(
  deps: ServiceDeps,
  grantId: string,
  error: ProvisioningFailed | NoIdentityCenterUser,
): Promise<void> {
  const current = await deps.store.get(grantId);
  if (current?.state !== 'provisioning') return;
  const principalId = current.aws.principalId;
  const held = recordedAccess(current);
  if (principalId !== undefined && held) {
    try {
      await releaseAll(deps.store, deps.identityCenter, principalId, held, grantId, {
        removeInAws: true,
        askFirst: true,
      });
    } catch (removal) {
      await failedAttempt(deps, grantId, removal);
      return;
    }
  }
  const reason = error instanceof ProvisioningFailed ? error.reason : error.message;
  const awsRequestId = error instanceof ProvisioningFailed ? error.awsRequestId : undefined;
  // AWS's reason may name roles and accounts: it goes to the logs and the audit trail, Slack gets a reference.
  const logged = reportError(deps, error, { grantId, reason }, 'warn', 'provisioning failed');
  const report =
    error instanceof ProvisioningFailed
      ? { ...logged, ...(error.accounts && { accounts: error.accounts }) }
      : undefined;
  const result = await mutate(deps.store, grantId, (g) =>
    fail(g, reason, deps.clock.now(), awsRequestId, report),
  );
  if (result.event) await deps.notifier.notify(result.grant, { kind: 'transition', event: result.event });
}

function sharingNote(joined: Joined[]): string | undefined {
  if (joined.some((j) => j.preExisting))
    return 'the person already held this access; it will be left in place when the grant ends';
  const shared = [...new Set(joined.flatMap((j) => j.sharedWith))];
  if (shared.length > 0) return `also held through ${shared.join(', ')}; it stays until the last ends`;
  return undefined;
}

/**
 * Grants every account of a grant on several accounts, all or nothing: when Identity Center refuses any of
 * them, a `ProvisioningFailed` names each account's outcome, and the caller removes what was added. A
 * passing fault (throttling, a timeout) is thrown as it is, and the whole step is tried again later.
 */
async function grantEveryAccount(
  deps: ServiceDeps,
  principalId: string,
  held: readonly HeldAccess[],
  joined: readonly Joined[],
): Promise<ChangeReceipt> {
  const outcomes: ({ ok: ChangeReceipt } | { error: unknown } | { kept: true })[] = [];
  await pLimit(ACCOUNTS_AT_ONCE).map([...held.keys()], async (i) => {
    if (joined[i]?.preExisting) {
      outcomes[i] = { kept: true };
      return;
    }
    try {
      outcomes[i] = { ok: await deps.identityCenter.grant(principalId, held[i]!) };
    } catch (error) {
      outcomes[i] = { error };
    }
  });
  const refused = outcomes.flatMap((o, i) =>
    'error' in o && o.error instanceof ProvisioningFailed ? [{ i, error: o.error }] : [],
  );
  if (refused.length > 0) {
    const where = (i: number) => {
      const access = held[i]!;
      return access.kind === 'permissionSet' ? `account ${access.accountId}` : `group ${access.groupId}`;
    };
    // Each account's outcome twice: with AWS's reason for the logs and the audit trail, without it for Slack.
    const outcome = (o: (typeof outcomes)[number], i: number, aws: boolean) => {
      if ('kept' in o) return `${where(i)}: already held before this grant, left in place`;
      if ('ok' in o) return `${where(i)}: granted, removed again`;
      if (o.error instanceof ProvisioningFailed)
        return `${where(i)}: ${aws ? o.error.reason : 'refused by Identity Center'}`;
      const why = aws ? ` (${o.error instanceof Error ? o.error.message : String(o.error)})` : '';
      return `${where(i)}: not confirmed${why}, removed if made`;
    };
    throw new ProvisioningFailed(
      `${refused.length} of ${held.length} accounts could not be granted, so none is: ${outcomes.map((o, i) => outcome(o, i, true)).join('; ')}`,
      refused[0]!.error.awsRequestId,
      {
        cause: new AggregateError(
          refused.map((r) => r.error),
          'the refusals of each account',
        ),
        accounts: outcomes.map((o, i) => outcome(o, i, false)),
      },
    );
  }
  const passing = outcomes.find((o): o is { error: unknown } => 'error' in o);
  if (passing) throw passing.error;
  return outcomes.findLast((o): o is { ok: ChangeReceipt } => 'ok' in o)?.ok ?? {};
}
