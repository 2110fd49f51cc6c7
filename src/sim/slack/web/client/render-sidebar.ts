// The sidebar: the "You are" picker, the channels, the person's DM with the bot and the app's Home
// tab, with unread marks. Before the first state arrives it is the empty frame.

import { html, nothing } from 'lit-html';
import { HOME_KEY, type UiChannel, type UiState } from '../ui-state.js';

function entry(key: string, current: string, icon: unknown, name: string, unread = 0) {
  const active = key === current;
  return html`<li><button type="button" class="channel-entry${active ? ' active' : ''}${unread > 0 ? ' unread' : ''}" data-channel-key=${key} aria-current=${active ? 'page' : nothing}>${icon}<span class="channel-name">${name}</span>${unread > 0 ? html`<span class="unread-badge">${unread}</span>` : nothing}</button></li>`;
}

export function sidebarTemplate(
  state: UiState | null,
  current: string,
  unread: (channel: UiChannel) => number,
  become: (id: string) => void,
) {
  const people = (state?.people ?? []).filter((p) => !p.is_bot);
  const list = (kind: UiChannel['kind']) =>
    (state?.channels ?? [])
      .filter((c) => c.kind === kind)
      .map((c) =>
        entry(
          c.key,
          current,
          kind === 'dm' ? html`<span class="dm-icon">🔑</span>` : html`<span class="hash">#</span>`,
          kind === 'dm' ? 'Latchkey' : c.name,
          c.key === current ? 0 : unread(c),
        ),
      );
  return html`<nav class="sidebar" aria-label="Channels">
    <div class="workspace-name" id="workspace-name">${state?.team.name ?? 'Latchkey sandbox'}</div>
    <label class="you-are">You are
      <select id="you-are" aria-label="You are" @change=${(e: Event) => become((e.target as HTMLSelectElement).value)}>${people.map(
        (p) =>
          html`<option value=${p.id} ?selected=${p.id === state?.me}>${p.real_name}${p.profile.title ? ` — ${p.profile.title}` : ''}${p.is_restricted ? ' (guest)' : ''}</option>`,
      )}</select>
    </label>
    <div class="sidebar-section">Channels</div>
    <ul id="channel-list" class="channel-list">${list('channel')}</ul>
    <div class="sidebar-section">Direct messages</div>
    <ul id="dm-list" class="channel-list">${list('dm')}</ul>
    <div class="sidebar-section">Apps</div>
    <ul id="app-list" class="channel-list">${entry(HOME_KEY, current, html`<span class="dm-icon">🏠</span>`, 'Latchkey · Home')}</ul>
  </nav>`;
}
