import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import {
  APPROVALS,
  APPROVE,
  buttonsOf,
  DENY,
  dmText,
  expectAcked,
  formValues,
  GENERAL,
  grantOf,
  holds,
  openGrantIds,
  PROD_APPROVALS,
  PROD_READ,
  quiet,
  request,
  shown,
  slash,
  waitForAccess,
  waitForMessage,
  waitForThread,
} from '../support/slack-flows.js';
import { webClient } from '../support/slack-sim.js';
import { type System, startSystem } from '../support/system.js';

describe('Slack: requests', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.close();
  });

  it('a one-line request is one message in its approval channel showing who asks for what, for how long and why', async () => {
    const asked = await request(system, 'U0ALICE', 'prod-admin 1h deploying the fix');
    expect(asked.answer).toContain(asked.id);
    expect(asked.answer).toContain('<#C0PRODAPPROVALS>');
    expect(asked.channel).toBe(PROD_APPROVALS);
    const posted = system.slack.workspace.history(PROD_APPROVALS);
    expect(posted).toHaveLength(1);
    const message = shown(posted[0]);
    expect(message).toContain('<@U0ALICE>');
    expect(message).toContain('`prod-admin`');
    expect(message).toContain('`AdministratorAccess` on account `123456789012`');
    expect(message).toContain('1h');
    expect(message).toContain('deploying the fix');
    expect(message).toContain('0 of 2 needed');
    expect(buttonsOf(posted[0])).toEqual([APPROVE, DENY]);
    expect(system.slack.workspace.history(APPROVALS)).toHaveLength(0);

    const grant = await grantOf(system, asked.id);
    expect(grant).toMatchObject({ state: 'pending', requester: 'U0ALICE', entitlementId: 'prod-admin' });
  });

  it('the requester gets a direct message linking to the request message', async () => {
    const asked = await request(system, 'U0ERIN', 'prod-read 30m reading the audit trail');
    const dm = await eventually(() => {
      const text = dmText(system, 'U0ERIN');
      return text.includes(asked.id) ? text : undefined;
    });
    const { permalink } = await fetchPermalink(system, asked.channel, asked.ts);
    expect(dm).toContain(permalink);
    expect(dm).toContain('waiting for approval');
  });

  it('the form lists only the entitlements the person may request', async () => {
    const options = async (user: string) => {
      const opened = await slash(system, user, GENERAL, '');
      expect(opened.delivery.body).toBe('');
      const view = await eventually(() => system.slack.workspace.openView(user), { what: 'the form' });
      expect(view.callback_id).toBe('latchkey_request');
      const select = JSON.stringify(view.blocks);
      await system.slack.sender.closeView(user);
      return [...select.matchAll(/"value":"([a-z-]+)"/g)].map((m) => m[1]);
    };
    // Billing data is for @engineering only: Dave is not in it, Bob is.
    expect(await options('U0DAVE')).toEqual([
      'prod-admin',
      'prod-read',
      'staging-admin',
      'incident-breakglass',
      'workloads-read',
    ]);
    expect(await options('U0BOB')).toEqual([
      'prod-admin',
      'prod-read',
      'staging-admin',
      'billing-read',
      'incident-breakglass',
      'workloads-read',
    ]);
  });

  it('a request made with the form is posted like a one-line request', async () => {
    await slash(system, 'U0DAVE', GENERAL, '');
    await eventually(() => system.slack.workspace.openView('U0DAVE'), { what: 'the form' });
    const submitted = await system.slack.sender.submitView(
      'U0DAVE',
      formValues({ entitlement: 'prod-read', duration: '2h', reason: 'quarter-end numbers' }),
    );
    expectAcked(submitted.delivery);
    expect(submitted.outcome).toEqual({ action: 'closed' });

    const message = await eventually(
      () => system.slack.workspace.history(APPROVALS).find((m) => shown(m).includes('<@U0DAVE>')),
      { what: "Dave's request message" },
    );
    expect(shown(message)).toContain('quarter-end numbers');
    expect(shown(message)).toContain('2h');
    expect(buttonsOf(message)).toEqual([APPROVE, DENY]);
    const grants = await eventually(async () => {
      const pending = await system.db.store.listByState('pending');
      const daves = pending.filter((g) => g.requester === 'U0DAVE');
      return daves.length > 0 && daves;
    });
    expect(grants).toMatchObject([
      { entitlementId: 'prod-read', durationSec: 7200, reason: 'quarter-end numbers', messageTs: message.ts },
    ]);
  });

  it('the form answers a bad duration and a missing reason inside itself, and stores nothing until they are right', async () => {
    const before = await openGrantIds(system);
    const postedBefore = system.slack.workspace.history(PROD_APPROVALS).length;
    await slash(system, 'U0CAROL', GENERAL, '');
    await eventually(() => system.slack.workspace.openView('U0CAROL'), { what: 'the form' });

    const tooLong = await system.slack.sender.submitView(
      'U0CAROL',
      formValues({ entitlement: 'prod-admin', duration: '3h', reason: '   ' }),
    );
    expectAcked(tooLong.delivery);
    expect(tooLong.outcome.action).toBe('errors');
    const errors = tooLong.outcome.action === 'errors' ? tooLong.outcome.errors : {};
    expect(Object.keys(errors).sort()).toEqual(['duration', 'reason']);
    expect(errors.duration).toContain('between 30s and 2h');
    expect(errors.reason).toContain('reason is required');

    const notADuration = await system.slack.sender.submitView(
      'U0CAROL',
      formValues({ entitlement: 'prod-admin', duration: 'soon', reason: 'rotating keys' }),
    );
    expect(notADuration.outcome).toMatchObject({
      action: 'errors',
      errors: { duration: expect.any(String) },
    });
    expect(Object.keys(notADuration.outcome.action === 'errors' ? notADuration.outcome.errors : {})).toEqual([
      'duration',
    ]);

    await quiet(system);
    expect(await openGrantIds(system)).toEqual(before);
    expect(system.slack.workspace.history(PROD_APPROVALS)).toHaveLength(postedBefore);

    const fixed = await system.slack.sender.submitView(
      'U0CAROL',
      formValues({ entitlement: 'prod-admin', duration: '90m', reason: 'rotating keys' }),
    );
    expect(fixed.outcome).toEqual({ action: 'closed' });
    const message = await eventually(
      () => system.slack.workspace.history(PROD_APPROVALS).find((m) => shown(m).includes('<@U0CAROL>')),
      { what: "Carol's request message" },
    );
    expect(shown(message)).toContain('1h 30m');
  });

  it('a request that needs no approval is granted at once, and the message and thread say so', async () => {
    const asked = await request(system, 'U0BOB', 'incident-breakglass 30m incident 4711');
    expect(asked.answer).toContain('needs no approval');
    await waitForAccess(system, asked.id, 'U0BOB', PROD_READ);
    const thread = await waitForThread(system, asked.channel, asked.ts, 'Access is active');
    expect(thread).toContain('No approval needed');
    const message = await waitForMessage(system, asked.channel, asked.ts, 'Active until');
    expect(buttonsOf(message)).toEqual([]);
    expect(holds(system, 'U0BOB', PROD_READ)).toBe(true);
  });
});

