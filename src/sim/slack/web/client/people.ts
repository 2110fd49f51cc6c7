// Names, initials and avatar colours for the people of the workspace, and the mrkdwn context built
// from the state so mentions show as @name.

import { html } from 'lit-html';
import type { MrkdwnContext } from '../mrkdwn.js';
import type { UiState } from '../ui-state.js';

const COLOURS = ['#e8912d', '#2eb67d', '#36c5f0', '#e01e5a', '#4a154b', '#1264a3', '#9b59b6', '#c0392b'];

export const botName = (state: UiState) => state.bot.name.charAt(0).toUpperCase() + state.bot.name.slice(1);

const nameOf = (state: UiState, id: string) =>
  id === state.bot.userId ? botName(state) : state.people.find((p) => p.id === id)?.real_name;

export const displayName = (state: UiState, id: string): string => nameOf(state, id) ?? id;

function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

function colourOf(id: string): string {
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return COLOURS[hash % COLOURS.length] ?? '#616061';
}

export function avatar(state: UiState, id: string, size: 'small' | 'large' = 'large') {
  return id === state.bot.userId
    ? html`<span class="avatar avatar-${size} avatar-bot" aria-hidden="true">🔑</span>`
    : html`<span class="avatar avatar-${size}" style="background:${colourOf(id)}" aria-hidden="true">${initials(displayName(state, id))}</span>`;
}

export const mrkdwnContext = (state: UiState): MrkdwnContext => ({
  me: state.me,
  userName: (id) => nameOf(state, id),
  groupHandle: (id) => state.usergroups.find((g) => g.id === id)?.handle,
  channelName: (id) => state.channels.find((c) => c.id === id)?.name,
});
