// The sandbox page in the browser: keeps who the person is and where they look, fetches the workspace
// as they see it whenever the server says it changed (SSE), and draws the page from it with lit-html,
// which changes only what differs, so typing in the composer or a modal is never disturbed.

import { html, nothing, render } from 'lit-html';
import { blocksTemplate } from '../block-kit-render.js';
import { emojiFor, REACTION_CHOICES } from '../emoji.js';
import type { IdentityCenterView } from '../identity-center-view.js';
import type { MrkdwnContext } from '../mrkdwn.js';
import { HOME_KEY, type UiChannel, type UiState } from '../ui-state.js';
import { act } from './api.js';
import { Modal } from './modal.js';
import { botName, mrkdwnContext } from './people.js';
import { holdingKey, identityCenterTemplate } from './render-identity-center.js';
import { channelTitle, messagesTemplate, threadTemplate } from './render-messages.js';
import { sidebarTemplate } from './render-sidebar.js';
import { Unread } from './unread.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

class SandboxPage {
  private state: UiState | null = null;
  private me =
    new URLSearchParams(location.search).get('as') ?? localStorage.getItem('latchkey.as') ?? 'U0ALICE';
  private channelKey = localStorage.getItem('latchkey.channel') ?? '';
  private thread: string | null = null;
  /** The message whose "add reaction" menu is open, and where the menu sits. */
  private menu: { channel: string; ts: string; left: number; top: number } | null = null;
  private ic: IdentityCenterView | null = null;
  private icSeen = new Set<string>();
  private icFresh = new Set<string>();
  private readonly unread = new Unread();
  private readonly modal = new Modal({
    me: () => this.me,
    toast: (m) => this.toast(m),
    redraw: () => this.render(),
  });
  /** Fetches of the state asked for and drawn, counted: only an answer newer than the one on screen is drawn. */
  private asked = 0;
  private drawn = 0;

  start(): void {
    document.addEventListener('click', (e) => this.onClick(e));
    const events = new EventSource('/ui/events');
    events.addEventListener('workspace', () => void this.refresh());
    events.addEventListener('identity-center', (event) =>
      this.onIdentityCenter((event as MessageEvent<string>).data),
    );
    this.render();
    void this.refresh();
    if (this.channelKey === HOME_KEY) void this.openHome();
  }

  private async refresh(): Promise<void> {
    const [as, n] = [this.me, ++this.asked];
    try {
      const res = await fetch(`/ui/state?as=${encodeURIComponent(as)}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(`The workspace could not be read (HTTP ${res.status})`);
      const state = (await res.json()) as UiState;
      // The person may have changed while this was in flight: that answer is someone else's view,
      // and taking its `me` would switch them back.
      if (n < this.drawn || as !== this.me) return;
      this.drawn = n;
      this.state = state;
      this.me = state.me;
      this.render();
    } catch (error) {
      this.toast(error instanceof Error ? error.message : String(error));
    }
  }

  private onIdentityCenter(data: string): void {
    const view = JSON.parse(data) as IdentityCenterView;
    const keys = new Set(view.assignments.map(holdingKey));
    // The first snapshot is the baseline; later rows that were not there before are highlighted.
    this.icFresh = this.ic ? new Set([...keys].filter((k) => !this.icSeen.has(k))) : new Set();
    this.icSeen = keys;
    this.ic = view;
    this.render();
  }

  private current(state: UiState): UiChannel {
    const found = state.channels.find((c) => c.key === this.channelKey) ?? state.channels[0];
    if (!found) throw new Error('The workspace has no channels');
    this.channelKey = found.key;
    return found;
  }

  private render(): void {
    const state = this.state;
    const ctx = state && mrkdwnContext(state);
    const channel = state && this.channelKey !== HOME_KEY ? this.current(state) : undefined;
    if (state && channel) this.unread.see(state, channel);
    const list = $('messages');
    const atBottom = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    const unread = (c: UiChannel) => (state ? this.unread.count(state, c) : 0);
    const thread = state && ctx && channel && this.thread;
    render(
      html`<div class="app">${sidebarTemplate(state, this.channelKey, unread, (id) => this.become(id))}
  ${this.channelPane(state, ctx, channel)}
  <aside class="thread" id="thread" aria-label="Thread" ?hidden=${!thread}>${thread ? threadTemplate(state, ctx, channel, thread) : nothing}</aside>
  <aside class="ic-panel" id="ic-panel" aria-label="IAM Identity Center">${identityCenterTemplate(this.ic, this.icFresh)}</aside>
</div>
${this.modal.template(state?.view ?? null, ctx)}
${this.reactionMenu()}
<div class="toasts" id="toasts" aria-live="assertive"></div>`,
      document.body,
    );
    $<HTMLSelectElement>('you-are').value = this.me;
    const messages = $('messages');
    if (atBottom) messages.scrollTop = messages.scrollHeight;
  }

  /** The channel (or the Home tab) and, under a channel, the composer. */
  private channelPane(state: UiState | null, ctx: MrkdwnContext | null, channel: UiChannel | undefined) {
    const placeholder =
      !state || !channel
        ? 'Message'
        : channel.kind === 'dm'
          ? `Message ${botName(state)}`
          : `Message #${channel.name} — try /access`;
    const enter = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && !e.shiftKey) void this.send(e);
    };
    return html`<main class="channel" aria-label="Channel">
    <header class="channel-header" id="channel-header">${state ? this.header(channel) : nothing}</header>
    <div class="messages" id="messages" aria-live="polite">${state && ctx ? this.body(state, ctx, channel) : nothing}</div>
    <form class="composer" id="composer" autocomplete="off" ?hidden=${state !== null && !channel} @submit=${(e: Event) => this.send(e)}>
      <textarea id="composer-input" rows="1" aria-label="Message" placeholder=${placeholder} @keydown=${enter}></textarea>
      <button type="submit" class="composer-send" aria-label="Send">➤</button>
    </form>
  </main>`;
  }

