// The modal on screen, drawn from the person's open view with lit-html: a redraw updates the form in
// place, so what the person typed stays, as in Slack's client; a new view starts blank. Submit,
// cancel, buttons and external-select searches go to the simulator as the person.

import { nothing, render } from 'lit-html';
import { keyed } from 'lit-html/directives/keyed.js';
import type { MrkdwnContext } from '../mrkdwn.js';
import type { UiState } from '../ui-state.js';
import { type ModalLocal, modalTemplate, type Suggestion } from '../view-render.js';
import { act } from './api.js';

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
const REQUIRED = 'Please complete this required field.';
const blank = (): ModalLocal => ({ found: new Map(), picked: new Map(), errors: {} });

export class ModalController {
  private shown: { view: NonNullable<UiState['view']>; ctx: MrkdwnContext } | undefined;
  private local = blank();
  private searchTimer: number | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly me: () => string,
    private readonly toast: (message: string) => void,
  ) {
    root.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    root.addEventListener('click', (event) => this.onClick(event));
    root.addEventListener('input', (event) => this.onInput(event));
    root.addEventListener('focusin', (event) => this.onInput(event));
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.root.hidden) void this.close();
    });
  }

  render(state: UiState, ctx: MrkdwnContext): void {
    const view = state.view;
    if (!view) {
      if (this.shown) this.clear();
      return;
    }
    const fresh = view.id !== this.shown?.view.id;
    if (fresh) this.local = blank();
    this.shown = { view, ctx };
    this.draw();
    this.root.hidden = false;
    if (fresh) this.root.querySelector<HTMLElement>('[data-input], .ext-query')?.focus();
  }

  private draw(): void {
    if (!this.shown) return;
    const { view, ctx } = this.shown;
    render(keyed(view.id, modalTemplate(view, ctx, this.local)), this.root);
  }

  clear(): void {
    this.root.hidden = true;
    render(nothing, this.root);
    this.shown = undefined;
  }

  private fields(): Field[] {
    return [...this.root.querySelectorAll<Field>('[data-input]')];
  }

  /** Required inputs left empty are refused here, as Slack's client refuses them before sending. */
  private missingRequired(): boolean {
    const errors: Record<string, string> = {};
    for (const field of this.root.querySelectorAll<HTMLElement>('.field[data-required="true"]')) {
      const input = field.querySelector<Field>('[data-input]');
      if (input && input.value.trim() === '') errors[field.dataset.blockId ?? ''] = REQUIRED;
    }
    this.local = { ...this.local, errors };
    this.draw();
    return Object.keys(errors).length > 0;
  }

  private async submit(): Promise<void> {
    const button = this.root.querySelector<HTMLButtonElement>('.modal-submit');
    if (!this.shown || this.missingRequired() || button?.disabled) return;
    const values: Record<string, string | null> = {};
    for (const el of this.fields()) {
      const at = new Date(el.value).getTime();
      if (el.dataset.kind === 'datetime')
        values[el.name] = el.value === '' || Number.isNaN(at) ? null : String(Math.floor(at / 1000));
      else values[el.name] = el.value === '' ? null : el.value;
    }
    if (button) button.disabled = true;
    const answer = await act('submit', { as: this.me(), values });
    if (button) button.disabled = false;
    if (!answer.ok) this.toast(answer.error ?? 'The form could not be sent');
  }

  private async close(): Promise<void> {
    const answer = await act('close', { as: this.me() });
    if (!answer.ok) this.toast(answer.error ?? 'The modal could not be closed');
  }

  private onClick(event: Event): void {
    const target = event.target as HTMLElement;
    if (target === this.root || target.closest('.modal-cancel, .modal-x')) {
      void this.close();
      return;
    }
    const option = target.closest<HTMLElement>('.ext-options li:not(.ext-none)');
    const select = option?.closest<HTMLElement>('.ext-select');
    if (option && select) {
      const action = select.dataset.extAction ?? '';
      // The search box is the person's to type in, so it is set here rather than drawn.
      const query = select.querySelector<HTMLInputElement>('.ext-query');
      if (query) query.value = option.textContent ?? '';
      this.pick(action, option.dataset.value ?? '');
      return;
    }
    const button = target.closest<HTMLElement>('[data-action-id]');
    if (button && button.tagName === 'BUTTON') {
      const value = button.dataset.value;
      void act('click', {
        as: this.me(),
        inView: true,
        actionId: button.dataset.actionId,
        ...(value ? { value } : {}),
      });
    }
  }

  /** A pick closes the list; `undefined` forgets the pick (the person types again). */
  private pick(action: string, value: string | undefined, found?: Suggestion[]): void {
    const picked = new Map(this.local.picked);
    const lists = new Map(this.local.found);
    if (value === undefined) picked.delete(action);
    else picked.set(action, value);
    if (found) lists.set(action, found);
    else if (value !== undefined) lists.delete(action);
    this.local = { ...this.local, picked, found: lists };
    this.draw();
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
    const answer = await act('suggest', { as: this.me(), actionId: action, typed });
    const options = Array.isArray(answer.options) ? (answer.options as Suggestion[]) : [];
    this.pick(action, this.local.picked.get(action), options);
  }
}
