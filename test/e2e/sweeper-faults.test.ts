// Identity Center misbehaving while many grants are due: throttling beyond the SDK's retries, 500s, deletions
// that end FAILED, and slow answers. Every grant is still revoked in the end, none is marked revoked while
// AWS still holds its access, and each failure is told in the request's thread. The grants are made ahead
// of their end and the test's clock is moved on to it, then on a step at a time while the faults are got
// past: the revocations' backoff, the SDK's own, the adapter's pacing after throttles and the simulator's
// slow answers all wait on that clock.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import { activeGrants, EVERYONE, emailOf, shortGrantsConfig } from '../support/active-grants.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import { whileMovingTime } from '../support/moving-time.js';
import { sdkRetriesOn } from '../support/sdk-retries.js';
import { quiet } from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';
import { TestClock } from '../support/test-clock.js';

describe('Faults during a sweep of many due grants', () => {
  let system: System;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    system = await startSystem({
      config: await shortGrantsConfig(),
      clock,
      // Identity Center's side on the same clock: the simulator's provisioning and slow answers, the adapter's
      // pacing after throttles and its looks at changes.
      identityCenter: { clock, sleep: clock.sleep },
      identityCenterTuning: {
        adapter: { ...QUICK_POLL, clock, sleep: clock.sleep },
        retryStrategy: sdkRetriesOn(clock.sleep),
      },
    });
  });
  afterEach(async () => {
    await system.close();
  });

  /** Records every grant written as revoked while Identity Center still holds its access. */
  function watchRevokedWhileHeld(): string[] {
    const { store } = system.db;
    const save = store.save.bind(store);
    const early: string[] = [];
    store.save = async (next: Grant, expectedVersion: number) => {
      if (next.state === 'revoked' && system.ic.sim.holds(emailOf(next.requester), next.target))
        early.push(next.id);
      return save(next, expectedVersion);
    };
    return early;
  }

  it('throttling, 500s, FAILED deletions and slow answers: every grant ends, and the threads say what failed', async () => {
    const { deps } = system.latchkey;
    const { sim } = system.ic;
    const early = watchRevokedWhileHeld();
    // Ten grants on three targets: seven permission-set assignments and three group memberships.
    const asks = EVERYONE.filter((a) => a.entitlementId !== 'prod-admin' && a.requester !== 'U0ERIN');
    const grants = await activeGrants(deps, asks, '1m');
    expect(grants).toHaveLength(10);

    // More errors than the SDK's five attempts absorb however the calls interleave: at most four each for the
    // seven assignment deletions and three FAILED ones tried again is 40 < 44, for three groups 12 < 15.
    sim.injectFault({ operation: 'DeleteAccountAssignment', error: 'ThrottlingException', times: 44 });
    sim.injectFault({ operation: 'DeleteGroupMembership', error: 'InternalServerException', times: 15 });
    sim.failNextProvisioning({
      kind: 'deletion',
      reason: 'Received a 500 status error: Internal failure.',
      times: 3,
    });
    sim.injectFault({ operation: 'DescribeAccountAssignmentDeletionStatus', delayMs: 1500, times: 4 });
    sim.injectFault({ operation: 'ListAccountAssignmentDeletionStatus', delayMs: 1500, times: 4 });
    clock.advanceTo(Math.max(...grants.map((g) => g.expiresAt ?? 0)) + 1);

    const ended = await whileMovingTime(
      clock,
      eventually(
        async () => {
          const now = await Promise.all(grants.map((g) => deps.store.get(g.id)));
          return now.every((g) => g?.state === 'revoked') && (now as Grant[]);
        },
        // However long a loaded machine takes to get past the faults: the test is that they are got past.
        { what: 'every grant revoked', timeoutMs: 120_000, intervalMs: 200 },
      ),
    );

    // What the threads say is said after the writes it reports.
    await quiet(system);
    expect(early).toEqual([]);
    for (const grant of ended)
      expect(sim.holds(emailOf(grant.requester), grant.target), grant.id).toBe(false);
    expect(sim.snapshot().assignments.map((a) => `${a.principal} ${a.accountId} ${a.permissionSet}`)).toEqual(
      ['carol 123456789012 ReadOnlyAccess'],
    );
    expect(sim.snapshot().groups.find((g) => g.displayName === 'BillingReaders')?.members).toEqual([
      expect.objectContaining({ userName: 'dave' }),
    ]);

    const failures = ended.flatMap((g) =>
      g.events
        .filter((e) => e.action === 'attempt-failed')
        .map((e) => ({ grant: g, detail: e.detail ?? '' })),
    );
    const said = (pattern: RegExp) => failures.some((f) => pattern.test(f.detail));
    expect(said(/Throttling/)).toBe(true);
    expect(said(/InternalServer/)).toBe(true);
    expect(said(/Internal failure/)).toBe(true);
    for (const { grant } of failures) {
      const thread = system.slack.workspace
        .thread(grant.channel ?? '', grant.messageTs ?? '')
        .map((m) => m.text);
      expect(thread.join('\n'), grant.id).toContain(':warning: Revoking the access failed');
      expect(thread.at(-1), grant.id).not.toContain(':warning:');
    }
    for (const grant of ended) expect(grant.events.filter((e) => e.action === 'revoked')).toHaveLength(1);
  }, 150_000);
});
