// The sidebar: the "You are" picker, the channels, and the person's DM with the bot, with unread marks.

import { html, nothing } from 'lit-html';
import { HOME_KEY, type UiChannel, type UiState } from '../ui-state.js';

export const pickerTemplate = (state: UiState) =>
  state.people
    .filter((p) => !p.is_bot)
    .map(
      (p) =>
        html`<option value=${p.id} ?selected=${p.id === state.me}>${p.real_name}${p.profile.title ? ` — ${p.profile.title}` : ''}${p.is_restricted ? ' (guest)' : ''}</option>`,
    );

function entry(key: string, current: string, icon: unknown, name: string, unread = 0) {
  const active = key === current;
  return html`<li><button type="button" class="channel-entry${active ? ' active' : ''}${unread > 0 ? ' unread' : ''}" data-channel-key=${key} aria-current=${active ? 'page' : nothing}>${icon}<span class="channel-name">${name}</span>${unread > 0 ? html`<span class="unread-badge">${unread}</span>` : nothing}</button></li>`;
}

/** The app's Home tab, under Apps. */
export const homeEntryTemplate = (current: string) =>
  entry(HOME_KEY, current, html`<span class="dm-icon">🏠</span>`, 'Latchkey · Home');

export function channelListTemplate(
  state: UiState,
  kind: UiChannel['kind'],
  current: string,
  unread: (channel: UiChannel) => number,
) {
  return state.channels
    .filter((c) => c.kind === kind)
    .map((c) =>
      c.kind === 'dm'
        ? entry(
            c.key,
            current,
            html`<span class="dm-icon">🔑</span>`,
            'Latchkey',
            c.key === current ? 0 : unread(c),
          )
        : entry(c.key, current, html`<span class="hash">#</span>`, c.name, c.key === current ? 0 : unread(c)),
    );
}
