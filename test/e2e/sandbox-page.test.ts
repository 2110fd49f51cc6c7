// The sandbox page in headless Chromium against the Slack simulator and a small real Bolt app: the page
// sends slash commands, renders the blocks the app posts, clicks buttons and reacts as the chosen
// person, shows ephemerals to that person alone, opens threads and DMs, drives a modal with field
// errors, and follows Identity Center, all without reloading.

import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityCenterSim, loadSeedFromOrgFile } from '../../src/sim/identity-center/index.js';
import type { SlackSim } from '../../src/sim/slack/index.js';
import { type BoltUnderTest, startBolt, startSim } from '../support/slack-sim.js';
import { type Browser, launchChromium, SCREENSHOTS } from './chromium.js';

const PRODUCTION = '123456789012';
let sim: SlackSim;
let bolt: BoltUnderTest;
let ic: IdentityCenterSim;
let browser: Browser;
let page: Page;

const requestView = {
  type: 'modal' as const,
  callback_id: 'request',
  title: { type: 'plain_text' as const, text: 'Request access' },
  submit: { type: 'plain_text' as const, text: 'Request' },
  close: { type: 'plain_text' as const, text: 'Cancel' },
  blocks: [
    {
      type: 'input',
      block_id: 'entitlement',
      label: { type: 'plain_text' as const, text: 'Access to' },
      element: {
        type: 'static_select',
        action_id: 'value',
        options: [
          {
            text: { type: 'plain_text' as const, text: 'prod-read — Read-only on production' },
            value: 'prod-read',
          },
          { text: { type: 'plain_text' as const, text: 'prod-admin — Administrator' }, value: 'prod-admin' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'account',
      label: { type: 'plain_text' as const, text: 'Account' },
      element: { type: 'external_select', action_id: 'value', min_query_length: 0 },
    },
    {
      type: 'input',
      block_id: 'duration',
      label: { type: 'plain_text' as const, text: 'For how long' },
      hint: { type: 'plain_text' as const, text: 'Like 30m or 2h' },
      element: { type: 'plain_text_input', action_id: 'value', initial_value: '1h' },
    },
    {
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text' as const, text: 'Why' },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true },
    },
  ],
};

const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function requestBlocks(user: string, what: string, reason: string) {
  const in2m = Math.floor(Date.now() / 1000) + 120;
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Access request' } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*<@${user}> asks for \`${slackEscape(what)}\`* :unlock:` },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Approvers*\n<!subteam^S0SRELEADS>` },
        { type: 'mrkdwn', text: `*Channel*\n<#C0APPROVALS>` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*Reason*\n${slackEscape(reason)}` } },
    { type: 'divider' },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:hourglass_flowing_sand: open until <!date^${in2m}^{date_short_pretty} {time}|later>`,
        },
      ],
    },
    {
      type: 'actions',
      block_id: 'decide',
      elements: [
        {
          type: 'button',
          action_id: 'approve',
          style: 'primary',
          value: 'g1',
          text: { type: 'plain_text', text: 'Approve' },
        },
        {
          type: 'button',
          action_id: 'deny',
          style: 'danger',
          value: 'g1',
          text: { type: 'plain_text', text: 'Deny' },
        },
      ],
    },
  ];
}