describe('Slack: bad requests are answered to the person alone, and nothing is stored or posted', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.close();
  });

  const cases: { who: string; user: string; text: string; says: string[] }[] = [
    {
      who: 'an unknown entitlement',
      user: 'U0ALICE',
      text: 'prod-wizard 1h fixing things',
      says: ['no entitlement `prod-wizard`', 'You may request:', '`prod-read`', '`billing-read`'],
    },
    {
      who: 'a duration over the maximum',
      user: 'U0ALICE',
      text: 'prod-admin 3h deploying the fix',
      says: ['between 30s and 2h', '`3h` is out of bounds'],
    },
    {
      who: 'a duration under the minimum',
      user: 'U0ALICE',
      text: 'prod-read 10s a quick look',
      says: ['between 30s and 8h', '`10s` is out of bounds'],
    },
    {
      who: 'something that is not a duration',
      user: 'U0ALICE',
      text: 'prod-read soon a quick look',
      says: ['`soon` is not a duration', '`30m`', 'between 30s and 8h'],
    },
    {
      who: 'no duration at all',
      user: 'U0ALICE',
      text: 'prod-read',
      says: [
        'for how long and why',
        '/access <entitlement>[@<account>,…] <duration> [at <time>|in <duration>] <reason…>',
      ],
    },
    {
      who: 'no reason',
      user: 'U0ALICE',
      text: 'prod-read 1h',
      says: ['a reason is required'],
    },
    {
      who: 'a person not allowed to request the entitlement',
      user: 'U0DAVE',
      text: 'billing-read 1h month-end close',
      says: ['not among those who may request `billing-read`'],
    },
    {
      who: 'a person with no Identity Center user',
      user: 'U0FRANK',
      text: 'prod-read 1h first day',
      says: ['no IAM Identity Center user for frank@example.com'],
    },
    {
      who: 'a person who holds the access as standing access',
      user: 'U0CAROL',
      text: 'prod-read 1h checking dashboards',
      says: ['already hold this access outside Latchkey'],
    },
  ];

  for (const { who, user, text, says } of cases) {
    it(`${who} gets a clear ephemeral answer`, async () => {
      const answer = await (await slash(system, user, GENERAL, text)).ephemeral();
      for (const fragment of says) expect(answer).toContain(fragment);
      await quiet(system);
      expect(await openGrantIds(system)).toEqual([]);
      for (const channel of [APPROVALS, PROD_APPROVALS, GENERAL]) {
        expect(system.slack.workspace.history(channel), channel).toEqual([]);
      }
    });
  }

  it('a person who holds the access through an active grant is told which grant, and nothing new is stored', async () => {
    const held = await request(system, 'U0ALICE', 'incident-breakglass 30m incident 4711');
    await waitForAccess(system, held.id, 'U0ALICE', PROD_READ);
    const posted = system.slack.workspace.history(APPROVALS).length;

    const answer = await (
      await slash(system, 'U0ALICE', GENERAL, 'prod-read 1h after the incident')
    ).ephemeral();
    expect(answer).toContain(`already hold this access through ${held.id}`);
    expect(answer).toContain(`/access extend ${held.id}`);
    await quiet(system);
    expect(await openGrantIds(system)).toEqual([held.id]);
    expect(system.slack.workspace.history(APPROVALS)).toHaveLength(posted);
    expect(system.slack.workspace.history(GENERAL)).toEqual([]);
  });
});

async function fetchPermalink(system: System, channel: string, ts: string): Promise<{ permalink: string }> {
  const { permalink } = await webClient(system.slack).chat.getPermalink({ channel, message_ts: ts });
  if (!permalink) throw new Error('no permalink');
  return { permalink };
}
