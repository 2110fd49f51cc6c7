// Many grants at once without Slack round trips: requests made and approved through the grant service, as
// the Slack listeners would, provisioned by the real provisioner against the Identity Center simulator.

import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import type { Grant } from '../../src/core/grant.js';
import { decide } from '../../src/service/decisions.js';
import type { ServiceDeps } from '../../src/service/deps.js';
import { createRequest } from '../../src/service/requests.js';
import { SANDBOX_CONFIG_FILE } from './config.js';
import { eventually } from './eventually.js';

/** The sandbox config with its defaults changed: a minDuration of seconds lets grants end within a test. */
export async function sandboxConfigWith(defaults: Record<string, unknown>): Promise<string> {
  const doc = parse(await readFile(SANDBOX_CONFIG_FILE, 'utf8')) as { defaults: Record<string, unknown> };
  doc.defaults = { ...doc.defaults, ...defaults };
  return stringify(doc);
}

export interface Ask {
  requester: string;
  entitlementId: string;
}

/**
 * Every person of the sandbox organisation with every entitlement they may ask for and do not hold yet,
 * with who approves it: fifteen grants on four targets (Carol's standing ReadOnlyAccess and Dave's standing
 * BillingReaders membership are left out, since nobody may ask for what they hold).
 */
export const EVERYONE: Ask[] = [
  ...['U0ALICE', 'U0BOB', 'U0DAVE', 'U0ERIN'].map((requester) => ({
    requester,
    entitlementId: 'incident-breakglass',
  })),
  ...['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DAVE', 'U0ERIN'].map((requester) => ({
    requester,
    entitlementId: 'staging-admin',
  })),
  ...['U0ALICE', 'U0BOB', 'U0CAROL'].map((requester) => ({ requester, entitlementId: 'billing-read' })),
  ...['U0ALICE', 'U0DAVE', 'U0ERIN'].map((requester) => ({ requester, entitlementId: 'prod-admin' })),
];

/** Who approves each entitlement of the sandbox config, enough of them for its quorum. */
const APPROVERS: Record<string, (requester: string) => string[]> = {
  'incident-breakglass': () => [],
  'staging-admin': () => ['U0BOB'],
  'billing-read': () => ['U0DAVE'],
  'prod-admin': () => ['U0BOB', 'U0CAROL'],
  'prod-read': (requester) => [requester === 'U0BOB' ? 'U0CAROL' : 'U0BOB'],
};

/** Asks, approves, and answers the grant once Identity Center holds its access (it is active). */
export async function activeGrant(
  deps: ServiceDeps,
  ask: Ask,
  duration: string,
  reason = 'testing the sweeper',
): Promise<Grant> {
  const asked = await createRequest(deps, { ...ask, duration, reason });
  for (const userId of APPROVERS[ask.entitlementId]?.(ask.requester) ?? []) {
    await decide(deps, { grantId: asked.id, purpose: 'request', userId, decision: 'approve' });
  }
  return eventually(
    async () => {
      const grant = await deps.store.get(asked.id);
      return grant?.state === 'active' && grant;
    },
    { what: `${asked.id} (${ask.entitlementId} for ${ask.requester}) active`, timeoutMs: 20_000 },
  );
}

/** Many active grants, asked a few at a time. */
export async function activeGrants(
  deps: ServiceDeps,
  asks: Ask[],
  duration: string,
  atOnce = 4,
): Promise<Grant[]> {
  const grants: Grant[] = [];
  for (let i = 0; i < asks.length; i += atOnce) {
    grants.push(...(await Promise.all(asks.slice(i, i + atOnce).map((a) => activeGrant(deps, a, duration)))));
  }
  return grants;
}

/** The person's email in the sandbox organisation, for asking the simulator what they hold. */
export function emailOf(slackUserId: string): string {
  return `${slackUserId.slice(2).toLowerCase()}@example.com`;
}

/** The config text for `startSystem`: the sandbox config with grants as short as a second. */
export const shortGrantsConfig = () => sandboxConfigWith({ minDuration: '1s' });
