// The modal on screen, drawn from the person's open view: a redraw updates the form in place, so what
// the person typed stays, as in Slack's client; a new view starts blank. Submit, cancel, buttons and
// external-select searches go to the simulator as the person.

import { html, nothing } from 'lit-html';
import { keyed } from 'lit-html/directives/keyed.js';
import type { MrkdwnContext } from '../mrkdwn.js';
import type { UiState } from '../ui-state.js';
import { modalTemplate, type Suggestion } from '../view-render.js';
import { act } from './api.js';

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
const REQUIRED = 'Please complete this required field.';
const blank = () => ({
  found: new Map<string, Suggestion[]>(),
  picked: new Map<string, string>(),
  errors: {} as Record<string, string>,
});

export class Modal {
  private viewId: string | undefined;
  private local = blank();
  private searchTimer: number | undefined;

  constructor(private readonly page: { me(): string; toast(message: string): void; redraw(): void }) {
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.viewId) void this.close();
    });
  }

  template(view: UiState['view'], ctx: MrkdwnContext | null) {
    if (view?.id !== this.viewId) {
      this.local = blank();
      this.viewId = view?.id;
      // A new view's first field takes the focus once it is on the page.
      queueMicrotask(() => this.form()?.querySelector<HTMLElement>('[data-input], .ext-query')?.focus());
    }
    return html`<div class="modal-backdrop" id="modal-root" ?hidden=${!view} @submit=${(e: Event) => this.submit(e)} @click=${(e: Event) => this.onClick(e)} @input=${(e: Event) => this.onInput(e)} @focusin=${(e: Event) => this.onInput(e)}>${view && ctx ? keyed(view.id, modalTemplate(view, ctx, this.local)) : nothing}</div>`;
  }

  private form = () => document.querySelector<HTMLFormElement>('#modal-root form');

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = this.form();
    const button = form?.querySelector<HTMLButtonElement>('.modal-submit');
    if (!form || button?.disabled) return;
    // Required inputs left empty are refused here, as Slack's client refuses them before sending.
    const errors: Record<string, string> = {};
    for (const field of form.querySelectorAll<HTMLElement>('.field[data-required="true"]')) {
      const input = field.querySelector<Field>('[data-input]');
      if (input && input.value.trim() === '') errors[field.dataset.blockId ?? ''] = REQUIRED;
    }
    this.local.errors = errors;
    this.page.redraw();
    if (Object.keys(errors).length > 0) return;
    const values: Record<string, string | null> = {};
    for (const el of form.querySelectorAll<Field>('[data-input]')) {
      // Slack's date-time picker sends a Unix timestamp.
      const at = el.dataset.kind === 'datetime' ? Math.floor(new Date(el.value).getTime() / 1000) : el.value;
      values[el.name] = el.value === '' || Number.isNaN(at) ? null : String(at);
    }
    if (button) button.disabled = true;
    const answer = await act('submit', { as: this.page.me(), values });
    if (button) button.disabled = false;
    if (!answer.ok) this.page.toast(answer.error ?? 'The form could not be sent');
  }

  private async close(): Promise<void> {
    const answer = await act('close', { as: this.page.me() });
    if (!answer.ok) this.page.toast(answer.error ?? 'The modal could not be closed');
  }

  private onClick(event: Event): void {
    const target = event.target as HTMLElement;
    if (target === event.currentTarget || target.closest('.modal-cancel, .modal-x')) {
      void this.close();
      return;
    }
    const option = target.closest<HTMLElement>('.ext-options li:not(.ext-none)');
    const select = option?.closest<HTMLElement>('.ext-select');
    if (option && select) {
      // The search box is the person's to type in, so it is set here rather than drawn.
      const query = select.querySelector<HTMLInputElement>('.ext-query');
      if (query) query.value = option.textContent ?? '';
      this.pick(select.dataset.extAction ?? '', option.dataset.value ?? '');
      return;
    }
    const button = target.closest<HTMLButtonElement>('button[data-action-id]');
    if (button) {
      const value = button.dataset.value;
      const body = { as: this.page.me(), inView: true, actionId: button.dataset.actionId };
      void act('click', { ...body, ...(value ? { value } : {}) });
    }
  }

  /** A pick closes the list; `undefined` forgets the pick (the person types again). */
  private pick(action: string, value: string | undefined, found?: Suggestion[]): void {
    const { picked, found: lists } = this.local;
    if (value === undefined) picked.delete(action);
    else picked.set(action, value);
    if (found) lists.set(action, found);
    else if (value !== undefined) lists.delete(action);
    this.page.redraw();
  }

  private onInput(event: Event): void {
    const query = (event.target as HTMLElement).closest<HTMLInputElement>('.ext-query');
    const select = query?.closest<HTMLElement>('.ext-select');
    if (!query || !select) return;
    const action = select.dataset.extAction ?? '';
    if (event.type === 'input') this.pick(action, undefined);
    window.clearTimeout(this.searchTimer);
    this.searchTimer = window.setTimeout(() => void this.search(select, action, query.value), 150);
  }

  private async search(select: HTMLElement, action: string, typed: string): Promise<void> {
    if (typed.length < Number(select.dataset.minQuery ?? '0')) return;
    const answer = await act('suggest', { as: this.page.me(), actionId: action, typed });
    const options = Array.isArray(answer.options) ? (answer.options as Suggestion[]) : [];
    this.pick(action, this.local.picked.get(action), options);
  }
}
