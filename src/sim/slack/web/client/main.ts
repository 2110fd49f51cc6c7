// The sandbox page in the browser: keeps who the person is and where they look, fetches the workspace
// as they see it whenever the server says it changed (SSE), and redraws each region with lit-html,
// which changes only what differs, so typing in the composer or a modal is never disturbed.

import { html, nothing, render } from 'lit-html';
import { blocksTemplate } from '../block-kit-render.js';
import { emojiFor, REACTION_CHOICES } from '../emoji.js';
import type { IdentityCenterView } from '../identity-center-view.js';
import type { MrkdwnContext } from '../mrkdwn.js';
import { HOME_KEY, type UiChannel, type UiState } from '../ui-state.js';
import { act } from './api.js';
import { ModalController } from './modal.js';
import { botName, mrkdwnContext } from './people.js';
import { holdingKey, identityCenterTemplate } from './render-identity-center.js';
import { channelTitle, messagesTemplate, threadTemplate } from './render-messages.js';
import { channelListTemplate, homeEntryTemplate, pickerTemplate } from './render-sidebar.js';
import { Unread } from './unread.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

class SandboxPage {
  private state: UiState | null = null;
  private me =
    new URLSearchParams(location.search).get('as') ?? localStorage.getItem('latchkey.as') ?? 'U0ALICE';
  private channelKey = localStorage.getItem('latchkey.channel') ?? '';
  private thread: string | null = null;
  private ic: IdentityCenterView | null = null;
  private icSeen = new Set<string>();
  private icFresh = new Set<string>();
  private readonly unread = new Unread();
  private readonly modal = new ModalController(
    $('modal-root'),
    () => this.me,
    (m) => this.toast(m),
  );
  /** Fetches of the state asked for and drawn, counted: only an answer newer than the one on screen is drawn. */
  private asked = 0;
  private drawn = 0;

  start(): void {
    this.wire();
    const events = new EventSource('/ui/events');
    events.addEventListener('workspace', () => void this.refresh());
    events.addEventListener('identity-center', (event) =>
      this.onIdentityCenter((event as MessageEvent<string>).data),
    );
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
    render(identityCenterTemplate(view, this.icFresh), $('ic-panel'));
  }

  private current(state: UiState): UiChannel {
    const found = state.channels.find((c) => c.key === this.channelKey) ?? state.channels[0];
    if (!found) throw new Error('The workspace has no channels');
    this.channelKey = found.key;
    return found;
  }

  private render(): void {
    const state = this.state;
    if (!state) return;
    const ctx = mrkdwnContext(state);
    const onHome = this.channelKey === HOME_KEY;
    const channel = onHome ? undefined : this.current(state);
    if (channel) this.unread.see(state, channel);
    $('workspace-name').textContent = state.team.name;
    const picker = $<HTMLSelectElement>('you-are');
    render(pickerTemplate(state), picker);
    picker.value = state.me;
    const unread = (c: UiChannel) => this.unread.count(state, c);
    render(channelListTemplate(state, 'channel', this.channelKey, unread), $('channel-list'));
    render(channelListTemplate(state, 'dm', this.channelKey, unread), $('dm-list'));
    render(homeEntryTemplate(this.channelKey), $('app-list'));
    $('composer').hidden = onHome;
    if (!channel) {
      this.renderHome(state, ctx);
      return;
    }
    const sub = channel.kind === 'dm' ? html` <span class="header-sub">your DM with the bot</span>` : nothing;
    render(html`<h1>${channelTitle(channel)}${sub}</h1>`, $('channel-header'));
    $<HTMLTextAreaElement>('composer-input').placeholder =
      channel.kind === 'dm' ? `Message ${botName(state)}` : `Message #${channel.name} — try /access`;
    const list = $('messages');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    render(messagesTemplate(state, ctx, channel), list);
    if (atBottom) list.scrollTop = list.scrollHeight;
    const pane = $('thread');
    pane.hidden = !this.thread;
    render(this.thread ? threadTemplate(state, ctx, channel, this.thread) : nothing, pane);
    this.modal.render(state, ctx);
  }

  /** The app's Home tab: what the app last published for this person, live. */
  private renderHome(state: UiState, ctx: MrkdwnContext): void {
    render(html`<h1>Latchkey <span class="header-sub">Home</span></h1>`, $('channel-header'));
    const body = state.home
      ? blocksTemplate(state.home.blocks, ctx)
      : html`<p class="home-empty">Opening the Home tab…</p>`;
    render(html`<div class="home-view" data-home>${body}</div>`, $('messages'));
    $('thread').hidden = true;
    this.modal.render(state, ctx);
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
    this.modal.clear();
    void this.refresh();
    if (this.channelKey === HOME_KEY) void this.openHome();
  }

  private wire(): void {
    $<HTMLSelectElement>('you-are').addEventListener('change', (e) =>
      this.become((e.target as HTMLSelectElement).value),
    );
    const composer = $<HTMLFormElement>('composer');
    const input = $<HTMLTextAreaElement>('composer-input');
    composer.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.send(input);
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        void this.send(input);
      }
    });
    document.addEventListener('click', (e) => this.onClick(e));
  }

  private async send(input: HTMLTextAreaElement): Promise<void> {
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
    const menu = $('reaction-menu');
    if (!target.closest('#reaction-menu, .reaction-add')) menu.hidden = true;
    if (target.closest('#modal-root')) return;
    const entry = target.closest<HTMLElement>('[data-channel-key]');
    const threadLink = target.closest<HTMLElement>('[data-thread]');
    const message = target.closest<HTMLElement>('.msg');
    const where = { as: this.me, channel: message?.dataset.channel ?? '', ts: message?.dataset.ts ?? '' };
    const button = target.closest<HTMLButtonElement>('button[data-action-id]');
    const chip = target.closest<HTMLElement>('.reaction[data-reaction]');
    const choice = target.closest<HTMLElement>('[data-choice]');
    if (entry?.dataset.channelKey) {
      this.go(entry.dataset.channelKey);
    } else if (target.closest('.thread-close')) {
      this.thread = null;
      this.render();
    } else if (threadLink?.dataset.thread) {
      this.thread = threadLink.dataset.thread;
      this.render();
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
      this.openReactionMenu(target, where);
    } else if (choice) {
      menu.hidden = true;
      void this.react({
        as: this.me,
        channel: menu.dataset.channel,
        ts: menu.dataset.ts,
        name: choice.dataset.choice,
      });
    }
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
    if (!answer.ok)
      this.toast(
        answer.error === 'already_reacted'
          ? 'You already reacted with that'
          : (answer.error ?? 'The reaction failed'),
      );
  }

  private openReactionMenu(anchor: HTMLElement, where: { channel: string; ts: string }): void {
    const menu = $('reaction-menu');
    render(
      REACTION_CHOICES.map(
        (name) =>
          html`<button type="button" role="menuitem" data-choice=${name} title=":${name}:" aria-label=":${name}:">${emojiFor(name) ?? name}</button>`,
      ),
      menu,
    );
    menu.dataset.channel = where.channel;
    menu.dataset.ts = where.ts;
    const box = anchor.getBoundingClientRect();
    menu.style.left = `${Math.min(box.left, window.innerWidth - 240)}px`;
    menu.style.top = `${box.bottom + 4}px`;
    menu.hidden = false;
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
