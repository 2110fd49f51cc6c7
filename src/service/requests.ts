// Asking for access: every check a person can fail is made before anything is stored or posted.

import { type Entitlement, grantTargets, type Target } from '../core/entitlement.js';
import { AlreadyHeld, VersionConflict } from '../core/errors.js';
import type { Grant } from '../core/grant.js';
import { newGrantId } from '../core/ids.js';
import { request } from '../core/lifecycle.js';
import { assertMayRequest } from '../core/policy.js';
import {
  assertReasonAccepted,
  assertUnderGrantCap,
  normaliseReason,
  OPEN_STATES,
  parseRequestDuration,
} from '../core/request-input.js';
import { assertStartAccepted, resolveStart, type StartSpec } from '../core/start-time.js';
import { resolveAccounts } from './accounts.js';
import { autoApproval } from './auto-approval.js';
import type { ServiceDeps } from './deps.js';
import { assertNotHeld, identityCenterUserOf } from './identity.js';

export interface RequestInput {
  requester: string;
  entitlementId: string;
  duration: string;
  reason: string | undefined;
  /** When access should begin (`at …` / `in …`); absent = at approval. */
  start?: StartSpec;
  /** Some of a several-account entitlement's accounts, by id or name; absent = all of them. */
  accounts?: string[];
}

/** The entitlements this person may ask for, for the modal and for "did you mean". */
export async function requestableBy(deps: ServiceDeps, userId: string): Promise<Entitlement[]> {
  const allowed = await Promise.all(
    deps.catalogue.entitlements.map(async (e) =>
      (await deps.directory.mayRequest(userId, e)) ? e : undefined,
    ),
  );
  return allowed.filter((e): e is Entitlement => e !== undefined);
}

/**
 * Validates and records a request, posts its message, and (when no approval is needed) starts provisioning.
 * Throws a typed error, with nothing stored, when the person may not ask or asked for something wrong.
 */
export async function createRequest(deps: ServiceDeps, input: RequestInput): Promise<Grant> {
  const requestable = await requestableBy(deps, input.requester);
  const entitlement = deps.catalogue.get(input.entitlementId, requestable);
  assertMayRequest(entitlement, requestable.includes(entitlement));
  const durationSec = parseRequestDuration(entitlement, input.duration);
  const reason = normaliseReason(input.reason);
  assertReasonAccepted(entitlement, reason);
  const startAt = await startOf(deps, input);
  const id = newGrantId(deps.random);
  await reserveOpenGrant(deps, input.requester, id);

  // Until the message is posted, whatever refuses the request takes back its place under the cap.
  const { draft, event, where } = await (async () => {
    const accounts = await resolveAccounts(deps.organizations, entitlement, input.accounts);
    const principalId = await identityCenterUserOf(deps.directory, deps.identityCenter, input.requester);
    await assertNotHeldEverywhere(deps, principalId, grantTargets({ target: entitlement.target, accounts }));
    const requested = request({
      id,
      entitlement,
      requester: input.requester,
      durationSec,
      reason,
      now: deps.clock.now(),
      ...(startAt !== undefined && { startAt }),
      ...(accounts !== undefined && { accounts }),
    });
    // On call now (PagerDuty) → approved at once; otherwise the reason joins the record and the thread.
    const { grant, event } = await autoApproval(deps, entitlement, requested);
    // The message goes out before the grant is stored, so the stored grant always knows its message and
    // a click or reaction on it always finds the grant. If Slack refuses the post, nothing is stored.
    const draft = { ...grant, aws: { principalId } };
    return { draft, event, where: await deps.notifier.postRequest(draft, 'request') };
  })().catch(async (error: unknown) => {
    await releaseOpenGrant(deps, input.requester, id);
    throw error;
  });
  const created = { ...draft, channel: where.channel, messageTs: where.ts };
  await deps.store.linkMessage(where.channel, where.ts, { grantId: created.id, purpose: 'request' });
  await deps.store.create(created);
  deps.log.info(
    { grantId: created.id, entitlement: entitlement.id, state: created.state },
    'request created',
  );
  // A request that needs no approval is approved as it is made: its thread says so, on the record.
  await deps.notifier.notify(
    created,
    event && event.action !== 'requested'
      ? { kind: 'transition', event }
      : { kind: 'posted', purpose: 'request' },
  );
  // A scheduled grant is handed over too: nothing is done before its start, but the worker learns when it is.
  if (created.state === 'approved' || created.state === 'scheduled')
    await deps.dispatcher.dispatch({ kind: 'provision', grantId: created.id });
  return created;
}

