import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequest } from '../../src/service/requests.js';
import type { SimView } from '../../src/sim/slack/index.js';
import { eventually } from '../support/eventually.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import {
  APPROVE,
  buttonsOf,
  click,
  clickRefused,
  DENY,
  dmText,
  expectAcked,
  formValues,
  grantOf,
  PROD_READ,
  quiet,
  request,
  shown,
  waitForAccess,
  waitForState,
  waitForThread,
} from '../support/slack-flows.js';
import { type System, startSystem } from '../support/system.js';
import { TestClock } from '../support/test-clock.js';

const HOME = {
  request: 'latchkey_home_request',
  revoke: 'latchkey_home_revoke',
  extend: 'latchkey_home_extend',
  cancel: 'latchkey_home_cancel',
};

/** Opens a person's Home tab and returns the view Latchkey published for them. */
async function openHome(system: System, user: string): Promise<SimView> {
  const { workspace, sender } = system.slack;
  const before = workspace.homes.publishedCount(user);
  expectAcked(await sender.openHome(user));
  await eventually(() => workspace.homes.publishedCount(user) > before, { what: `${user}'s Home` });
  return workspace.home(user)!;
}

const homeText = (system: System, user: string) =>
  shown({ blocks: system.slack.workspace.home(user)?.blocks });

/**
 * Waits until Latchkey has published a person's Home again showing (or no longer showing) `fragment`. With
 * the system's `clock`, each look moves it on past the moment changes are gathered for before publishing,
 * so the wait is for the publish, not for that moment in real time.
 */
function waitForHome(
  system: System,
  user: string,
  fragment: string,
  present = true,
  clock?: TestClock,
): Promise<string> {
  return eventually(
    () => {
      clock?.advance(500);
      const text = homeText(system, user);
      return text.includes(fragment) === present ? text || ' ' : undefined;
    },
    { what: `${user}'s Home ${present ? 'to show' : 'no longer to show'} "${fragment}"` },
  );
}

async function clickHome(system: System, user: string, actionId: string, value: string) {
  const { delivery } = await system.slack.sender.clickHomeButton(user, actionId, { value });
  return expectAcked(delivery);
}

/** A click on a button the person's Home showed once (or never): the app must judge it on its merits. */
async function staleHomeClick(
  system: System,
  user: string,
  actionId: string,
  value: string,
): Promise<string> {
  const { workspace, sender } = system.slack;
  if (!workspace.home(user)) await openHome(system, user);
  const before = dmText(system, user);
  const { delivery } = await sender.clickStaleHomeButton(user, { actionId, value });
  expectAcked(delivery);
  return eventually(
    () => {
      const after = dmText(system, user);
      return after.length > before.length ? after.slice(before.length) : undefined;
    },
    { what: `an explanation to ${user}` },
  );
}

