// Requests with a start, over the wire: read in the requester's Slack time zone, approved into `scheduled`,
// provisioned within 2 s after the start, ended at start + duration whenever approved, and cancelled or
// revoked before the start with nothing done in AWS. The service runs on the test's clock, which the test
// moves on to a start instead of waiting for it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallClockAt } from '../../src/core/start-time.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import {
  APPROVE,
  click,
  formValues,
  GENERAL,
  grantOf,
  holds,
  quiet,
  request,
  STAGING_ADMIN,
  shown,
  slash,
  waitForAccess,
  waitForMessage,
  waitForState,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';
import { TestClock } from '../support/test-clock.js';

const pad = (n: number) => String(n).padStart(2, '0');

describe('Slack: requests that start later', () => {
  let system: System;
  const clock = new TestClock();
  beforeAll(async () => {
    system = await startSystem({ clock, identityCenterTuning: { adapter: QUICK_POLL } });
  });
  afterAll(async () => {
    await system.close();
  });

  it('reads a wall-clock start in the requester’s Slack time zone', async () => {
    // Prepare: Dave works from New York; tomorrow at 09:30 there.
    system.slack.workspace.requireUser('U0DAVE').tz = 'America/New_York';
    const tomorrow = wallClockAt(Date.now() + 86_400_000, 'America/New_York');
    const local = `${tomorrow.year}-${pad(tomorrow.month)}-${pad(tomorrow.day)}T09:30`;
    const offset = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      timeZoneName: 'longOffset',
    })
      .formatToParts(Date.now() + 86_400_000)
      .find((p) => p.type === 'timeZoneName')!
      .value.replace('GMT', '');

    // Act
    const asked = await request(system, 'U0DAVE', `staging-admin 1h at ${local} rehearsing the migration`);

    // Assess
    const grant = await grantOf(system, asked.id);
    expect(grant.startAt).toBe(Date.parse(`${local}:00${offset}`));
    expect(grant.reason).toBe('rehearsing the migration');
    expect(asked.answer).toContain('to start');
    expect(shown(system.slack.workspace.message(asked.channel, asked.ts))).toContain('Starts');
    await (await slash(system, 'U0DAVE', GENERAL, `cancel ${asked.id}`)).ephemeral();
    await waitForState(system, asked.id, 'cancelled');
  });

  it('approved before its start waits in scheduled, then is provisioned within 2 s after the start and ends at start + duration', async () => {
    const asked = await request(system, 'U0DAVE', 'staging-admin 30s in 1m rehearsing the migration');
    await click(system, 'U0BOB', asked, APPROVE);
    const scheduled = await waitForState(system, asked.id, 'scheduled');
    const startAt = scheduled.startAt!;
    expect(holds(system, 'U0DAVE', STAGING_ADMIN)).toBe(false);
    await waitForMessage(system, asked.channel, asked.ts, 'starts later');
    const listed = await (await slash(system, 'U0DAVE', GENERAL, 'list mine')).ephemeral();
    expect(listed).toContain(asked.id);
    expect(listed).toContain('scheduled');
    // Nothing starts early: a second before the start passes with the grant still waiting. Not a
    // millisecond before: the test's clock goes on with real time, and the scheduler's backstop pass, every
    // half second, would rightly find the start due while the test waits for the system to be quiet.
    clock.advanceTo(startAt - 1000);
    await quiet(system);
    expect((await grantOf(system, asked.id)).state).toBe('scheduled');

    clock.advanceTo(startAt);
    const active = await waitForAccess(system, asked.id, 'U0DAVE', STAGING_ADMIN);

    const started = active.events.find((e) => e.action === 'started');
    expect(started?.at).toBeGreaterThanOrEqual(startAt);
    expect(started!.at - startAt).toBeLessThan(2000);
    expect(active.expiresAt).toBe(startAt + 30_000);
    expect(active.events.filter((e) => e.action === 'provisioning')[0]!.at).toBeGreaterThanOrEqual(startAt);
  }, 20_000);

  it('approved after its start is provisioned at once and still ends at start + duration', async () => {
    const asked = await request(system, 'U0ERIN', 'staging-admin 1m in 1s late approval');
    const { startAt } = await grantOf(system, asked.id);
    clock.advanceTo(startAt! + 500);

    await click(system, 'U0BOB', asked, APPROVE);

    const active = await waitForAccess(system, asked.id, 'U0ERIN', STAGING_ADMIN);
    expect(active.events.some((e) => e.action === 'started')).toBe(false);
    expect(active.expiresAt).toBe(startAt! + 60_000);
    await (await slash(system, 'U0ERIN', GENERAL, `revoke ${asked.id}`)).ephemeral();
    await waitForState(system, asked.id, 'revoked');
  }, 20_000);

  it('an approver revoking a scheduled grant ends it before its start, with nothing done in AWS', async () => {
    const created = system.ic.sim.callsTo('CreateAccountAssignment').length;
    const asked = await request(system, 'U0ERIN', 'staging-admin 1h in 1h maintenance window');
    await click(system, 'U0CAROL', asked, APPROVE);
    await waitForState(system, asked.id, 'scheduled');

    const answer = await (await slash(system, 'U0BOB', GENERAL, `revoke ${asked.id}`)).ephemeral();

    expect(answer).toContain(asked.id);
    expect(answer).toContain('nothing was granted');
    const cancelled = await waitForState(system, asked.id, 'cancelled');
    expect(cancelled.events.at(-1)).toMatchObject({ actor: 'U0BOB', from: 'scheduled', to: 'cancelled' });
    await quiet(system);
    expect(system.ic.sim.callsTo('CreateAccountAssignment').length).toBe(created);
  });

  it('the requester may cancel a scheduled grant', async () => {
    const asked = await request(system, 'U0ERIN', 'staging-admin 1h in 2h maintenance window');
    await click(system, 'U0BOB', asked, APPROVE);
    await waitForState(system, asked.id, 'scheduled');

    await (await slash(system, 'U0ERIN', GENERAL, `cancel ${asked.id}`)).ephemeral();

    await waitForState(system, asked.id, 'cancelled');
  });

  it('the form’s date-time picker sets the start', async () => {
    await slash(system, 'U0ERIN', GENERAL, '');
    await eventually(() => system.slack.workspace.openView('U0ERIN'), { what: 'the request form' });
    const startSec = Math.floor(Date.now() / 1000) + 3 * 3600;

    const submitted = await system.slack.sender.submitView('U0ERIN', {
      ...formValues({ entitlement: 'staging-admin', duration: '1h', reason: 'planned maintenance' }),
      'start.value': startSec,
    });

    expect(submitted.outcome).toEqual({ action: 'closed' });
    const grant = await eventually(
      async () =>
        (await system.db.store.listByState('pending')).find(
          (g) => g.requester === 'U0ERIN' && g.startAt !== undefined,
        ),
      { what: 'the request from the form' },
    );
    expect(grant.startAt).toBe(startSec * 1000);
    await (await slash(system, 'U0ERIN', GENERAL, `cancel ${grant.id}`)).ephemeral();
  });

  it('the form refuses a start in the past inside the form, with nothing stored', async () => {
    await slash(system, 'U0ERIN', GENERAL, '');
    await eventually(() => system.slack.workspace.openView('U0ERIN'), { what: 'the request form' });

    const submitted = await system.slack.sender.submitView('U0ERIN', {
      ...formValues({ entitlement: 'staging-admin', duration: '1h', reason: 'planned maintenance' }),
      'start.value': Math.floor(Date.now() / 1000) - 3600,
    });

    expect(submitted.outcome).toMatchObject({ action: 'errors' });
    expect(JSON.stringify(submitted.outcome)).toContain('in the past');
    await system.slack.sender.closeView('U0ERIN');
  });
});
