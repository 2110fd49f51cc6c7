// Messages as Slack draws them: avatar, name, time, the Block Kit body, reaction chips, the thread
// link; ephemerals marked "Only visible to you". Also the channel pane and the thread pane.

import { html, nothing, type TemplateResult } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';
import type { SimReaction } from '../../types.js';
import { messageBodyTemplate } from '../block-kit-render.js';
import { emojiFor } from '../emoji.js';
import type { MrkdwnContext } from '../mrkdwn.js';
import type { UiChannel, UiMessage, UiState } from '../ui-state.js';
import { avatar, displayName } from './people.js';

export const timeOf = (ts: string) =>
  new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });

const replies = (n: number) => `${n} ${n === 1 ? 'reply' : 'replies'}`;

function reaction(state: UiState, r: SimReaction): TemplateResult {
  const mine = r.users.includes(state.me);
  const who = r.users.map((u) => displayName(state, u)).join(', ');
  return html`<button type="button" class="reaction${mine ? ' reaction-mine' : ''}" data-reaction=${r.name} aria-pressed=${String(mine)} title=${`${who} reacted with :${r.name}:`}><span class="reaction-emoji">${emojiFor(r.name) ?? `:${r.name}:`}</span><span class="reaction-count">${r.count}</span></button>`;
}

function reactions(state: UiState, message: UiMessage) {
  if (message.ephemeral) return nothing;
  const all = message.reactions ?? [];
  return html`<div class="reactions${all.length ? '' : ' reactions-empty'}">${all.map((r) => reaction(state, r))}<button type="button" class="reaction reaction-add" aria-label="Add reaction" title="Add reaction">☺<sup>+</sup></button></div>`;
}

function threadLink(state: UiState, message: UiMessage) {
  if (!message.reply_count) return nothing;
  return html`<button type="button" class="thread-link" data-thread=${message.ts}>${(message.reply_users ?? []).slice(0, 3).map((u) => avatar(state, u, 'small'))}<span class="thread-count">${replies(message.reply_count)}</span>${message.latest_reply ? html`<span class="thread-last">Last reply ${timeOf(message.latest_reply)}</span>` : nothing}</button>`;
}

function messageTemplate(state: UiState, ctx: MrkdwnContext, message: UiMessage, inThread = false) {
  const author = message.user ?? state.bot.userId;
  const classes = ['msg', message.ephemeral ? 'msg-ephemeral' : '', message.bot_id ? 'msg-bot' : ''].filter(
    Boolean,
  );
  return html`<div class=${classes.join(' ')} data-channel=${message.channel} data-ts=${message.ts}>${avatar(state, author)}<div class="msg-main"><div class="msg-head"><span class="msg-author">${displayName(state, author)}</span>${message.bot_id ? html`<span class="app-badge">APP</span>` : nothing}<time class="msg-time" title=${new Date(Number(message.ts) * 1000).toLocaleString()}>${timeOf(message.ts)}</time></div>${message.ephemeral ? html`<div class="ephemeral-note">👁 Only visible to you</div>` : nothing}<div class="msg-body">${messageBodyTemplate(message, ctx)}${message.edited ? html`<span class="msg-edited">(edited)</span>` : nothing}</div>${reactions(state, message)}${inThread ? nothing : threadLink(state, message)}</div></div>`;
}

export const channelTitle = (channel: UiChannel) =>
  channel.kind === 'dm' ? channel.name : `# ${channel.name}`;

export function messagesTemplate(state: UiState, ctx: MrkdwnContext, channel: UiChannel): TemplateResult {
  if (channel.messages.length === 0) {
    return channel.kind === 'dm'
      ? html`<div class="empty-channel">This is your direct message conversation with Latchkey. It writes here when your access starts and ends.</div>`
      : html`<div class="empty-channel">This is the very beginning of <b>#${channel.name}</b>. Type <code>/access</code> below to ask for AWS access.</div>`;
  }
  return html`${repeat(
    channel.messages,
    (m) => m.ts,
    (m) => messageTemplate(state, ctx, m),
  )}`;
}

export function threadTemplate(
  state: UiState,
  ctx: MrkdwnContext,
  channel: UiChannel,
  ts: string,
): TemplateResult {
  const parent = channel.messages.find((m) => m.ts === ts);
  const thread = channel.replies[ts] ?? [];
  const header = html`<header class="thread-header"><div><span class="thread-title">Thread</span><span class="thread-channel">${channelTitle(channel)}</span></div><button type="button" class="thread-close" aria-label="Close thread">×</button></header>`;
  if (!parent)
    return html`${header}<div class="thread-messages"><div class="empty-channel">This message is gone.</div></div>`;
  return html`${header}<div class="thread-messages">${messageTemplate(state, ctx, parent, true)}<div class="thread-divider"><span>${replies(thread.filter((r) => !r.ephemeral).length)}</span></div>${thread.map((r) => messageTemplate(state, ctx, r, true))}</div>`;
}
