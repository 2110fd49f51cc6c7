// A grant that ends while Identity Center throttles or answers 500s for a few seconds: its revocation is
// tried again within a second or two and backs off from there, so the access is gone within seconds of the
// errors stopping — not at the next backstop pass. The scheduler runs with its production backstop (30 s).
// The grants are made ahead of their end and the test's clock is moved on to it. From there everything that
// waits — the revocation's backoff, the SDK's, the adapter's pacing after throttles, the simulator's
// provisioning — waits on that clock, which the test moves on a step at a time while it watches, and the
// times measured are read off it. What stays real (the network, the store) only makes them longer.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sleepOn } from '../../src/core/ports.js';
import { activeGrant, emailOf, shortGrantsConfig } from '../support/active-grants.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import { whileMovingTime } from '../support/moving-time.js';
import { sdkRetriesOn } from '../support/sdk-retries.js';
import { type System, startSystem } from '../support/system.js';
import { TestClock } from '../support/test-clock.js';

/** Five times real time while the errors last: nothing is measured then. */
const STEPS = { stepMs: 80, everyMs: 20 };
/**
 * Twice real time while the recovery is timed: the real work in it (the network, the store) is counted at
 * that rate too, and only the waits between attempts are what the bound is about.
 */
const TIMED_STEPS = { stepMs: 20, everyMs: 20 };

const BILLING = { kind: 'group', group: 'BillingReaders' } as const;
const PROD_READ = {
  kind: 'permissionSet',
  accountId: '123456789012',
  permissionSet: 'ReadOnlyAccess',
} as const;

describe('Revocation retries after transient errors', () => {
  let system: System;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    system = await startSystem({
      config: await shortGrantsConfig(),
      scheduler: { backstopMs: 30_000 },
      clock,
      identityCenter: { clock, sleep: clock.sleep },
      // A look at a change once the simulator has made it: what is timed is the retries, not AWS's second.
      identityCenterTuning: {
        adapter: { ...QUICK_POLL, clock, sleep: clock.sleep },
        retryStrategy: sdkRetriesOn(clock.sleep),
      },
    });
  });
  afterEach(async () => {
    await system.close();
  });

  it('throttling and 500s for a few seconds after the end: the access is gone within seconds of them stopping', async () => {
    const { deps } = system.latchkey;
    const { sim } = system.ic;
    const [assigned, member] = await Promise.all([
      activeGrant(deps, { requester: 'U0ALICE', entitlementId: 'incident-breakglass' }, '1m'),
      activeGrant(deps, { requester: 'U0BOB', entitlementId: 'billing-read' }, '1m'),
    ]);
    sim.injectFault({ operation: 'DeleteAccountAssignment', error: 'ThrottlingException', times: 10_000 });
    sim.injectFault({ operation: 'DeleteGroupMembership', error: 'InternalServerException', times: 10_000 });

    const ends = Math.max(assigned.expiresAt ?? 0, member.expiresAt ?? 0);
    clock.advanceTo(ends + 1);
    await whileMovingTime(
      clock,
      eventually(async () => (await deps.store.get(member.id))?.attempts, {
        what: 'the revocation meeting 500s failed once',
        timeoutMs: 20_000,
        intervalMs: 10,
      }),
      STEPS,
    );
    // Identity Center keeps failing for a few seconds after the end, then recovers.
    await whileMovingTime(clock, sleepOn(clock, ends + 6000 - clock.now()), STEPS);
    sim.faults.clear();
    const recovered = clock.now();

    await whileMovingTime(
      clock,
      eventually(() => !sim.holds(emailOf('U0ALICE'), PROD_READ) && !sim.holds(emailOf('U0BOB'), BILLING), {
        what: 'both accesses removed',
        timeoutMs: 40_000,
        intervalMs: 10,
      }),
      TIMED_STEPS,
    );
    const goneAfterMs = clock.now() - recovered;
    console.info(`access removed ${goneAfterMs} ms after Identity Center recovered`);
    expect(goneAfterMs).toBeLessThan(8000);

    const grants = await eventually(async () => {
      const now = await Promise.all([deps.store.get(assigned.id), deps.store.get(member.id)]);
      return now.every((g) => g?.state === 'revoked') && now;
    });
    // Throttling is waited out inside the adapter at a lowered rate; server errors fail the attempt, and
    // the thread says so.
    const failed = grants.find((g) => g?.id === member.id);
    expect(failed?.events.some((e) => e.action === 'attempt-failed')).toBe(true);
    const thread = system.slack.workspace
      .thread(failed?.channel ?? '', failed?.messageTs ?? '')
      .map((m) => m.text);
    expect(thread.join('\n')).toContain('Revoking the access failed');
  }, 90_000);
});
