// The sidebar: the "You are" picker, the channels, and the person's DM with the bot, with unread marks.

import { escapeHtml } from '../html.js';
import { HOME_KEY, type UiChannel, type UiState } from '../ui-model.js';
import { personLabel } from './people.js';

export function pickerHtml(state: UiState): string {
  return state.people
    .filter((p) => !p.isBot)
    .map((p) => {
      const selected = p.id === state.me ? ' selected' : '';
      return `<option value="${escapeHtml(p.id)}"${selected}>${escapeHtml(personLabel(p))}${p.guest ? ' (guest)' : ''}</option>`;
    })
    .join('');
}

function entryHtml(channel: UiChannel, current: string, unread: number): string {
  const active = channel.key === current;
  const icon = channel.kind === 'dm' ? '<span class="dm-icon">🔑</span>' : '<span class="hash">#</span>';
  const badge = unread > 0 ? `<span class="unread-badge">${unread}</span>` : '';
  const classes = ['channel-entry', active ? 'active' : '', unread > 0 ? 'unread' : '']
    .filter(Boolean)
    .join(' ');
  return `<li><button type="button" class="${classes}" data-channel-key="${escapeHtml(channel.key)}"${active ? ' aria-current="page"' : ''}>${icon}<span class="channel-name">${escapeHtml(channel.kind === 'dm' ? 'Latchkey' : channel.name)}</span>${badge}</button></li>`;
}

/** The app's Home tab, under Apps. */
export function homeEntryHtml(current: string): string {
  const active = current === HOME_KEY;
  return `<li><button type="button" class="channel-entry${active ? ' active' : ''}" data-channel-key="${HOME_KEY}"${active ? ' aria-current="page"' : ''}><span class="dm-icon">🏠</span><span class="channel-name">Latchkey · Home</span></button></li>`;
}

export function channelListHtml(
  state: UiState,
  kind: UiChannel['kind'],
  current: string,
  unread: (channel: UiChannel) => number,
): string {
  return state.channels
    .filter((c) => c.kind === kind)
    .map((c) => entryHtml(c, current, c.key === current ? 0 : unread(c)))
    .join('');
}