beforeAll(async () => {
  ic = new IdentityCenterSim({
    seed: await loadSeedFromOrgFile('examples/sandbox/org.yml'),
    provisioningMs: 300,
  });
  sim = await startSim({ ui: { identityCenterState: () => ic.snapshot() } });
  bolt = await startBolt(sim, (app) => {
    app.command('/access', async ({ ack, command, client }) => {
      if (command.text.trim() === '') {
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: requestView });
        return;
      }
      if (command.text.trim() === 'help')
        return ack({
          response_type: 'ephemeral',
          text: 'Usage: `/access <entitlement> <duration> <reason>`',
        });
      await ack();
      const [what = '', , ...reason] = command.text.split(' ');
      const blocks = requestBlocks(command.user_id, what, reason.join(' '));
      await client.chat.postMessage({ channel: command.channel_id, text: `${what} requested`, blocks });
    });
    app.options('value', async ({ ack, options }) => {
      const accounts = ['production', 'staging'].filter((a) => a.includes(options.value));
      await ack({ options: accounts.map((a) => ({ text: { type: 'plain_text', text: a }, value: a })) });
    });
    app.view('request', async ({ ack, view, body, client }) => {
      const reason = view.state.values.reason?.value?.value ?? '';
      if (reason.length < 5)
        return ack({ response_action: 'errors', errors: { reason: 'Say a little more' } });
      await ack();
      const what = view.state.values.entitlement?.value?.selected_option?.value ?? '';
      const blocks = requestBlocks(body.user.id, what, reason);
      await client.chat.postMessage({ channel: 'C0APPROVALS', text: `${what} requested`, blocks });
    });
    app.action<BlockAction<ButtonAction>>('approve', async ({ ack, body, client }) => {
      await ack();
      const channel = body.channel?.id ?? '';
      const ts = body.message?.ts ?? '';
      await client.chat.postMessage({
        channel,
        thread_ts: ts,
        text: `:white_check_mark: Approved by <@${body.user.id}>`,
      });
      await ic.call('sso-admin', 'CreateAccountAssignment', {
        InstanceArn: ic.instanceArn,
        TargetId: PRODUCTION,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: ic.permissionSetArn('AdministratorAccess'),
        PrincipalType: 'USER',
        PrincipalId: ic.userId('alice'),
      });
      const dm = await client.conversations.open({ users: 'U0ALICE' });
      await client.chat.postMessage({
        channel: dm.channel?.id ?? '',
        text: ':unlock: Your access to *production* is active.',
      });
    });
    app.action<BlockAction<ButtonAction>>('deny', async ({ ack, body, client }) => {
      await ack();
      await client.chat.postEphemeral({
        channel: body.channel?.id ?? '',
        user: body.user.id,
        text: ':no_entry: Only requesters and approvers may deny. &lt;not you&gt;',
      });
    });
    app.event('reaction_added', async ({ event, client }) => {
      if (event.item.type !== 'message') return;
      await client.chat.postMessage({
        channel: event.item.channel,
        thread_ts: event.item.ts,
        text: `<@${event.user}> reacted with :${event.reaction}:`,
      });
    });
  });
  browser = await launchChromium();
  page = browser.page;
  console.info(`Screenshots: ${SCREENSHOTS}`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await bolt?.close();
  await sim?.close();
});

const youAre = (id: string) => page.selectOption('#you-are', id);
const composer = () => page.locator('#composer-input');
const request = () => page.locator('#messages .msg', { hasText: 'asks for' }).first();