  private reactionMenu() {
    const at = this.menu ? `left:${this.menu.left}px;top:${this.menu.top}px` : '';
    return html`<div class="reaction-menu" id="reaction-menu" role="menu" ?hidden=${!this.menu} style=${at}>${REACTION_CHOICES.map(
      (name) =>
        html`<button type="button" role="menuitem" data-choice=${name} title=":${name}:" aria-label=":${name}:">${emojiFor(name) ?? name}</button>`,
    )}</div>`;
  }

  private header(channel: UiChannel | undefined) {
    if (!channel) return html`<h1>Latchkey <span class="header-sub">Home</span></h1>`;
    const sub = channel.kind === 'dm' ? html` <span class="header-sub">your DM with the bot</span>` : nothing;
    return html`<h1>${channelTitle(channel)}${sub}</h1>`;
  }

  /** A channel's messages, or the app's Home tab: what the app last published for this person, live. */
  private body(state: UiState, ctx: MrkdwnContext, channel: UiChannel | undefined) {
    if (channel) return messagesTemplate(state, ctx, channel);
    const home = state.home
      ? blocksTemplate(state.home.blocks, ctx)
      : html`<p class="home-empty">Opening the Home tab…</p>`;
    return html`<div class="home-view" data-home>${home}</div>`;
  }

  /** Slack tells the app each time a person opens its Home tab; the app publishes it. */
  private async openHome(): Promise<void> {
    const answer = await act('home', { as: this.me });
    if (!answer.ok) this.toast(answer.error ?? 'The Home tab did not open');
  }

  private go(key: string): void {
    this.channelKey = key;
    this.thread = null;
    localStorage.setItem('latchkey.channel', key);
    if (key === HOME_KEY) void this.openHome();
    this.render();
    const list = $('messages');
    list.scrollTop = list.scrollHeight;
  }

  private become(id: string): void {
    this.me = id;
    this.thread = null;
    localStorage.setItem('latchkey.as', id);
    const url = new URL(location.href);
    url.searchParams.set('as', id);
    history.replaceState(null, '', url);
    void this.refresh();
    if (this.channelKey === HOME_KEY) void this.openHome();
  }

  private async send(event: Event): Promise<void> {
    event.preventDefault();
    const input = $<HTMLTextAreaElement>('composer-input');
    const text = input.value.trim();
    const channel = this.state ? this.current(this.state) : undefined;
    if (!text || !channel) return;
    input.value = '';
    const answer = await act('command', { as: this.me, channel: channel.id ?? channel.key, text });
    if (!answer.ok) {
      input.value = text;
      this.toast(answer.error ?? 'The message could not be sent');
    }
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    const menuWas = this.menu;
    if (!target.closest('#reaction-menu, .reaction-add')) this.menu = null;
    const entry = target.closest<HTMLElement>('[data-channel-key]');
    const threadLink = target.closest<HTMLElement>('[data-thread]');
    const message = target.closest<HTMLElement>('.msg');
    const where = { as: this.me, channel: message?.dataset.channel ?? '', ts: message?.dataset.ts ?? '' };
    const button = target.closest<HTMLButtonElement>('button[data-action-id]');
    const chip = target.closest<HTMLElement>('.reaction[data-reaction]');
    const choice = target.closest<HTMLElement>('[data-choice]');
    if (target.closest('#modal-root')) {
      // The modal handles its own clicks.
    } else if (entry?.dataset.channelKey) {
      this.go(entry.dataset.channelKey);
    } else if (target.closest('.thread-close')) {
      this.thread = null;
    } else if (threadLink?.dataset.thread) {
      this.thread = threadLink.dataset.thread;
    } else if (button && target.closest('.home-view')) {
      void this.press(button, { as: this.me, actionId: button.dataset.actionId, inHome: true });
    } else if (button && message) {
      void this.press(button, { ...where, actionId: button.dataset.actionId });
    } else if (chip && message) {
      void this.react({
        ...where,
        name: chip.dataset.reaction,
        remove: chip.classList.contains('reaction-mine'),
      });
    } else if (target.closest('.reaction-add') && message) {
      const box = target.getBoundingClientRect();
      this.menu = { ...where, left: Math.min(box.left, window.innerWidth - 240), top: box.bottom + 4 };
    } else if (choice && menuWas) {
      this.menu = null;
      void this.react({ as: this.me, channel: menuWas.channel, ts: menuWas.ts, name: choice.dataset.choice });
    }
    this.render();
  }

  private async press(button: HTMLButtonElement, body: Record<string, unknown>): Promise<void> {
    const value = button.dataset.value;
    button.classList.add('busy');
    const answer = await act('click', { ...body, ...(value ? { value } : {}) });
    button.classList.remove('busy');
    if (!answer.ok) this.toast(answer.error ?? 'The button did not work');
  }

  private async react(body: Record<string, unknown>): Promise<void> {
    const answer = await act('react', body);
    if (answer.ok) return;
    this.toast(
      answer.error === 'already_reacted'
        ? 'You already reacted with that'
        : (answer.error ?? 'The reaction failed'),
    );
  }

  private toast(message: string): void {
    const toast = document.createElement('div');
    toast.className = 'toast';
    toast.textContent = message;
    $('toasts').append(toast);
    setTimeout(() => toast.remove(), 6000);
  }
}

new SandboxPage().start();
