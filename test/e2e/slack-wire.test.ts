import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems, type DeliveryOptions, type Json } from '../../src/sim/slack/index.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import {
  APPROVALS,
  APPROVE,
  assignmentsCreated,
  click,
  expectAcked,
  formValues,
  GENERAL,
  grantOf,
  openGrantIds,
  PROD_READ,
  quiet,
  react,
  request,
  shown,
  slash,
  threadText,
  unreact,
  waitForAccess,
  waitForMessage,
  waitForThread,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';

describe('Slack: signatures and timestamps', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem({ identityCenterTuning: { adapter: QUICK_POLL } });
  });
  afterAll(async () => {
    await system.close();
  });

  const forged: { what: string; options: DeliveryOptions }[] = [
    { what: 'a bad signature', options: { signature: 'wrong' } },
    { what: 'no signature', options: { signature: 'missing' } },
    { what: 'a stale timestamp', options: { ageSec: 6 * 60 } },
  ];

  for (const { what, options } of forged) {
    it(`a request with ${what} is answered 401 and nothing is done`, async () => {
      const { sender, workspace } = system.slack;
      const pending = await request(system, 'U0ALICE', 'prod-admin 1h deploying the fix');
      const before = await grantOf(system, pending.id);
      const open = await openGrantIds(system);
      const posted = workspace.history(pending.channel).length;

      const command = await sender.runSlashCommand('U0DAVE', GENERAL, 'prod-read 1h checking', options);
      const form = await sender.runSlashCommand('U0DAVE', GENERAL, '', options);
      const clicked = await sender.clickButton('U0BOB', pending.channel, pending.ts, APPROVE, options);
      const reacted = await sender.addReaction('U0CAROL', pending.channel, pending.ts, 'white_check_mark', {
        ...options,
      });
      for (const delivery of [command.delivery, form.delivery, clicked.delivery, reacted]) {
        expect(delivery.status).toBe(401);
      }

      await quiet(system);
      expect(await grantOf(system, pending.id)).toMatchObject({ approvals: [], version: before.version });
      expect(await openGrantIds(system)).toEqual(open);
      expect(workspace.history(pending.channel)).toHaveLength(posted);
      expect(threadText(system, pending.channel, pending.ts)).toBe('');
      expect(workspace.history(APPROVALS)).toEqual([]);
      expect(workspace.openView('U0DAVE')).toBeUndefined();
      for (const user of ['U0DAVE', 'U0BOB', 'U0CAROL']) expect(workspace.ephemerals(user), user).toEqual([]);
      expect(await (await slash(system, 'U0ALICE', GENERAL, `cancel ${pending.id}`)).ephemeral()).toContain(
        'Cancelled',
      );
    });
  }
});

