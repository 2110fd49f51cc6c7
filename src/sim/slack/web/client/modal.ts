// The modal on screen, drawn from the person's open view: it is redrawn only when the view changes
// (new view, update, errors) and keeps what the person typed across redraws, as Slack's client does.
// Submit, cancel, buttons and external-select searches go to the simulator as the person.

import { escapeHtml } from '../html.js';
import type { MrkdwnContext } from '../mrkdwn.js';
import type { UiState } from '../ui-model.js';
import { viewHtml } from '../view-render.js';
import { act } from './api.js';

type Values = Map<string, string>;
const REQUIRED = 'Please complete this required field.';

export class ModalController {
  private key = '';
  private viewId = '';
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
      if (this.key) this.clear();
      return;
    }
    const key = `${view.id}|${view.hash}|${JSON.stringify(view.errors ?? {})}`;
    if (key === this.key) return;
    const kept = view.id === this.viewId ? this.values(true) : undefined;
    this.root.innerHTML = viewHtml(view, ctx);
    this.root.hidden = false;
    if (kept) this.restore(kept);
    else this.root.querySelector<HTMLElement>('[data-input], .ext-query')?.focus();
    this.key = key;
    this.viewId = view.id;
  }

  clear(): void {
    this.root.hidden = true;
    this.root.innerHTML = '';
    this.key = '';
    this.viewId = '';
  }

  private form(): HTMLFormElement | null {
    return this.root.querySelector('form.modal');
  }

  /** Entered values by input name; with `withQueries`, what was typed into searches too. */
  private values(withQueries = false): Values {
    const values: Values = new Map();
    for (const el of this.root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      '[data-input]',
    )) {
      values.set(el.name, el.value);
    }
    if (withQueries) {
      for (const el of this.root.querySelectorAll<HTMLInputElement>('.ext-select')) {
        const query = el.querySelector<HTMLInputElement>('.ext-query');
        if (query) values.set(`query:${el.dataset.extAction ?? ''}`, query.value);
      }
    }
    return values;
  }

  private restore(values: Values): void {
    for (const el of this.root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      '[data-input]',
    )) {
      const value = values.get(el.name);
      if (value !== undefined) el.value = value;
    }
    for (const el of this.root.querySelectorAll<HTMLElement>('.ext-select')) {
      const query = el.querySelector<HTMLInputElement>('.ext-query');
      const value = values.get(`query:${el.dataset.extAction ?? ''}`);
      if (query && value !== undefined) query.value = value;
    }
  }

  /** Required inputs left empty are refused here, as Slack's client refuses them before sending. */
  private missingRequired(): boolean {
    let missing = false;
    for (const field of this.root.querySelectorAll<HTMLElement>('.field[data-required="true"]')) {
      const input = field.querySelector<HTMLInputElement>('[data-input]');
      const error = field.querySelector<HTMLElement>('.field-error');
      if (input && error && input.value.trim() === '') {
        error.textContent = REQUIRED;
        error.hidden = false;
        field.classList.add('field-invalid');
        missing = true;
      }
    }
    return missing;
  }

  private async submit(): Promise<void> {
    const button = this.root.querySelector<HTMLButtonElement>('.modal-submit');
    if (!this.form() || this.missingRequired() || button?.disabled) return;
    const values: Record<string, string | null> = {};
    for (const [name, value] of this.values()) values[name] = value === '' ? null : value;
    for (const el of this.root.querySelectorAll<HTMLInputElement>('[data-kind="datetime"]')) {
      const at = new Date(el.value).getTime();
      values[el.name] = el.value === '' || Number.isNaN(at) ? null : String(Math.floor(at / 1000));
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
    if (option) {
      const select = option.closest<HTMLElement>('.ext-select');
      const hidden = select?.querySelector<HTMLInputElement>('[data-input]');
      const query = select?.querySelector<HTMLInputElement>('.ext-query');
      if (hidden && query) {
        hidden.value = option.dataset.value ?? '';
        query.value = option.textContent ?? '';
      }
      option.parentElement?.setAttribute('hidden', '');
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

  private onInput(event: Event): void {
    const query = (event.target as HTMLElement).closest<HTMLInputElement>('.ext-query');
    const select = query?.closest<HTMLElement>('.ext-select');
    if (!query || !select) return;
    const hidden = select.querySelector<HTMLInputElement>('[data-input]');
    if (hidden && event.type === 'input') hidden.value = '';
    window.clearTimeout(this.searchTimer);
    this.searchTimer = window.setTimeout(() => void this.search(select, query.value), 150);
  }

  private async search(select: HTMLElement, typed: string): Promise<void> {
    const list = select.querySelector<HTMLElement>('.ext-options');
    if (!list || typed.length < Number(select.dataset.minQuery ?? '0')) return;
    const answer = await act('suggest', { as: this.me(), actionId: select.dataset.extAction, typed });
    const options = Array.isArray(answer.options)
      ? (answer.options as { value: string; text: string }[])
      : [];
    list.innerHTML = options.length
      ? options
          .map((o) => `<li role="option" data-value="${escapeHtml(o.value)}">${escapeHtml(o.text)}</li>`)
          .join('')
      : '<li class="ext-none" aria-disabled="true">No matches</li>';
    list.hidden = false;
  }
}
