// Slack mrkdwn to HTML for the sandbox page. The text arrives with Slack's escapes (`&lt;` `&gt;`
// `&amp;`), so only `<…>` sequences the sender wrote on purpose are mentions, links or dates; every
// other character is decoded and escaped again for HTML, never interpreted.
//
// Pieces that must not be reformatted (code, mentions, links, emoji) are swapped for private-use
// placeholders first, then bold / italic / strike apply across the rest, then the pieces come back.

import { emojiFor } from './emoji.js';
import { decodeSlackEntities, escapeHtml, safeHref } from './html.js';
import { formatSlackDate } from './slack-date.js';

/** What the renderer needs to know about the workspace to show names instead of ids. */
export interface MrkdwnContext {
  userName(id: string): string | undefined;
  groupHandle(id: string): string | undefined;
  channelName(id: string): string | undefined;
  /** The person looking: their own mentions are highlighted. */
  me?: string;
  now?: () => Date;
}

const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** Text shown as is: Slack's escapes decoded, then escaped for HTML. */
export const plainHtml = (text: string): string => escapeHtml(decodeSlackEntities(text));

function mentionHtml(label: string, kind: string, me = false): string {
  return `<span class="mention mention-${kind}${me ? ' mention-me' : ''}">${escapeHtml(label)}</span>`;
}

/** One `<…>` sequence: a mention, a channel, a user group, a special mention, a date or a link. */
function tokenHtml(inner: string, ctx: MrkdwnContext): string {
  const [target = '', ...rest] = inner.split('|');
  const label = rest.length > 0 ? decodeSlackEntities(rest.join('|')) : undefined;
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return mentionHtml(`@${label ?? ctx.userName(id) ?? id}`, 'user', id === ctx.me);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return mentionHtml(`#${label ?? ctx.channelName(id) ?? id}`, 'channel');
  }
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    const handle = ctx.groupHandle(id);
    return mentionHtml(label ?? (handle ? `@${handle}` : `@${id}`), 'group');
  }
  if (target.startsWith('!date^')) {
    const [, unix = '', format = ''] = target.split('^');
    const fallback = label ?? '';
    const shown = formatSlackDate(Number(unix), decodeSlackEntities(format), fallback, ctx.now?.());
    return `<time class="slack-date" title="${escapeHtml(fallback)}">${escapeHtml(shown)}</time>`;
  }
  if (/^!(here|channel|everyone)$/.test(target)) return mentionHtml(`@${target.slice(1)}`, 'special');
  const href = safeHref(decodeSlackEntities(target));
  if (href) {
    const text = label ?? href.replace(/^mailto:/i, '');
    return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
  }
  return escapeHtml(`<${decodeSlackEntities(inner)}>`);
}

function emphasis(html: string, marker: '*' | '_' | '~', tag: string): string {
  const m = marker === '*' ? '\\*' : marker;
  const pattern = new RegExp(`(^|[^\\w${m}])${m}(?=\\S)([^${m}\\n]*?\\S)${m}(?![\\w${m}])`, 'g');
  return html.replace(pattern, (_, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`);
}

function quotes(html: string): string {
  return html
    .split('\n')
    .map((line) => (line.startsWith('&gt; ') ? `<blockquote>${line.slice(5)}</blockquote>` : line))
    .join('\n')
    .replace(/<\/blockquote>\n<blockquote>/g, '<br>')
    .replace(/<\/blockquote>\n/g, '</blockquote>')
    .replace(/\n/g, '<br>');
}

function inlineHtml(text: string, ctx: MrkdwnContext): string {
  const atoms: string[] = [];
  const keep = (html: string) => `${OPEN}${atoms.push(html) - 1}${CLOSE}`;
  let work = text.replace(/`([^`\n]+)`/g, (_, code: string) => keep(`<code>${plainHtml(code)}</code>`));
  work = work.replace(/<([^<>\n]+)>/g, (_, inner: string) => keep(tokenHtml(inner, ctx)));
  work = work.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => {
    const emoji = emojiFor(name);
    return emoji ? keep(`<span class="emoji" title=":${escapeHtml(name)}:">${emoji}</span>`) : whole;
  });
  let html = plainHtml(work);
  html = emphasis(html, '*', 'strong');
  html = emphasis(html, '_', 'em');
  html = emphasis(html, '~', 's');
  html = quotes(html);
  // A placeholder can sit inside another piece (code inside a link label), so restore until none is left.
  for (let i = 0; i < 3 && html.includes(OPEN); i++) {
    html = html.replace(PLACEHOLDER, (_, index: string) => atoms[Number(index)] ?? '');
  }
  return html;
}

/** Slack mrkdwn (as the Web API carries it) to safe HTML. */
export function mrkdwnToHtml(text: string, ctx: MrkdwnContext): string {
  const clean = text.replace(/[\uE000\uE001]/g, '');
  const parts = clean.split('```');
  // An unmatched fence is shown as typed.
  const closed =
    parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts.at(-2)}\`\`\`${parts.at(-1)}`];
  return closed
    .map((part, index) =>
      index % 2 === 1
        ? `<pre class="code-block">${plainHtml(part.replace(/^\n/, '').replace(/\n$/, ''))}</pre>`
        : inlineHtml(part, ctx),
    )
    .join('');
}

/** A plain_text object's text: no formatting, emoji codes shown as emoji unless `emoji: false`. */
export function plainTextToHtml(text: string, emoji = true): string {
  const html = escapeHtml(text).replace(/\n/g, '<br>');
  return emoji ? html.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => emojiFor(name) ?? whole) : html;
}