describe('Slack: acknowledgements', () => {
  let system: System;
  // A call Identity Center is made to hold answers only once the test lets it go, after every
  // acknowledgement was checked: longer than Slack waits, however fast or slow the machine.
  let letGo: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    letGo = resolve;
  });
  beforeAll(async () => {
    system = await startSystem({
      identityCenter: { sleep: () => released },
      identityCenterTuning: { adapter: QUICK_POLL },
    });
  });
  afterAll(async () => {
    await system.close();
  });

  it('every request from Slack is acknowledged within 3 s, even while Identity Center answers slowly', async () => {
    const { sender } = system.slack;
    // Finding the person's Identity Center user takes longer than Slack waits, twice.
    system.ic.sim.injectFault({ operation: 'GetUserId', delayMs: 3200, times: 2 });

    const asked = await slash(system, 'U0ALICE', GENERAL, 'prod-read 1h checking the logs');
    await slash(system, 'U0ALICE', GENERAL, 'help');
    await slash(system, 'U0ALICE', GENERAL, 'list');
    await slash(system, 'U0ALICE', GENERAL, 'list mine');
    await slash(system, 'U0DAVE', GENERAL, '');
    await eventually(() => system.slack.workspace.openView('U0DAVE'), { what: 'the form' });
    const submitted = await sender.submitView(
      'U0DAVE',
      formValues({ entitlement: 'staging-admin', duration: '1h', reason: 'load test' }),
    );
    expectAcked(submitted.delivery);
    expect(submitted.outcome).toEqual({ action: 'closed' });

    expect(asked.delivery.body).toBe('');
    // Every acknowledgement came while Identity Center was still looking the person up.
    await eventually(() => system.ic.sim.callsTo('GetUserId').some((call) => call.status === 0), {
      what: 'a lookup Identity Center holds',
    });
    expect(system.slack.workspace.ephemerals('U0ALICE', GENERAL).map((e) => e.text)).not.toContainEqual(
      expect.stringMatching(/Request `g-[a-z0-9]+` is posted/),
    );
    letGo();
    // The answer to the request comes once Identity Center has answered, after the others.
    const id = await eventually(
      () =>
        system.slack.workspace
          .ephemerals('U0ALICE', GENERAL)
          .map((e) => e.text.match(/Request `(g-[a-z0-9]+)` is posted/)?.[1])
          .find(Boolean),
      { what: 'the answer to the request' },
    );
    const grant = await grantOf(system, id);
    const at = { channel: grant.channel ?? '', ts: grant.messageTs ?? '' };
    await react(system, 'U0CAROL', at, 'eyes');
    await click(system, 'U0BOB', at, APPROVE);
    const eventId = system.slack.sender.lastEventId();
    if (!eventId) throw new Error('no event was sent');
    expectAcked(await sender.retryEvent(eventId, { retryNum: 1 }));

    await waitForAccess(system, id, 'U0ALICE', PROD_READ);
    await eventually(
      async () => (await system.db.store.listByState('pending')).find((g) => g.requester === 'U0DAVE'),
      { what: "Dave's request from the form" },
    );
  });
});

describe('Slack: deliveries that come twice', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem({ identityCenterTuning: { adapter: QUICK_POLL } });
  });
  afterAll(async () => {
    await system.close();
  });

  const approvedLines = (at: { channel: string; ts: string }) =>
    threadText(system, at.channel, at.ts)
      .split('\n')
      .filter((line) => line.includes(' approved ('));

  it('a reaction event Slack delivers again with the same event_id approves once and grants once', async () => {
    const created = assignmentsCreated(system);
    const asked = await request(system, 'U0ALICE', 'prod-read 1h checking the logs');
    await react(system, 'U0BOB', asked, 'white_check_mark');
    const eventId = system.slack.sender.lastEventId();
    if (!eventId) throw new Error('no event was sent');
    const retries = await Promise.all([
      system.slack.sender.retryEvent(eventId, { retryNum: 1, retryReason: 'http_timeout' }),
      system.slack.sender.retryEvent(eventId, { retryNum: 2, retryReason: 'http_error' }),
    ]);
    for (const retry of retries) expectAcked(retry);

    await waitForAccess(system, asked.id, 'U0ALICE', PROD_READ);
    await waitForThread(system, asked.channel, asked.ts, 'Access is active');
    await quiet(system);
    expect(assignmentsCreated(system)).toBe(created + 1);
    expect(approvedLines(asked)).toHaveLength(1);
    const grant = await grantOf(system, asked.id);
    expect(grant.events.filter((e) => e.action === 'approved')).toHaveLength(1);
  });

  it('an approve reaction delivered again after it was taken back does not bring the approval back', async () => {
    const asked = await request(system, 'U0DAVE', 'prod-admin 1h restoring the ledger');
    await react(system, 'U0BOB', asked, 'white_check_mark');
    const added = system.slack.sender.lastEventId();
    if (!added) throw new Error('no event was sent');
    await waitForMessage(system, asked.channel, asked.ts, '1 of 2 needed · <@U0BOB>');
    await unreact(system, 'U0BOB', asked, 'white_check_mark');
    await waitForMessage(system, asked.channel, asked.ts, '0 of 2 needed');

    expectAcked(await system.slack.sender.retryEvent(added, { retryNum: 1 }));
    await quiet(system);
    expect(await grantOf(system, asked.id)).toMatchObject({ state: 'pending', approvals: [] });
    expect(shown(system.slack.workspace.message(asked.channel, asked.ts))).toContain('0 of 2 needed');
  });

  it('a double click approves once and grants once', async () => {
    const created = assignmentsCreated(system);
    const asked = await request(system, 'U0ERIN', 'prod-read 1h reading the audit trail');
    await Promise.all([click(system, 'U0CAROL', asked, APPROVE), click(system, 'U0CAROL', asked, APPROVE)]);
    await waitForAccess(system, asked.id, 'U0ERIN', PROD_READ);
    await waitForThread(system, asked.channel, asked.ts, 'Access is active');
    await quiet(system);
    expect(assignmentsCreated(system)).toBe(created + 1);
    expect(approvedLines(asked)).toHaveLength(1);
    expect((await grantOf(system, asked.id)).approvals).toEqual(['U0CAROL']);
  });

  it('a double click by one approver counts once towards a quorum of two', async () => {
    const asked = await request(system, 'U0ALICE', 'prod-admin 1h schema migration');
    await Promise.all([click(system, 'U0BOB', asked, APPROVE), click(system, 'U0BOB', asked, APPROVE)]);
    await waitForMessage(system, asked.channel, asked.ts, '1 of 2 needed · <@U0BOB>');
    await quiet(system);
    expect(await grantOf(system, asked.id)).toMatchObject({ state: 'pending', approvals: ['U0BOB'] });
    expect(approvedLines(asked)).toHaveLength(1);
  });
});