describe('the sandbox page', () => {
  it('shows the banner, the people, the channels and what Identity Center holds', async () => {
    await page.goto(`${sim.pageUrl}?as=U0ALICE`);
    await expect.poll(() => page.locator('.banner').textContent()).toContain('Latchkey sandbox');
    const people = await page.locator('#you-are option').allTextContents();
    expect(people).toContain('Alice Ng — Engineer');
    expect(people).toContain('Bob Reyes — SRE lead');
    expect(people).toContain('Gina Contractor — Contractor (guest)');
    expect(await page.locator('#channel-list .channel-name').allTextContents()).toEqual([
      'access-requests',
      'prod-access',
      'general',
    ]);
    expect(await page.locator('#dm-list').textContent()).toContain('Latchkey');
    const panel = page.locator('#ic-panel');
    await expect.poll(() => panel.textContent()).toContain('Carol Diaz');
    expect(await panel.textContent()).toContain('ReadOnlyAccess');
    expect(await panel.locator('[data-group="BillingReaders"]').textContent()).toContain('Dave Okafor');
  });

  it('sends /access as the chosen person and renders the blocks the app posts, escaped', async () => {
    await composer().fill('/access prod-read 2m checking logs <script>alert(1)</script> <!channel> & more');
    await composer().press('Enter');
    const message = request();
    await expect.poll(() => message.count()).toBe(1);
    const body = message.locator('.msg-body');
    expect(await body.locator('.bk-header').textContent()).toBe('Access request');
    expect(await body.locator('strong').first().textContent()).toBe('@Alice Ng asks for prod-read');
    expect(await body.locator('code').first().textContent()).toBe('prod-read');
    expect(await body.locator('.mention-group').textContent()).toBe('@sre-leads');
    expect(await body.locator('.mention-channel').textContent()).toBe('#access-requests');
    expect(await body.textContent()).toContain('checking logs <script>alert(1)</script> <!channel> & more');
    expect(await body.locator('script').count()).toBe(0);
    expect(await body.locator('.mention-special').count()).toBe(0);
    expect(await body.textContent()).toContain('🔓');
    expect(await body.locator('.slack-date').textContent()).toMatch(/^(today|tomorrow) /);
    expect(await body.locator('hr.bk-divider').count()).toBe(1);
    expect(await body.locator('button.bk-primary').textContent()).toBe('Approve');
    expect(await body.locator('button.bk-danger').textContent()).toBe('Deny');
    expect(sim.workspace.history('C0APPROVALS').at(-1)?.user).toBe('U0LATCHKEY');
    await browser.shot('01-request-as-alice');
  });

  it('shows a slash command’s immediate answer to the person alone', async () => {
    await composer().fill('/access help');
    await composer().press('Enter');
    const ephemeral = page.locator('#messages .msg-ephemeral', { hasText: 'Usage:' });
    await expect.poll(() => ephemeral.count()).toBe(1);
    expect(await ephemeral.textContent()).toContain('Only visible to you');
  });

  it('clicks Approve as Bob, updates live, threads the reply, grants in Identity Center and DMs Alice', async () => {
    await youAre('U0BOB');
    await expect.poll(() => page.locator('#messages .msg-ephemeral').count()).toBe(0);
    await request().locator('button', { hasText: 'Approve' }).click();
    const threadLink = request().locator('.thread-link');
    await expect.poll(() => threadLink.textContent()).toContain('1 reply');
    const granted = page.locator(
      '#ic-panel .ic-row[data-principal="alice"][data-permission-set="AdministratorAccess"]',
    );
    await expect.poll(() => granted.count(), { timeout: 5000 }).toBe(1);
    expect(await granted.textContent()).toContain('Alice Ng');
    await threadLink.click();
    const thread = page.locator('#thread');
    await expect.poll(() => thread.isVisible()).toBe(true);
    expect(await thread.locator('.msg').nth(1).textContent()).toContain('✅ Approved by @Bob Reyes');
    await browser.shot('02-approved-as-bob');
    await thread.locator('.thread-close').click();
    await expect.poll(() => thread.isVisible()).toBe(false);
    expect(
      sim.workspace.thread('C0APPROVALS', sim.workspace.history('C0APPROVALS')[0]?.ts ?? ''),
    ).toHaveLength(2);
  });

  it('shows an ephemeral answer to the person who clicked, and to nobody else', async () => {
    await request().locator('button', { hasText: 'Deny' }).click();
    const ephemeral = page.locator('#messages .msg-ephemeral');
    await expect.poll(() => ephemeral.count()).toBe(1);
    expect(await ephemeral.textContent()).toContain('Only visible to you');
    expect(await ephemeral.textContent()).toContain('⛔ Only requesters and approvers may deny. <not you>');
    await youAre('U0CAROL');
    await expect.poll(() => page.locator('#messages .msg-ephemeral').count()).toBe(0);
    await youAre('U0BOB');
    await expect.poll(() => page.locator('#messages .msg-ephemeral').count()).toBe(1);
  });

  it('adds a reaction as Bob from the menu, and removes it by clicking the chip', async () => {
    const message = request();
    await message.hover();
    await message.locator('.reaction-add').click();
    await page.locator('#reaction-menu [data-choice="white_check_mark"]').click();
    const chip = message.locator('.reaction[data-reaction="white_check_mark"]');
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
    expect(await chip.textContent()).toBe('✅1');
    await expect.poll(() => message.locator('.thread-link').textContent()).toContain('2 replies');
    await browser.shot('03-reaction-as-bob');
    await chip.click();
    await expect.poll(() => chip.count()).toBe(0);
    expect(sim.workspace.history('C0APPROVALS')[0]?.reactions).toBeUndefined();
  });

  it('shows the DM the app sent to Alice under Direct messages', async () => {
    await youAre('U0ALICE');
    const entry = page.locator('#dm-list .channel-entry');
    await entry.click();
    const dm = page.locator('#messages .msg', { hasText: 'Your access to' });
    await expect.poll(() => dm.count()).toBe(1);
    expect(await dm.locator('strong').textContent()).toBe('production');
    await browser.shot('04-dm-as-alice');
  });

  it('opens the modal for /access, shows field errors the app answers, and closes it on success', async () => {
    await page.locator('[data-channel-key="C0APPROVALS"]').click();
    await composer().fill('/access');
    await composer().press('Enter');
    const modal = page.locator('form.modal');
    await expect.poll(() => modal.isVisible()).toBe(true);
    expect(await modal.locator('.modal-title').textContent()).toBe('Request access');
    expect(await modal.locator('.field-hint').textContent()).toBe('Like 30m or 2h');
    await modal.locator('.modal-submit').click();
    expect(await modal.locator('.field-error:visible').count()).toBe(3);
    await modal.locator('select[name="entitlement.value"]').selectOption('prod-read');
    await modal.locator('.ext-query').fill('prod');
    await modal.locator('.ext-options li', { hasText: 'production' }).click();
    await modal.locator('textarea[name="reason.value"]').fill('why');
    await modal.locator('.modal-submit').click();
    const error = modal.locator('[data-block-id="reason"] .field-error');
    await expect.poll(() => error.textContent()).toBe('Say a little more');
    await browser.shot('05-modal-errors');
    expect(await modal.locator('select[name="entitlement.value"]').inputValue()).toBe('prod-read');
    await modal.locator('textarea[name="reason.value"]').fill('incident 42 needs logs');
    await modal.locator('.modal-submit').click();
    await expect.poll(() => modal.count()).toBe(0);
    await expect
      .poll(() => page.locator('#messages .msg', { hasText: 'incident 42 needs logs' }).count())
      .toBe(1);
    await browser.shot('06-after-modal');
  });

  it('keeps what the person is typing in the composer and an open modal while the channel redraws', async () => {
    await composer().fill('/access');
    await composer().press('Enter');
    const modal = page.locator('form.modal');
    await expect.poll(() => modal.isVisible()).toBe(true);
    const reason = modal.locator('textarea[name="reason.value"]');
    await reason.fill('half-typed reason');
    await modal.locator('.ext-query').pressSequentially('pro');
    await composer().evaluate((input: HTMLTextAreaElement) => {
      input.value = 'a draft';
    });
    await bolt.app.client.chat.postMessage({ channel: 'C0APPROVALS', text: 'a change while typing' });
    await expect
      .poll(() => page.locator('#messages .msg', { hasText: 'a change while typing' }).count())
      .toBe(1);
    expect(await reason.inputValue()).toBe('half-typed reason');
    expect(await modal.locator('.ext-query').inputValue()).toBe('pro');
    expect(await composer().inputValue()).toBe('a draft');
    // The app updates the open view (same view, new hash): the form is redrawn around what was typed.
    const open = sim.workspace.openView('U0ALICE');
    if (!open) throw new Error('Alice has no modal open');
    await bolt.app.client.views.update({
      view_id: open.id,
      view: {
        type: 'modal',
        callback_id: open.callback_id,
        title: { type: 'plain_text', text: 'Request access now' },
        ...(open.submit ? { submit: open.submit as { type: 'plain_text'; text: string } } : {}),
        blocks: open.blocks as never[],
      },
    });
    await expect.poll(() => modal.locator('.modal-title').textContent()).toBe('Request access now');
    expect(await reason.inputValue()).toBe('half-typed reason');
    expect(await modal.locator('.ext-query').inputValue()).toBe('pro');
    await page.keyboard.press('Escape');
    await expect.poll(() => modal.count()).toBe(0);
    await composer().fill('');
  });
  it('keeps the person just chosen when the page’s answer for the one before arrives after the switch', async () => {
    // Bob sees the ephemeral answer he was given earlier; Carol does not.
    const ephemerals = page.locator('#messages .msg-ephemeral');
    await youAre('U0BOB');
    await expect.poll(() => ephemerals.count()).toBe(1);
    // Bob's next view of the workspace is held back until the person has become Carol and her view is drawn.
    let held = 0;
    let release = () => {};
    const switched = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/ui/state?as=U0BOB', async (route) => {
      held += 1;
      await switched;
      await route.continue();
    });
    await bolt.app.client.chat.postMessage({ channel: 'C0APPROVALS', text: 'a change everyone sees' });
    await expect.poll(() => held).toBeGreaterThan(0);
    const carols = page.waitForResponse('**/ui/state?as=U0CAROL');
    await youAre('U0CAROL');
    await (await carols).finished();
    await expect.poll(() => ephemerals.count()).toBe(0);
    // Bob's answer arrives now, and the page has read it before looking again.
    const bobs = page.waitForResponse('**/ui/state?as=U0BOB');
    release();
    await (await bobs).finished();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(await ephemerals.count()).toBe(0);
    await page.unroute('**/ui/state?as=U0BOB');
    expect(await page.locator('#you-are').inputValue()).toBe('U0CAROL');
    expect(new URL(page.url()).searchParams.get('as')).toBe('U0CAROL');
  });
});
