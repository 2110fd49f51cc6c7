import { afterEach, describe, expect, it } from 'vitest';
import { AWS_QUOTAS, type StartOptions } from '../../src/sim/identity-center/index.js';
import { fastClock } from '../support/fast-clock.js';
import {
  type IdentityCenterUnderTest,
  organisationOf,
  PRODUCTION,
  startIdentityCenter,
} from '../support/identity-center-sim.js';
import { sdkRetriesOn } from '../support/sdk-retries.js';

const HOLDERS = 40;

/**
 * The simulator and the adapter on a clock four times faster than real time: the test is about which
 * holders a listing sees while others are removed, and provisioning, quotas and pacing keep their
 * proportions on it.
 */
function startFast(sim: StartOptions) {
  const time = fastClock(4);
  return startIdentityCenter({
    sim: { ...sim, clock: time.clock, sleep: time.sleep },
    adapter: { clock: time.clock, sleep: time.sleep },
    retryStrategy: sdkRetriesOn(time.sleep),
  });
}

describe('Identity Center adapter: many revocations of one permission set at once', () => {
  let ic: IdentityCenterUnderTest | undefined;
  afterEach(async () => {
    await ic?.close();
  });

  it('never skips a holder, though each listing of the holders shrinks while it is paged', async () => {
    // Prepare: forty holders, listed five to a page, so concurrent deletions move holders between pages
    ic = await startFast({ seed: organisationOf(HOLDERS), pageSize: 5, quotas: AWS_QUOTAS });
    const target = await ic.identityCenter.resolveTarget({
      kind: 'permissionSet',
      accountId: PRODUCTION,
      permissionSet: 'ReadOnlyAccess',
    });
    const users = await Promise.all(
      Array.from(
        { length: HOLDERS },
        async (_, i) => (await ic!.identityCenter.findUser(`user${i}@example.com`))!.userId,
      ),
    );
    await Promise.all(users.map((userId) => ic!.identityCenter.grant(userId, target)));
    expect(await ic.identityCenter.holders(target)).toHaveLength(HOLDERS);

    // Act
    await Promise.all(users.map((userId) => ic!.identityCenter.revoke(userId, target)));

    // Assess
    expect(await ic.identityCenter.holders(target)).toEqual([]);
    for (const [i, userId] of users.entries()) {
      expect(
        ic.sim.holds(`user${i}@example.com`, {
          kind: 'permissionSet',
          accountId: PRODUCTION,
          permissionSet: 'ReadOnlyAccess',
        }),
      ).toBe(false);
      expect(await ic.identityCenter.holds(userId, target)).toBe(false);
    }
  });

  it('sees a holder while others of the same permission set are being removed', async () => {
    ic = await startFast({ seed: organisationOf(HOLDERS), pageSize: 5 });
    const target = await ic.identityCenter.resolveTarget({
      kind: 'permissionSet',
      accountId: PRODUCTION,
      permissionSet: 'ReadOnlyAccess',
    });
    const users = await Promise.all(
      Array.from(
        { length: HOLDERS },
        async (_, i) => (await ic!.identityCenter.findUser(`user${i}@example.com`))!.userId,
      ),
    );
    await Promise.all(users.map((userId) => ic!.identityCenter.grant(userId, target)));
    const last = users.at(-1)!;

    const [seen] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, () => ic!.identityCenter.holds(last, target))),
      Promise.all(users.slice(0, -1).map((userId) => ic!.identityCenter.revoke(userId, target))),
    ]);

    expect(seen.every(Boolean)).toBe(true);
  });
});