describe('Slack: what people type stays text, inside Block Kit limits', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem({ identityCenterTuning: { adapter: QUICK_POLL } });
  });
  afterAll(async () => {
    await system.close();
  });

  const everything = () => {
    const snapshot = system.slack.workspace.snapshot();
    const messages = Object.values(snapshot.messages).flat();
    return [...messages, ...snapshot.ephemerals].map((m) => shown(m)).join('\n');
  };

  it('a 5,000-character reason is cut visibly and the request message stays inside Block Kit limits', async () => {
    const reason = `${'the disk is full again and the on-call needs to look '.repeat(95)}END`;
    expect(reason.length).toBeGreaterThan(5000);
    const asked = await request(system, 'U0ALICE', `prod-read 1h ${reason}`);
    const message = system.slack.workspace.message(asked.channel, asked.ts);
    expect(blockKitProblems((message?.blocks ?? []) as Json[], 'message')).toEqual([]);
    const text = shown(message);
    expect(text).toContain('the disk is full again');
    expect(text).not.toContain('END');
    expect(text).toMatch(/…/);
    expect(text.length).toBeLessThan(reason.length);

    await click(system, 'U0BOB', asked, APPROVE);
    await waitForAccess(system, asked.id, 'U0ALICE', PROD_READ);
    const active = await waitForMessage(system, asked.channel, asked.ts, 'Active until');
    expect(blockKitProblems((active.blocks ?? []) as Json[], 'message')).toEqual([]);
  });

  it('a reason cannot ping @channel, mention someone or forge a link, in the message, its thread or the listing', async () => {
    const reason = 'urgent <!channel> <!here> see <http://evil|bank> & ask <@U0ERIN>';
    const asked = await request(system, 'U0DAVE', `prod-read 1h ${reason}`);
    const message = shown(system.slack.workspace.message(asked.channel, asked.ts));
    expect(message).toContain(
      'urgent &lt;!channel&gt; &lt;!here&gt; see &lt;http://evil|bank&gt; &amp; ask &lt;@U0ERIN&gt;',
    );

    await slash(system, 'U0CAROL', GENERAL, '');
    await eventually(() => system.slack.workspace.openView('U0CAROL'), { what: 'the form' });
    const submitted = await system.slack.sender.submitView(
      'U0CAROL',
      formValues({ entitlement: 'staging-admin', duration: '1h', reason }),
    );
    expect(submitted.outcome).toEqual({ action: 'closed' });
    await eventually(
      () => system.slack.workspace.history(APPROVALS).find((m) => shown(m).includes('<@U0CAROL>')),
      { what: "Carol's request message" },
    );

    await click(system, 'U0BOB', asked, APPROVE);
    await waitForAccess(system, asked.id, 'U0DAVE', PROD_READ);
    await slash(system, 'U0BOB', GENERAL, 'list');
    await eventually(() => system.slack.workspace.history(GENERAL).length > 0, { what: 'the listing' });
    await quiet(system);

    const seen = everything();
    for (const forgedText of ['<!channel>', '<!here>', '<http://evil|bank>', '<@U0ERIN>']) {
      expect(seen).not.toContain(forgedText);
    }
  });
});
