import type { BlockAction, ButtonAction, SlackCommandMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackSim } from '../../src/sim/slack/index.js';
import { type BoltUnderTest, deferred, startBolt, startSim, webClient } from '../support/slack-sim.js';

let sim: SlackSim;
let bolt: BoltUnderTest | undefined;

beforeEach(async () => {
  sim = await startSim();
});
afterEach(async () => {
  await bolt?.close();
  bolt = undefined;
  await sim.close();
});

const requestModal = {
  type: 'modal' as const,
  callback_id: 'request_access',
  private_metadata: '{"channel":"C0APPROVALS"}',
  title: { type: 'plain_text' as const, text: 'Request access' },
  submit: { type: 'plain_text' as const, text: 'Request' },
  blocks: [
    {
      type: 'input',
      block_id: 'entitlement',
      label: { type: 'plain_text' as const, text: 'What' },
      element: { type: 'external_select', action_id: 'entitlement_select', min_query_length: 0 },
    },
    {
      type: 'input',
      block_id: 'duration',
      label: { type: 'plain_text' as const, text: 'How long' },
      element: {
        type: 'static_select',
        action_id: 'duration_select',
        options: [
          { text: { type: 'plain_text' as const, text: '1 hour' }, value: 'PT1H' },
          { text: { type: 'plain_text' as const, text: '4 hours' }, value: 'PT4H' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'reason',
      optional: true,
      label: { type: 'plain_text' as const, text: 'Why' },
      element: { type: 'plain_text_input', action_id: 'reason_input' },
    },
  ],
};

describe('a real Bolt app driven by the sender', () => {
  it('receives a slash command with Slack’s fields and can open a modal with its trigger_id', async () => {
    const seen = deferred<SlackCommandMiddlewareArgs['command']>();
    bolt = await startBolt(sim, (app) => {
      app.command('/access', async ({ ack, command, client }) => {
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: requestModal });
        seen.resolve(command);
      });
    });
    const { delivery, responseUrl } = await sim.sender.runSlashCommand(
      'U0ALICE',
      'C0APPROVALS',
      'production 1h',
    );
    expect(delivery.status).toBe(200);
    expect(delivery.ms).toBeLessThan(3000);
    const command = await seen.promise;
    expect(command).toMatchObject({
      command: '/access',
      text: 'production 1h',
      user_id: 'U0ALICE',
      user_name: 'alice',
      channel_id: 'C0APPROVALS',
      channel_name: 'access-requests',
      team_id: 'T0LATCHKEY',
      team_domain: 'latchkey-sandbox',
      api_app_id: 'A0LATCHKEY',
      response_url: responseUrl,
    });
    expect(sim.workspace.openView('U0ALICE')).toMatchObject({ callback_id: 'request_access', type: 'modal' });
  });

  it('answers suggestions for an external select and receives the submitted view', async () => {
    const submitted = deferred<ViewSubmitAction['view']>();
    bolt = await startBolt(sim, (app) => {
      app.command('/access', async ({ ack, command, client }) => {
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: requestModal });
      });
      app.options('entitlement_select', async ({ ack, options }) => {
        const all = ['production-admin', 'production-readonly', 'staging-admin'];
        await ack({
          options: all
            .filter((id) => id.includes(options.value))
            .map((id) => ({ text: { type: 'plain_text', text: id }, value: id })),
        });
      });
      app.view('request_access', async ({ ack, view }) => {
        await ack();
        submitted.resolve(view);
      });
    });
    const { delivery: command } = await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', '');
    expect(command.status).toBe(200);
    await expect.poll(() => sim.workspace.openView('U0ALICE')).toBeDefined();

    const suggestion = await sim.sender.typeInExternalSelect('U0ALICE', 'entitlement_select', 'production');
    expect(suggestion.delivery.status).toBe(200);
    expect(suggestion.options.map((o) => (o as { value: string }).value)).toEqual([
      'production-admin',
      'production-readonly',
    ]);

    const result = await sim.sender.submitView('U0ALICE', {
      entitlement_select: 'production-readonly',
      duration_select: 'PT4H',
      reason_input: 'incident 42',
    });
    expect(result.delivery.status).toBe(200);
    expect(result.delivery.ms).toBeLessThan(3000);
    expect(result.outcome).toEqual({ action: 'closed' });
    expect(sim.workspace.openView('U0ALICE')).toBeUndefined();
    const view = await submitted.promise;
    expect(view.private_metadata).toBe('{"channel":"C0APPROVALS"}');
    expect(view.state.values.entitlement?.entitlement_select?.selected_option?.value).toBe(
      'production-readonly',
    );
    expect(view.state.values.duration?.duration_select?.selected_option).toEqual({
      text: { type: 'plain_text', text: '4 hours' },
      value: 'PT4H',
    });
    expect(view.state.values.reason?.reason_input).toEqual({
      type: 'plain_text_input',
      value: 'incident 42',
    });
  });

  it('keeps the modal open with the errors the app answers', async () => {
    bolt = await startBolt(sim, (app) => {
      app.view('request_access', async ({ ack }) => {
        await ack({ response_action: 'errors', errors: { duration: 'Too long for production' } });
      });
    });
    const trigger = await webClient(sim).views.open({
      trigger_id: sim.sender.issueTriggerId('U0ALICE'),
      view: requestModal,
    });
    const result = await sim.sender.submitView('U0ALICE', {
      entitlement_select: 'production-admin',
      duration_select: 'PT4H',
    });
    expect(result.outcome).toEqual({ action: 'errors', errors: { duration: 'Too long for production' } });
    expect(sim.workspace.openView('U0ALICE')).toMatchObject({
      id: trigger.view?.id,
      errors: { duration: 'Too long for production' },
    });
  });

  it('tells the app a modal was closed only when it asked with notify_on_close', async () => {
    const closed = deferred<string>();
    bolt = await startBolt(sim, (app) => {
      app.view({ callback_id: 'request_access', type: 'view_closed' }, async ({ ack, view }) => {
        await ack();
        closed.resolve(view.id);
      });
    });
    const client = webClient(sim);
    await client.views.open({ trigger_id: sim.sender.issueTriggerId('U0BOB'), view: requestModal });
    expect(await sim.sender.closeView('U0BOB')).toBeUndefined();
    const opened = await client.views.open({
      trigger_id: sim.sender.issueTriggerId('U0BOB'),
      view: { ...requestModal, notify_on_close: true },
    });
    const delivery = await sim.sender.closeView('U0BOB');
    expect(delivery?.status).toBe(200);
    expect(await closed.promise).toBe(opened.view?.id);
    expect(sim.workspace.openView('U0BOB')).toBeUndefined();
  });

  it('delivers a block action with the message as the workspace holds it', async () => {
    const seen = deferred<{ body: BlockAction; action: ButtonAction }>();
    bolt = await startBolt(sim, (app) => {
      app.action<BlockAction<ButtonAction>>('approve', async ({ ack, body, action }) => {
        await ack();
        seen.resolve({ body, action });
      });
    });
    const posted = await webClient(sim).chat.postMessage({
      channel: 'C0APPROVALS',
      text: 'alice requests production',
      blocks: [
        {
          type: 'actions',
          block_id: 'decision',
          elements: [
            {
              type: 'button',
              action_id: 'approve',
              text: { type: 'plain_text', text: 'Approve' },
              value: 'g-abc',
            },
          ],
        },
      ],
    });
    const { delivery, responseUrl, triggerId } = await sim.sender.clickButton(
      'U0BOB',
      'C0APPROVALS',
      posted.ts ?? '',
      'approve',
    );
    expect(delivery.status).toBe(200);
    const { body, action } = await seen.promise;
    expect(action).toMatchObject({
      action_id: 'approve',
      block_id: 'decision',
      value: 'g-abc',
      type: 'button',
    });
    expect(body).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BOB', username: 'bob', team_id: 'T0LATCHKEY' },
      team: { id: 'T0LATCHKEY', domain: 'latchkey-sandbox' },
      channel: { id: 'C0APPROVALS', name: 'access-requests' },
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C0APPROVALS', is_ephemeral: false },
      message: { ts: posted.ts, text: 'alice requests production', bot_id: 'B0LATCHKEY' },
      response_url: responseUrl,
      trigger_id: triggerId,
    });
  });

  it('delivers reaction events, and retries carry the same event_id with Slack’s retry headers', async () => {
    const events: {
      reaction: string;
      retryNum: number | undefined;
      user: string;
      itemUser: string | undefined;
    }[] = [];
    const second = deferred<void>();
    bolt = await startBolt(sim, (app) => {
      app.event('reaction_added', async ({ event, context }) => {
        events.push({
          reaction: event.reaction,
          retryNum: context.retryNum,
          user: event.user,
          itemUser: event.item_user,
        });
        if (events.length === 2) second.resolve();
      });
    });
    const posted = await webClient(sim).chat.postMessage({ channel: 'C0APPROVALS', text: 'request' });
    const delivery = await sim.sender.addReaction(
      'U0CAROL',
      'C0APPROVALS',
      posted.ts ?? '',
      'white_check_mark',
    );
    expect(delivery.status).toBe(200);
    expect(delivery.ms).toBeLessThan(3000);
    expect(sim.workspace.message('C0APPROVALS', posted.ts ?? '')?.reactions).toEqual([
      { name: 'white_check_mark', users: ['U0CAROL'], count: 1 },
    ]);
    const eventId = sim.sender.lastEventId() ?? '';
    expect(eventId).toMatch(/^Ev/);
    const retry = await sim.sender.retryEvent(eventId, { retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await second.promise;
    expect(events).toEqual([
      { reaction: 'white_check_mark', retryNum: undefined, user: 'U0CAROL', itemUser: 'U0LATCHKEY' },
      { reaction: 'white_check_mark', retryNum: 1, user: 'U0CAROL', itemUser: 'U0LATCHKEY' },
    ]);
  });

  it('answers the url_verification challenge', async () => {
    bolt = await startBolt(sim, () => undefined);
    const delivery = await sim.sender.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    expect(delivery.status).toBe(200);
    expect(delivery.json).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('is refused with 401 when the signature is wrong, missing or the timestamp is stale', async () => {
    let handled = 0;
    bolt = await startBolt(sim, (app) => {
      app.command('/access', async ({ ack }) => {
        handled += 1;
        await ack();
      });
    });
    const wrong = await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', 'x', { signature: 'wrong' });
    const missing = await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', 'x', { signature: 'missing' });
    const stale = await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', 'x', { ageSec: 6 * 60 });
    expect([wrong.delivery.status, missing.delivery.status, stale.delivery.status]).toEqual([401, 401, 401]);
    const fresh = await sim.sender.runSlashCommand('U0ALICE', 'C0APPROVALS', 'x', { ageSec: 4 * 60 });
    expect(fresh.delivery.status).toBe(200);
    expect(handled).toBe(1);
  });
});