describe('Slack: the Home tab', () => {
  let system: System;
  const clock = new TestClock();
  beforeAll(async () => {
    system = await startSystem({ clock, identityCenterTuning: { adapter: QUICK_POLL } });
  });
  const homeShows = (user: string, fragment: string, present = true) =>
    waitForHome(system, user, fragment, present, clock);
  afterAll(async () => {
    await system.close();
  });

  it('shows the requester their request, an approver the request waiting for them, and a bystander nothing of it', async () => {
    const asked = await request(system, 'U0ALICE', 'prod-read 1h reading the payment logs');

    const alice = shown(await openHome(system, 'U0ALICE'));
    expect(alice).toContain('Your requests waiting for approval');
    expect(alice).toContain(`\`prod-read\` for 1h · 0 of 1 approvals`);
    expect(alice).toContain(asked.id);
    expect(alice).toContain('Nothing waits for you.');
    const aliceHome = system.slack.workspace.home('U0ALICE');
    expect(buttonsOf(aliceHome as never)).toEqual([HOME.request, HOME.cancel]);

    const bob = shown(await openHome(system, 'U0BOB'));
    expect(bob).toContain('Waiting for your decision');
    expect(bob).toContain('<@U0ALICE> asks for `prod-read`');
    expect(bob).toContain('reading the payment logs');
    expect(buttonsOf(system.slack.workspace.home('U0BOB') as never)).toEqual([HOME.request, APPROVE, DENY]);

    // Dave approves nothing here; Gina is listed in @sre-leads but is a guest, who never approves.
    for (const bystander of ['U0DAVE', 'U0GUEST']) {
      const text = shown(await openHome(system, bystander));
      expect(text, bystander).not.toContain(asked.id);
      expect(text, bystander).toContain('Nothing waits for you.');
    }
    await slashCancel(system, 'U0ALICE', asked.id);
  });

  it('a decision on the Home tab is counted exactly like one on the request message', async () => {
    const asked = await request(system, 'U0DAVE', 'prod-admin 1h restoring the ledger');
    await openHome(system, 'U0CAROL');
    await clickHome(system, 'U0CAROL', APPROVE, `${asked.id}:request`);
    await waitForThread(system, asked.channel, asked.ts, '<@U0CAROL> approved (1 of 2)');
    // A second click from Home changes nothing, as a double click on the message would not.
    await homeShows('U0CAROL', 'yours included');
    await system.slack.sender.clickStaleHomeButton('U0CAROL', {
      actionId: APPROVE,
      value: `${asked.id}:request`,
    });
    await quiet(system);
    expect((await grantOf(system, asked.id)).approvals).toEqual(['U0CAROL']);

    await click(system, 'U0BOB', asked, APPROVE);
    const grant = await waitForState(system, asked.id, 'active');
    expect(grant.approvals).toEqual(['U0CAROL', 'U0BOB']);
    await waitForThread(system, asked.channel, asked.ts, '<@U0BOB> approved (2 of 2): granting access');
  });

  it('a decision on the Home tab is refused for the same people, with the same words, and a denial wins', async () => {
    const asked = await request(system, 'U0BOB', 'prod-read 30m checking a deploy');
    for (const user of ['U0BOB', 'U0GUEST', 'U0DAVE']) {
      const onMessage = await clickRefused(system, user, asked, APPROVE);
      const onHome = await staleHomeClick(system, user, APPROVE, `${asked.id}:request`);
      expect(onHome.trim(), user).toBe(onMessage.trim());
    }
    expect((await grantOf(system, asked.id)).approvals).toEqual([]);

    await openHome(system, 'U0CAROL');
    await clickHome(system, 'U0CAROL', DENY, `${asked.id}:request`);
    const denied = await waitForState(system, asked.id, 'denied');
    expect(denied.deniedBy).toBe('U0CAROL');
    await waitForThread(system, asked.channel, asked.ts, '<@U0CAROL> denied the request');
  });

  it('is published again for requester and approvers after each change; Extend, Revoke and Request access work from it', async () => {
    const asked = await request(system, 'U0ERIN', 'prod-read 1h looking at the incident');
    await openHome(system, 'U0ERIN');
    await openHome(system, 'U0BOB');
    const erinBefore = system.slack.workspace.homes.publishedCount('U0ERIN');

    await click(system, 'U0CAROL', asked, APPROVE);
    await waitForAccess(system, asked.id, 'U0ERIN', PROD_READ);
    const erin = await homeShows('U0ERIN', 'Active until');
    expect(erin).toContain(asked.id);
    expect(system.slack.workspace.homes.publishedCount('U0ERIN')).toBeGreaterThan(erinBefore);
    await homeShows('U0BOB', asked.id, false);

    // Extend: a small form for the extra time, then the approvers see the extension waiting.
    await clickHome(system, 'U0ERIN', HOME.extend, asked.id);
    const form = await eventually(() => system.slack.workspace.openView('U0ERIN'), {
      what: 'the extend form',
    });
    expect(form.callback_id).toBe('latchkey_extend');
    const submitted = await system.slack.sender.submitView('U0ERIN', { 'duration.value': '30m' });
    expect(submitted.outcome).toEqual({ action: 'closed' });
    await homeShows('U0BOB', `asks to extend \`${asked.id}\``);
    await homeShows('U0ERIN', 'extension by 30m waiting for approval');

    // Revoke: the access ends, and Home lists it as ended.
    await clickHome(system, 'U0ERIN', HOME.revoke, asked.id);
    const revoked = await waitForState(system, asked.id, 'revoked');
    expect(revoked).toMatchObject({ endReason: 'revoked-early', revokedBy: 'U0ERIN' });
    const after = await homeShows('U0ERIN', 'revoked early');
    expect(after).toContain('Recently ended');

    // Request access opens the request form.
    await clickHome(system, 'U0ERIN', HOME.request, 'request');
    const requestForm = await eventually(
      () => {
        const view = system.slack.workspace.openView('U0ERIN');
        return view?.callback_id === 'latchkey_request' ? view : undefined;
      },
      { what: 'the request form' },
    );
    expect(requestForm.callback_id).toBe('latchkey_request');
    const made = await system.slack.sender.submitView(
      'U0ERIN',
      formValues({ entitlement: 'staging-admin', duration: '1h', reason: 'from Home' }),
    );
    expect(made.outcome).toEqual({ action: 'closed' });
    await homeShows('U0ERIN', '`staging-admin` for 1h');
  });

  it('Cancel on the Home tab takes back a waiting request', async () => {
    const asked = await request(system, 'U0ALICE', 'prod-read 30m a quick look');
    await openHome(system, 'U0ALICE');
    await clickHome(system, 'U0ALICE', HOME.cancel, asked.id);
    await waitForState(system, asked.id, 'cancelled');
    await homeShows('U0ALICE', 'cancelled');
  });
});

