// Listings are read page by page through the SDK's paginators, and the request rate holds for every page
// and for every retry the SDK makes on its own: the pacing sits on the clients themselves. The adapter and
// the simulator share one virtual clock that moves only when the limiter waits, so the moment each request
// reached the simulator shows exactly how it was paced.

import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../../src/core/ports.js';
import type { CallRecord } from '../../src/sim/identity-center/index.js';
import {
  type IdentityCenterUnderTest,
  PRODUCTION,
  startIdentityCenter,
} from '../support/identity-center-sim.js';
import { virtualTime } from '../support/virtual-time.js';

const PEOPLE = 12;

/** Twelve people, each holding ReadOnlyAccess on production and a member of Responders; five permission sets. */
const seed = {
  instanceArn: 'arn:aws:sso:::instance/ssoins-72230f2bd1e7a1b1',
  identityStoreId: 'd-9067642ac7',
  accountId: '111111111111',
  accounts: [{ id: PRODUCTION, name: 'production' }],
  users: Array.from({ length: PEOPLE }, (_, i) => ({
    userName: `user${i}`,
    email: `user${i}@example.com`,
    displayName: `User ${i}`,
  })),
  groups: [{ displayName: 'Responders', members: Array.from({ length: PEOPLE }, (_, i) => `user${i}`) }],
  permissionSets: ['ReadOnlyAccess', 'Billing', 'Support', 'Network', 'Audit'].map((name) => ({ name })),
  assignments: Array.from({ length: PEOPLE }, (_, i) => ({
    user: `user${i}`,
    account: PRODUCTION,
    permissionSet: 'ReadOnlyAccess',
  })),
};

/** Two requests a second, two at once: the third request of a burst waits 500 ms, the fourth 1 s. */
const RATE = 2;
const INTERVAL_MS = 1000 / RATE;

/** Each request no earlier than the rate allows after the first, the first two going at once. */
function expectPaced(calls: CallRecord[]): void {
  const start = calls[0]?.at ?? 0;
  for (const [i, call] of calls.entries()) {
    expect(call.at - start).toBeGreaterThanOrEqual(Math.max(0, i - 1) * INTERVAL_MS);
  }
}

let ic: IdentityCenterUnderTest | undefined;
afterEach(async () => {
  await ic?.close();
  ic = undefined;
});

async function start() {
  const time = virtualTime({ start: 1_000_000 });
  ic = await startIdentityCenter({ sim: { seed, pageSize: 1, clock: time.clock } });
  const adapter = ic.adapter({
    clock: time.clock,
    sleep: time.sleep,
    limits: { ssoAdminPerSec: RATE, identityStorePerSecPerApi: RATE },
  });
  return { ic, adapter };
}

describe('Identity Center adapter: paged listings under the request rate', () => {
  it('reads every page of a permission set’s holders, each page waiting its turn', async () => {
    // Prepare
    const { ic, adapter } = await start();
    const target: ResolvedTarget = {
      kind: 'permissionSet',
      accountId: PRODUCTION,
      permissionSetArn: ic.sim.permissionSetArn('ReadOnlyAccess')!,
    };
    // Act
    const holders = await adapter.holders(target);
    // Assess: one holder a page, all of them found, the pages spaced at the rate.
    expect(new Set(holders)).toEqual(new Set(seed.users.map((u) => ic.sim.userId(u.userName))));
    const pages = ic.sim.callsTo('ListAccountAssignments');
    expect(pages.length).toBeGreaterThanOrEqual(PEOPLE);
    expectPaced(pages);
  });

  it('reads every page of a group’s members, each page waiting its turn under that API’s rate', async () => {
    const { ic, adapter } = await start();
    const holders = await adapter.holders({ kind: 'group', groupId: ic.sim.groupId('Responders')! });
    expect(holders).toHaveLength(PEOPLE);
    const pages = ic.sim.callsTo('ListGroupMemberships');
    expect(pages.length).toBeGreaterThanOrEqual(PEOPLE);
    expectPaced(pages);
  });

  it('pages through the permission sets and describes each under the same sso-admin rate', async () => {
    const { ic, adapter } = await start();
    await adapter.resolveTarget({
      kind: 'permissionSet',
      accountId: PRODUCTION,
      permissionSet: 'ReadOnlyAccess',
    });
    const calls = ic.sim
      .callsTo()
      .filter((c) => c.operation === 'ListPermissionSets' || c.operation === 'DescribePermissionSet');
    expect(calls.filter((c) => c.operation === 'ListPermissionSets').length).toBeGreaterThanOrEqual(5);
    expect(calls.filter((c) => c.operation === 'DescribePermissionSet')).toHaveLength(5);
    expectPaced(calls);
  });

  it('makes a page the SDK retries after a throttle wait for a turn at the lowered rate', async () => {
    // Prepare: the first page of the second listing is throttled once; the SDK sends it again on its own.
    const { ic, adapter } = await start();
    const target: ResolvedTarget = {
      kind: 'permissionSet',
      accountId: PRODUCTION,
      permissionSetArn: ic.sim.permissionSetArn('ReadOnlyAccess')!,
    };
    await adapter.holders(target);
    const before = ic.sim.callsTo('ListAccountAssignments').length;
    ic.sim.injectFault({ operation: 'ListAccountAssignments', error: 'ThrottlingException' });
    // Act
    const holders = await adapter.holders(target);
    // Assess: everyone found; the retry came a full interval at the lowered rate after the throttle.
    expect(holders).toHaveLength(PEOPLE);
    const [throttled, retry] = ic.sim.callsTo('ListAccountAssignments').slice(before);
    expect(throttled?.error).toBe('ThrottlingException');
    expect(retry?.error).toBeUndefined();
    expect((retry?.at ?? 0) - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(INTERVAL_MS / 0.7 - 1);
  });

  it('waits for the turn inside the SDK’s retry loop and before signing, so a request that waited is signed afresh', async () => {
    const { ic } = await start();
    const order = ic.clients.ssoAdmin.middlewareStack.identify().map((entry) => entry.split(' ')[0]);
    const pacing = order.indexOf('latchkeyAttemptPacing');
    expect(pacing).toBeGreaterThan(order.indexOf('retryMiddleware'));
    expect(pacing).toBeLessThan(order.indexOf('httpSigningMiddleware'));
  });
});
