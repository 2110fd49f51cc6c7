// Messages as Slack draws them: avatar, name, time, the Block Kit body, reaction chips, the thread
// link; ephemerals marked "Only visible to you". Also the channel pane and the thread pane.

import { messageBodyHtml } from '../block-kit-render.js';
import { emojiFor } from '../emoji.js';
import { escapeHtml } from '../html.js';
import type { MrkdwnContext } from '../mrkdwn.js';
import type { UiChannel, UiMessage, UiReaction, UiState } from '../ui-model.js';
import { avatarHtml, displayName } from './people.js';

export const timeOf = (ts: string) =>
  new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });

function reactionHtml(state: UiState, reaction: UiReaction): string {
  const mine = reaction.users.includes(state.me);
  const who = reaction.users.map((u) => displayName(state, u)).join(', ');
  const emoji = emojiFor(reaction.name) ?? `:${reaction.name}:`;
  return [
    `<button type="button" class="reaction${mine ? ' reaction-mine' : ''}" data-reaction="${escapeHtml(reaction.name)}"`,
    ` aria-pressed="${mine}" title="${escapeHtml(`${who} reacted with :${reaction.name}:`)}">`,
    `<span class="reaction-emoji">${emoji}</span><span class="reaction-count">${reaction.count}</span></button>`,
  ].join('');
}

function reactionsHtml(state: UiState, message: UiMessage): string {
  if (message.ephemeral) return '';
  const chips = message.reactions.map((r) => reactionHtml(state, r)).join('');
  const add = `<button type="button" class="reaction reaction-add" aria-label="Add reaction" title="Add reaction">☺<sup>+</sup></button>`;
  return `<div class="reactions${chips ? '' : ' reactions-empty'}">${chips}${add}</div>`;
}

function threadLinkHtml(state: UiState, message: UiMessage): string {
  if (message.replyCount === 0) return '';
  const faces = message.replyUsers
    .slice(0, 3)
    .map((u) => avatarHtml(state, u, 'small'))
    .join('');
  const label = `${message.replyCount} ${message.replyCount === 1 ? 'reply' : 'replies'}`;
  const last = message.latestReply
    ? `<span class="thread-last">Last reply ${timeOf(message.latestReply)}</span>`
    : '';
  return `<button type="button" class="thread-link" data-thread="${escapeHtml(message.ts)}">${faces}<span class="thread-count">${label}</span>${last}</button>`;
}

export function messageHtml(
  state: UiState,
  ctx: MrkdwnContext,
  message: UiMessage,
  inThread = false,
): string {
  const classes = ['msg', message.ephemeral ? 'msg-ephemeral' : '', message.isBot ? 'msg-bot' : '']
    .filter(Boolean)
    .join(' ');
  const badge = message.isBot ? '<span class="app-badge">APP</span>' : '';
  const note = message.ephemeral ? '<div class="ephemeral-note">👁 Only visible to you</div>' : '';
  const edited = message.edited ? '<span class="msg-edited">(edited)</span>' : '';
  return [
    `<div class="${classes}" data-channel="${escapeHtml(message.channel)}" data-ts="${escapeHtml(message.ts)}">`,
    avatarHtml(state, message.user),
    '<div class="msg-main">',
    `<div class="msg-head"><span class="msg-author">${escapeHtml(displayName(state, message.user))}</span>${badge}`,
    `<time class="msg-time" title="${escapeHtml(new Date(Number(message.ts) * 1000).toLocaleString())}">${timeOf(message.ts)}</time></div>`,
    note,
    `<div class="msg-body">${messageBodyHtml(message, ctx)}${edited}</div>`,
    reactionsHtml(state, message),
    inThread ? '' : threadLinkHtml(state, message),
    '</div></div>',
  ].join('');
}

export function channelTitle(channel: UiChannel): string {
  return channel.kind === 'dm' ? escapeHtml(channel.name) : `# ${escapeHtml(channel.name)}`;
}

export function messagesHtml(state: UiState, ctx: MrkdwnContext, channel: UiChannel): string {
  if (channel.messages.length === 0) {
    const what =
      channel.kind === 'dm'
        ? 'This is your direct message conversation with Latchkey. It writes here when your access starts and ends.'
        : `This is the very beginning of <b>#${escapeHtml(channel.name)}</b>. Type <code>/access</code> below to ask for AWS access.`;
    return `<div class="empty-channel">${what}</div>`;
  }
  return channel.messages.map((m) => messageHtml(state, ctx, m)).join('');
}

export function threadHtml(state: UiState, ctx: MrkdwnContext, channel: UiChannel, ts: string): string {
  const parent = channel.messages.find((m) => m.ts === ts);
  const replies = channel.replies[ts] ?? [];
  const header = [
    '<header class="thread-header"><div><span class="thread-title">Thread</span>',
    `<span class="thread-channel">${channelTitle(channel)}</span></div>`,
    '<button type="button" class="thread-close" aria-label="Close thread">×</button></header>',
  ].join('');
  if (!parent)
    return `${header}<div class="thread-messages"><div class="empty-channel">This message is gone.</div></div>`;
  const count = replies.filter((r) => !r.ephemeral).length;
  const divider = `<div class="thread-divider"><span>${count} ${count === 1 ? 'reply' : 'replies'}</span></div>`;
  const body = [
    messageHtml(state, ctx, parent, true),
    divider,
    ...replies.map((r) => messageHtml(state, ctx, r, true)),
  ];
  return `${header}<div class="thread-messages">${body.join('')}</div>`;
}
