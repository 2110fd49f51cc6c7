import { afterEach, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/aws/rate-limiter.js';
import type { ResolvedTarget } from '../../src/core/ports.js';
import { AWS_QUOTAS } from '../../src/sim/identity-center/index.js';
import { fastClock } from '../support/fast-clock.js';
import {
  type IdentityCenterUnderTest,
  organisationOf,
  PRODUCTION,
  startIdentityCenter,
} from '../support/identity-center-sim.js';
import { sdkRetriesOn } from '../support/sdk-retries.js';

let ic: IdentityCenterUnderTest | undefined;
afterEach(async () => {
  await ic?.close();
});

it('a burst of 100 grants against the 20-per-second, 15-in-flight quotas completes without a failure', async () => {
  // Prepare: AWS's quotas switched on, provisioning long enough that operations overlap. The simulator and
  // the adapter on a clock twice as fast as real time, which the rates below are read off: no faster, as a
  // busy machine's delays count double on it, and the limiter's margin under AWS's bucket is half a second.
  const time = fastClock(2);
  ic = await startIdentityCenter({
    sim: {
      seed: organisationOf(100),
      quotas: AWS_QUOTAS,
      provisioningMs: 250,
      clock: time.clock,
      sleep: time.sleep,
    },
    adapter: { poll: { firstMs: 260, maxMs: 500, deadlineMs: 30_000 }, clock: time.clock, sleep: time.sleep },
    retryStrategy: sdkRetriesOn(time.sleep),
  });
  const { identityCenter, sim } = ic;
  const target: ResolvedTarget = await identityCenter.resolveTarget({
    kind: 'permissionSet',
    accountId: PRODUCTION,
    permissionSet: 'ReadOnlyAccess',
  });
  const userIds = Array.from({ length: 100 }, (_, i) => sim.userId(`user${i}`)!);
  let mostInFlight = 0;
  const watch = setInterval(() => {
    mostInFlight = Math.max(mostInFlight, sim.inFlight());
  }, 10);

  // Act
  const outcomes = await Promise.allSettled(userIds.map((id) => identityCenter.grant(id, target)));
  clearInterval(watch);

  // Assess
  expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
  expect(userIds.every((id) => sim.assignmentsOf(id).length === 1)).toBe(true);
  const ssoAdminCalls = sim.callsTo().filter((c) => c.service === 'sso-admin');
  expect(ssoAdminCalls.filter((c) => c.error === 'ThrottlingException')).toEqual([]);
  expect(mostInFlight).toBeGreaterThan(1);
  expect(mostInFlight).toBeLessThanOrEqual(15);
  // AWS's quota is a bucket (20 a second, as many at once): bursts are fine, the average is not. Over the
  // whole run, the calls stay within the limiter's ceiling (AWS's 20 a second) plus its bucket of ten.
  const spanSec = (ssoAdminCalls.at(-1)!.at - ssoAdminCalls[0]!.at) / 1000;
  expect(ssoAdminCalls.length).toBeLessThanOrEqual(Math.ceil(DEFAULT_LIMITS.ssoAdminPerSec * spanSec) + 10);
  // Changes in flight are confirmed together: far fewer status requests than changes.
  const looks = ssoAdminCalls.filter((c) => c.operation.includes('AccountAssignmentCreationStatus'));
  expect(looks.length).toBeLessThan(50);
}, 30_000);
