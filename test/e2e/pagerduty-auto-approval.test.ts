import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ON_CALL_BUDGET_MS } from '../../src/pagerduty/on-call.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import {
  APPROVE,
  assignmentsCreated,
  buttonsOf,
  click,
  DENY,
  grantOf,
  holds,
  messageAt,
  PROD_ADMIN,
  request,
  sandboxConfigWith,
  shown,
  slash,
  waitForAccess,
  waitForMessage,
  waitForState,
  waitForThread,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';
import { TestClock } from '../support/test-clock.js';

// The sandbox's on-call entitlement, open to everyone here so that each test can use a fresh requester.
const config = () =>
  sandboxConfigWith((doc) => {
    const oncall = doc.entitlements.find((e) => e.id === 'oncall-admin');
    if (!oncall) throw new Error('the sandbox config has no oncall-admin');
    delete oncall.requesters;
  });

describe('PagerDuty on-call auto-approval, end to end', () => {
  let system: System;
  // Latchkey's clock, moved on to a shift's end and past the wait for PagerDuty's answer rather than sitting
  // them out; the simulated PagerDuty keeps the real time.
  const clock = new TestClock();
  beforeAll(async () => {
    system = await startSystem({
      config: await config(),
      clock,
      identityCenterTuning: { adapter: QUICK_POLL },
    });
  });
  afterEach(() => {
    system.pagerduty.sim.clearFaults();
  });
  afterAll(async () => {
    await system.close();
  });

  it('a requester on call now is granted without a click; the record names the schedule, the PagerDuty user and the shift’s end', async () => {
    // The sandbox seed: Alice is on call in PPRODON, her shift ending 45 minutes after the start.
    const shiftEnd = system.pagerduty.sim.oncalls.find((o) => o.userId === 'PALICE1')?.end;
    expect(shiftEnd).toBeGreaterThan(Date.now() + 40 * 60_000);

    const asked = await request(system, 'U0ALICE', 'oncall-admin 30m paged for the checkout outage');
    expect(asked.answer).toContain('You are on call');
    const grant = await waitForAccess(system, asked.id, 'U0ALICE', PROD_ADMIN);

    expect(grant.approvals).toEqual([]);
    const approved = grant.events.find((e) => e.action === 'approved');
    expect(approved).toMatchObject({ actor: 'system', from: 'pending', to: 'approved' });
    expect(approved?.detail).toContain('PPRODON (Production primary)');
    expect(approved?.detail).toContain('Alice Ng (PALICE1)');
    expect(approved?.detail).toContain(`until ${new Date(shiftEnd!).toISOString()}`);
    // The shift outlasts the 30 minutes asked for: the duration decides.
    expect(grant.expiresAt).toBe(grant.activatedAt! + 30 * 60_000);

    const thread = await waitForThread(system, asked.channel, asked.ts, 'Access is active');
    expect(thread).toContain('Approved automatically: <@U0ALICE> is on call now in PagerDuty schedule');
    expect(thread).toContain('Production primary');
    expect(thread).toContain(`/access revoke ${asked.id}`);
    const message = await waitForMessage(system, asked.channel, asked.ts, 'Active until');
    expect(shown(message)).toContain(
      ':pager: Approved automatically: on call in PagerDuty schedule `PPRODON`',
    );
    expect(buttonsOf(message)).toEqual([]);

    // Approvers can still end it.
    const answer = await (await slash(system, 'U0BOB', asked.channel, `revoke ${asked.id}`)).ephemeral();
    expect(answer).toContain('Revoking');
    const revoked = await waitForState(system, asked.id, 'revoked');
    expect(revoked).toMatchObject({ endReason: 'revoked-early', revokedBy: 'U0BOB' });
    expect(holds(system, 'U0ALICE', PROD_ADMIN)).toBe(false);
  });

  it('the grant ends at the shift’s end when that comes before the end of its duration', async () => {
    const shiftEnd = clock.now() + 60_000;
    system.pagerduty.sim.putOnCall({
      scheduleId: 'PPRODON',
      userId: 'PERIN01',
      start: Date.now() - 60_000,
      end: shiftEnd,
    });

    const asked = await request(system, 'U0ERIN', 'oncall-admin 1h database failover');
    const active = await waitForAccess(system, asked.id, 'U0ERIN', PROD_ADMIN);
    expect(active.expiresAt).toBe(shiftEnd);
    await waitForThread(system, asked.channel, asked.ts, 'the access ends then at the latest');

    clock.advanceTo(shiftEnd);
    const revoked = await waitForState(system, asked.id, 'revoked');
    expect(revoked.endReason).toBe('expired');
    expect(revoked.events.find((e) => e.action === 'expired')?.at).toBeGreaterThanOrEqual(shiftEnd);
    expect(holds(system, 'U0ERIN', PROD_ADMIN)).toBe(false);
  });

  it('a request that starts later waits for its approvers, even from someone on call now', async () => {
    const calls = system.pagerduty.sim.calls.length;
    const asked = await request(system, 'U0ALICE', 'oncall-admin 30m in 2h planned failover');
    const thread = await waitForThread(system, asked.channel, asked.ts, 'Not approved automatically');
    expect(thread).toContain('a request that starts later is left to its approvers');
    expect((await grantOf(system, asked.id)).state).toBe('pending');
    // PagerDuty is not even asked: its answer would be about now.
    expect(system.pagerduty.sim.calls).toHaveLength(calls);
    await slash(system, 'U0ALICE', asked.channel, `cancel ${asked.id}`);
    await waitForState(system, asked.id, 'cancelled');
  });

  it('a requester who is not on call waits for approval, and the thread says why', async () => {
    const created = assignmentsCreated(system);
    const asked = await request(system, 'U0BOB', 'oncall-admin 30m checking the failover');
    expect(asked.answer).toContain('waits for 1 approval');
    const thread = await waitForThread(system, asked.channel, asked.ts, 'Not approved automatically');
    expect(thread).toContain('Bob Reyes is not on call now in PPRODON');
    expect(thread).toContain('Waiting for approval as usual');
    const grant = await grantOf(system, asked.id);
    expect(grant.state).toBe('pending');
    expect(grant.onCall).toBeUndefined();
    expect(grant.events.map((e) => e.action)).toEqual(['requested', 'not-on-call']);
    expect(buttonsOf(messageAt(system, asked.channel, asked.ts))).toEqual([APPROVE, DENY]);
    expect(assignmentsCreated(system)).toBe(created);

    // The usual path still works: an approver approves.
    await click(system, 'U0CAROL', asked, APPROVE);
    await waitForAccess(system, asked.id, 'U0BOB', PROD_ADMIN);
  });

  it('only a PagerDuty user with exactly the requester’s email counts, whatever its case', async () => {
    const { sim } = system.pagerduty;
    sim.addUser({ id: 'PDAVEX1', name: 'Dave Lookalike', email: 'dave@example.com.au' });
    sim.putOnCall({ scheduleId: 'PPRODON', userId: 'PDAVEX1', start: null, end: null });
    const lookalike = await request(system, 'U0DAVE', 'oncall-admin 30m look-alike on call');
    await waitForThread(
      system,
      lookalike.channel,
      lookalike.ts,
      'PagerDuty has no user with the email dave@example.com',
    );
    expect((await grantOf(system, lookalike.id)).state).toBe('pending');

    sim.addUser({ id: 'PDAVE01', name: 'Dave Okafor', email: 'Dave@Example.COM' });
    sim.putOnCall({ scheduleId: 'PPRODON', userId: 'PDAVE01', start: Date.now() - 60_000, end: null });
    const real = await request(system, 'U0DAVE', 'oncall-admin 30m really on call');
    const grant = await waitForAccess(system, real.id, 'U0DAVE', PROD_ADMIN);
    // An open-ended on-call: the duration alone decides the end.
    expect(grant.onCall).toMatchObject({ userId: 'PDAVE01', scheduleId: 'PPRODON' });
    expect(grant.onCall?.endsAt).toBeUndefined();
    expect(grant.expiresAt).toBe(grant.activatedAt! + 30 * 60_000);
    await waitForThread(system, real.channel, real.ts, 'The shift has no end');
  });

  // Carol is on call, so only a fault stands between her and an approval: none may happen.
  const faults: { what: string; plant: () => void; says: string; hangs?: true }[] = [
    {
      what: 'answering 500',
      plant: () => system.pagerduty.sim.inject({ path: '/oncalls', status: 500, times: Infinity }),
      says: 'answered 500',
    },
    {
      what: 'answering 429 with a Retry-After longer than the wait allowed',
      plant: () => system.pagerduty.sim.inject({ status: 429, retryAfterSec: 5, times: Infinity }),
      says: 'rate limited (429, asked to wait 5 s)',
    },
    {
      what: 'never answering',
      plant: () => system.pagerduty.sim.inject({ path: '/oncalls', hang: true, times: Infinity }),
      says: 'no answer in time',
      hangs: true,
    },
  ];
  for (const { what, plant, says, hangs } of faults) {
    it(`PagerDuty ${what}: the request waits for approval and the thread says PagerDuty could not be asked`, async () => {
      const { sim } = system.pagerduty;
      if (!sim.users.some((u) => u.id === 'PCAROL1')) {
        sim.addUser({ id: 'PCAROL1', name: 'Carol Diaz', email: 'carol@example.com' });
        sim.putOnCall({ scheduleId: 'PPRODON', userId: 'PCAROL1', start: null, end: null });
      }
      plant();
      const created = assignmentsCreated(system);
      const oncallsAsked = sim.callsTo('/oncalls').length;
      const started = clock.now();
      const asking = request(system, 'U0CAROL', `oncall-admin 30m ${what}`);
      if (hangs) {
        // Once PagerDuty has the question it will never answer, the time allowed for it passes.
        await eventually(() => sim.callsTo('/oncalls').length > oncallsAsked, { what: 'PagerDuty asked' });
        clock.advance(ON_CALL_BUDGET_MS);
      }
      const asked = await asking;
      expect(asked.answer).toContain('waits for 1 approval');
      // Two seconds for PagerDuty, the rest for Slack and the store on a loaded machine.
      expect(clock.now() - started).toBeLessThan(6000);
      const thread = await waitForThread(system, asked.channel, asked.ts, 'PagerDuty could not be asked');
      expect(thread).toContain(says);
      expect(thread).toContain('Waiting for approval as usual');
      const grant = await grantOf(system, asked.id);
      expect(grant.state).toBe('pending');
      expect(grant.events.at(-1)).toMatchObject({
        action: 'on-call-unknown',
        actor: 'system',
        to: 'pending',
      });
      expect(buttonsOf(messageAt(system, asked.channel, asked.ts))).toEqual([APPROVE, DENY]);
      expect(assignmentsCreated(system)).toBe(created);
      await slash(system, 'U0CAROL', asked.channel, `cancel ${asked.id}`);
      await waitForState(system, asked.id, 'cancelled');
    });
  }
});