describe('Slack: the Home tab under a burst', () => {
  let system: System;
  beforeAll(async () => {
    // The burst is of Home publishes, not of Identity Center calls: the adapter is let past AWS's request
    // quotas, which would otherwise spread the fifty requests' lookups over seconds.
    system = await startSystem({
      identityCenterTuning: {
        adapter: { ...QUICK_POLL, limits: { ssoAdminPerSec: 1000, identityStorePerSecPerApi: 1000 } },
      },
    });
  });
  afterAll(async () => {
    await system.close();
  });

  it('50 grant changes for one approver are published within views.publish’s rate limit, the last state shown', async () => {
    await openHome(system, 'U0BOB');
    const ids: string[] = [];
    const began = Date.now();
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const grant = await createRequest(system.latchkey.deps, {
          requester: ['U0ALICE', 'U0DAVE', 'U0ERIN'][i % 3]!,
          entitlementId: 'prod-read',
          duration: '1h',
          reason: `burst ${i}`,
        });
        ids.push(grant.id);
      }),
    );
    await quiet(system);
    const bob = await waitForHome(system, 'U0BOB', '…and 35 more');
    expect(bob.match(/asks for `prod-read`/g)).toHaveLength(15);
    await system.latchkey.homes.idle();

    const publishes = system.slack.calls.filter((c) => c.method === 'views.publish');
    expect(publishes.filter((c) => c.response.error === 'ratelimited')).toEqual([]);
    expect(publishes.every((c) => c.response.ok === true)).toBe(true);
    expect(publishes.length).toBeLessThanOrEqual(100);
    // Coalesced: Bob's Home is published at most once per gathering window (400 ms) while the changes
    // come in, and once more at the end — far fewer times than there were changes.
    const forBob = publishes.filter((c) => c.args.user_id === 'U0BOB').length;
    const windows = Math.ceil((Date.now() - began) / 400);
    expect(forBob).toBeLessThanOrEqual(windows + 1);
    expect(forBob).toBeLessThan(50);
    expect(ids).toHaveLength(50);
  });
});

async function slashCancel(system: System, user: string, id: string): Promise<void> {
  await system.slack.sender.runSlashCommand(user, 'C0GENERAL', `cancel ${id}`);
  await waitForState(system, id, 'cancelled');
}