/** The start asked for, read in the requester's Slack time zone; refused in the past or beyond the lead time. */
async function startOf(deps: ServiceDeps, input: RequestInput): Promise<number | undefined> {
  if (!input.start) return undefined;
  const now = deps.clock.now();
  const timeZone = input.start.kind === 'at' ? await deps.directory.timeZone(input.requester) : undefined;
  const startAt = resolveStart(input.start, now, timeZone ?? 'UTC');
  assertStartAccepted(
    startAt,
    now,
    deps.catalogue.limits.maxLeadTimeSec,
    `${input.start.kind} ${input.start.text}`,
  );
  return startAt;
}

/**
 * Refuses access the person already holds. On several accounts, standing access is judged per account:
 * accounts held already are left as they are and the rest granted; only when every one is held is there
 * nothing to ask for.
 */
async function assertNotHeldEverywhere(deps: ServiceDeps, principalId: string, targets: Target[]) {
  if (targets.length === 1) {
    const target = await deps.identityCenter.resolveTarget(targets[0]!);
    return assertNotHeld(deps.store, deps.identityCenter, principalId, target);
  }
  let lastRefusal: unknown;
  for (const one of targets) {
    try {
      await assertNotHeld(
        deps.store,
        deps.identityCenter,
        principalId,
        await deps.identityCenter.resolveTarget(one),
      );
      return;
    } catch (error) {
      if (!(error instanceof AlreadyHeld)) throw error;
      lastRefusal = error;
    }
  }
  throw lastRefusal;
}

/** How long a request counts against the cap from its own record, before the open-grant index shows it. */
const RECENT_MS = 60_000;
const RESERVE_ATTEMPTS = 8;

/**
 * Refuses a person who already has as many open grants as one may have (`defaults.maxActivePerPerson`),
 * and otherwise records this request among theirs. Open grants are read from an index that can lag a write,
 * so two requests at once would each miss the other there; each request is also written to the person's
 * own item by a conditional write, so the second sees the first, and a request of the last minute counts
 * until the index shows it, or it has ended. One never stored (its post refused, a crash) counts until then.
 */
async function reserveOpenGrant(deps: ServiceDeps, requester: string, grantId: string): Promise<void> {
  if (deps.catalogue.limits.maxActivePerPerson === undefined) return;
  for (let attempt = 1; attempt <= RESERVE_ATTEMPTS; attempt++) {
    const now = deps.clock.now();
    const recent = await deps.store.getRecentRequests(requester);
    const kept = (recent?.requests ?? []).filter((r) => now - r.at < RECENT_MS && r.grantId !== grantId);
    const open = (await deps.store.openOf(requester)).filter((g) => OPEN_STATES.includes(g.state));
    let beingMade = 0;
    for (const r of kept) {
      if (open.some((g) => g.id === r.grantId)) continue;
      const grant = await deps.store.get(r.grantId);
      if (!grant) beingMade++;
      else if (OPEN_STATES.includes(grant.state)) open.push(grant);
    }
    assertUnderGrantCap(deps.catalogue.limits, open, beingMade);
    try {
      await deps.store.saveRecentRequests(
        { requester, requests: [...kept, { grantId, at: now }], version: recent?.version ?? 0 },
        recent?.version ?? 0,
      );
      return;
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  throw new Error(`could not record the request of ${requester} after ${RESERVE_ATTEMPTS} attempts`);
}

/** Takes back a request that was never stored, so that it does not count against the cap. */
async function releaseOpenGrant(deps: ServiceDeps, requester: string, grantId: string): Promise<void> {
  if (deps.catalogue.limits.maxActivePerPerson === undefined) return;
  for (let attempt = 1; attempt <= RESERVE_ATTEMPTS; attempt++) {
    const recent = await deps.store.getRecentRequests(requester);
    if (!recent?.requests.some((r) => r.grantId === grantId)) return;
    const requests = recent.requests.filter((r) => r.grantId !== grantId);
    try {
      await deps.store.saveRecentRequests({ ...recent, requests }, recent.version);
      return;
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  deps.log.warn({ requester, grantId }, 'a request never stored still counts against the cap for a minute');
}
