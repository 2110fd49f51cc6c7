import { ErrorCode, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackSim } from '../../src/sim/slack/index.js';
import { BOT_TOKEN, startSim, webClient } from '../support/slack-sim.js';

let sim: SlackSim;

beforeEach(async () => {
  sim = await startSim();
});
afterEach(async () => {
  await sim.close();
});

async function platformError(call: Promise<unknown>): Promise<WebAPIPlatformError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: ErrorCode.PlatformError });
  return error as WebAPIPlatformError;
}

const approveButtons = [
  { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*alice* wants production' } },
  {
    type: 'actions',
    block_id: 'decision',
    elements: [
      { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' }, value: 'g-1' },
    ],
  },
];

describe('the simulated Web API, driven by @slack/web-api', () => {
  it('answers auth.test with the bot of the seed', async () => {
    const auth = await webClient(sim).auth.test();
    expect(auth).toMatchObject({
      ok: true,
      team_id: 'T0LATCHKEY',
      user_id: 'U0LATCHKEY',
      bot_id: 'B0LATCHKEY',
      url: 'https://latchkey-sandbox.slack.com/',
    });
  });

  it('posts a message with blocks, returns Slack’s shape and shows it in the channel', async () => {
    const posted = await webClient(sim).chat.postMessage({
      channel: 'C0APPROVALS',
      text: 'hi',
      blocks: approveButtons,
    });
    expect(posted.ok).toBe(true);
    expect(posted.channel).toBe('C0APPROVALS');
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message).toMatchObject({
      type: 'message',
      text: 'hi',
      user: 'U0LATCHKEY',
      bot_id: 'B0LATCHKEY',
    });
    expect(posted.message?.blocks).toEqual(approveButtons);
    const history = sim.workspace.history('C0APPROVALS');
    expect(history.map((m) => m.ts)).toEqual([posted.ts]);
    expect(history[0]?.blocks).toEqual(approveButtons);
  });

  it('gives increasing, unique timestamps and keeps replies in the thread', async () => {
    const client = webClient(sim);
    const parent = await client.chat.postMessage({ channel: 'C0APPROVALS', text: 'request' });
    const first = await client.chat.postMessage({
      channel: 'C0APPROVALS',
      text: 'r1',
      thread_ts: parent.ts ?? '',
    });
    const second = await client.chat.postMessage({
      channel: 'C0APPROVALS',
      text: 'r2',
      thread_ts: parent.ts ?? '',
    });
    expect(Number(first.ts)).toBeGreaterThan(Number(parent.ts));
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(sim.workspace.history('C0APPROVALS')).toHaveLength(1);
    const replies = await client.conversations.replies({ channel: 'C0APPROVALS', ts: parent.ts ?? '' });
    expect(replies.messages?.map((m) => m.text)).toEqual(['request', 'r1', 'r2']);
    expect(replies.messages?.[0]).toMatchObject({
      reply_count: 2,
      thread_ts: parent.ts,
      latest_reply: second.ts,
    });
  });

  it('updates a message, marks it edited, and deletes it', async () => {
    const client = webClient(sim);
    const posted = await client.chat.postMessage({ channel: 'C0APPROVALS', text: 'pending' });
    const updated = await client.chat.update({
      channel: 'C0APPROVALS',
      ts: posted.ts ?? '',
      text: 'approved',
    });
    expect(updated).toMatchObject({ ok: true, channel: 'C0APPROVALS', ts: posted.ts, text: 'approved' });
    expect(sim.workspace.message('C0APPROVALS', posted.ts ?? '')).toMatchObject({
      text: 'approved',
      edited: {},
    });
    const deleted = await client.chat.delete({ channel: 'C0APPROVALS', ts: posted.ts ?? '' });
    expect(deleted).toMatchObject({ ok: true, channel: 'C0APPROVALS', ts: posted.ts });
    expect(sim.workspace.history('C0APPROVALS')).toEqual([]);
  });

  it('builds permalinks the way Slack does, with thread parameters for replies', async () => {
    const client = webClient(sim);
    const parent = await client.chat.postMessage({ channel: 'C0APPROVALS', text: 'request' });
    const reply = await client.chat.postMessage({
      channel: 'C0APPROVALS',
      text: 'ok',
      thread_ts: parent.ts ?? '',
    });
    const top = await client.chat.getPermalink({ channel: 'C0APPROVALS', message_ts: parent.ts ?? '' });
    expect(top.permalink).toBe(
      `https://latchkey-sandbox.slack.com/archives/C0APPROVALS/p${parent.ts?.replace('.', '')}`,
    );
    const inThread = await client.chat.getPermalink({ channel: 'C0APPROVALS', message_ts: reply.ts ?? '' });
    expect(inThread.permalink).toContain(`?thread_ts=${parent.ts}&cid=C0APPROVALS`);
  });

  it('posts ephemeral messages only the named person sees', async () => {
    const sent = await webClient(sim).chat.postEphemeral({
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      text: 'only you',
    });
    expect(sent.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(sim.workspace.ephemerals('U0ALICE')).toMatchObject([{ channel: 'C0GENERAL', text: 'only you' }]);
    expect(sim.workspace.ephemerals('U0BOB')).toEqual([]);
    expect(sim.workspace.history('C0GENERAL')).toEqual([]);
  });

  it('opens DMs once and posts into them', async () => {
    const client = webClient(sim);
    const opened = await client.conversations.open({ users: 'U0BOB' });
    expect(opened.channel?.id).toMatch(/^D/);
    const again = await client.conversations.open({ users: 'U0BOB' });
    expect(again).toMatchObject({ no_op: true, already_open: true, channel: { id: opened.channel?.id } });
    await client.chat.postMessage({ channel: opened.channel?.id ?? '', text: 'your access expires soon' });
    expect(sim.workspace.dmsOf('U0BOB').map((m) => m.text)).toEqual(['your access expires soon']);
    const info = await client.conversations.info({ channel: opened.channel?.id ?? '' });
    expect(info.channel).toMatchObject({ is_im: true, user: 'U0BOB' });
  });

  it('describes people and user groups from the seed', async () => {
    const client = webClient(sim);
    const guest = await client.users.info({ user: 'U0GUEST' });
    expect(guest.user).toMatchObject({
      name: 'gina',
      is_restricted: true,
      is_ultra_restricted: false,
      profile: { email: 'gina@contractor.example', real_name: 'Gina Contractor' },
    });
    const bob = await client.users.lookupByEmail({ email: 'BOB@example.com' });
    expect(bob.user?.id).toBe('U0BOB');
    const groups = await client.usergroups.list({ include_users: true });
    expect(groups.usergroups?.find((g) => g.handle === 'sre-leads')?.users).toEqual([
      'U0BOB',
      'U0CAROL',
      'U0GUEST',
    ]);
    const members = await client.usergroups.users.list({ usergroup: 'S0FINANCE' });
    expect(members.users).toEqual(['U0DAVE']);
  });

  it('reports reactions on a message', async () => {
    const posted = await webClient(sim).chat.postMessage({ channel: 'C0APPROVALS', text: 'request' });
    sim.workspace.addReaction('C0APPROVALS', posted.ts ?? '', 'U0BOB', 'white_check_mark');
    sim.workspace.addReaction('C0APPROVALS', posted.ts ?? '', 'U0CAROL', 'white_check_mark');
    const got = await webClient(sim).reactions.get({ channel: 'C0APPROVALS', timestamp: posted.ts ?? '' });
    expect(got).toMatchObject({ type: 'message', channel: 'C0APPROVALS' });
    expect(got.message?.reactions).toEqual([
      { name: 'white_check_mark', users: ['U0BOB', 'U0CAROL'], count: 2 },
    ]);
  });

  it('accepts JSON bodies with a bearer token', async () => {
    const response = await fetch(`${sim.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${BOT_TOKEN}` },
      body: JSON.stringify({ channel: 'C0GENERAL', text: 'json', blocks: approveButtons }),
    });
    expect(await response.json()).toMatchObject({
      ok: true,
      channel: 'C0GENERAL',
      message: { text: 'json' },
    });
    expect(sim.workspace.history('C0GENERAL')[0]?.blocks).toEqual(approveButtons);
  });

  it('accepts the token as a form field', async () => {
    const response = await fetch(`${sim.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: BOT_TOKEN }).toString(),
    });
    expect(await response.json()).toMatchObject({ ok: true, user_id: 'U0LATCHKEY' });
  });
});

describe('failures arrive as the client’s platform errors', () => {
  it('rejects a wrong token with invalid_auth', async () => {
    const error = await platformError(webClient(sim, {}, 'xoxb-wrong').auth.test());
    expect(error.data.error).toBe('invalid_auth');
  });

  it('names unknown channels, users, messages and methods', async () => {
    const client = webClient(sim);
    expect((await platformError(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).data.error).toBe(
      'channel_not_found',
    );
    expect((await platformError(client.users.info({ user: 'U0NOBODY' }))).data.error).toBe('user_not_found');
    expect((await platformError(client.users.lookupByEmail({ email: 'no@example.com' }))).data.error).toBe(
      'users_not_found',
    );
    expect(
      (await platformError(client.chat.update({ channel: 'C0GENERAL', ts: '1.000100', text: 'x' }))).data
        .error,
    ).toBe('message_not_found');
    expect((await platformError(client.apiCall('chat.teleport'))).data.error).toBe('unknown_method');
  });

  it('refuses to post where the bot is not a member', async () => {
    sim.workspace.setBotMembership('C0PRODAPPROVALS', false);
    const error = await platformError(
      webClient(sim).chat.postMessage({ channel: 'C0PRODAPPROVALS', text: 'x' }),
    );
    expect(error.data.error).toBe('not_in_channel');
  });

  it('enforces the text limit and the Block Kit limits', async () => {
    const client = webClient(sim);
    const long = await platformError(
      client.chat.postMessage({ channel: 'C0GENERAL', text: 'x'.repeat(40_001) }),
    );
    expect(long.data.error).toBe('msg_too_long');

    const divider = { type: 'divider' };
    const tooMany = await platformError(
      client.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks: Array(51).fill(divider) }),
    );
    expect(tooMany.data.error).toBe('invalid_blocks');
    expect(tooMany.data.response_metadata?.messages?.[0]).toContain('no more than 50 items');

    const longSection = [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }];
    const section = await platformError(
      client.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks: longSection }),
    );
    expect(section.data.error).toBe('invalid_blocks');

    const button = { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'z'.repeat(76) } };
    const wideButton = [{ type: 'actions', elements: [button] }];
    const wide = await platformError(
      client.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks: wideButton }),
    );
    expect(wide.data.response_metadata?.messages?.[0]).toContain('/blocks/0/elements/0/text/text');

    expect(sim.workspace.history('C0GENERAL')).toEqual([]);
    await expect(
      client.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks: Array(50).fill(divider) }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('runs a method only for GET and POST: a HEAD or a PUT is not found and changes nothing', async () => {
    const url = `${sim.apiUrl}chat.postMessage?channel=C0GENERAL&text=hi`;
    const headers = { authorization: `Bearer ${BOT_TOKEN}` };
    expect((await fetch(url, { method: 'HEAD', headers })).status).toBe(404);
    const put = await fetch(url, { method: 'PUT', headers });
    expect([put.status, await put.json()]).toEqual([404, { ok: false, error: 'not_found' }]);
    expect(sim.workspace.history('C0GENERAL')).toEqual([]);
    expect(sim.calls).toEqual([]);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After, and the client waits and retries', async () => {
    sim.rateLimits.limit('chat.postMessage', { times: 1, retryAfterSec: 1 });
    const client = webClient(sim, { retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 10 } });
    const started = Date.now();
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'eventually' });
    expect(posted.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const attempts = sim.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.response.ok);
    expect(attempts).toEqual([false, true]);
    expect(sim.workspace.history('C0GENERAL')).toHaveLength(1);
  });

  it('limits only the method it was asked for, and tells a rejecting client how long to wait', async () => {
    sim.rateLimits.limit('chat.update', { times: 1, retryAfterSec: 7 });
    const client = webClient(sim, { rejectRateLimitedCalls: true });
    await expect(client.chat.postMessage({ channel: 'C0GENERAL', text: 'fine' })).resolves.toMatchObject({
      ok: true,
    });
    const error = await client.chat
      .update({ channel: 'C0GENERAL', ts: '1.000100', text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 7,
    } satisfies Partial<WebAPIRateLimitedError>);
  });
});
