// A modal view as a lit-html template: title, its blocks with inputs as form fields, errors under
// their inputs, and submit / cancel. Inputs are named `block_id.action_id`, the key the simulator's
// sender takes, so the page submits what the person entered without knowing the bot's field names.
// What only the browser knows (search results, a pick, required fields left empty) comes in `local`.

import { html, nothing, type TemplateResult } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';
import { blockTemplate, isObj, optionsOf, str, textTemplate } from './block-kit-render.js';
import type { MrkdwnContext } from './mrkdwn.js';

type Obj = Record<string, unknown>;

/** What the page draws of the open view: the simulator's, or one as an app builds it. */
export interface ModalView {
  id: string;
  title: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: readonly unknown[];
  errors?: Record<string, string>;
}

export interface Suggestion {
  value: string;
  text: string;
}

/** The modal's state in the browser: what an external select found and picked, by its action id. */
export interface ModalLocal {
  found: ReadonlyMap<string, Suggestion[]>;
  picked: ReadonlyMap<string, string>;
  /** Errors the page raises itself, by block id, before sending anything. */
  errors: Readonly<Record<string, string>>;
}

const NO_LOCAL: ModalLocal = { found: new Map(), picked: new Map(), errors: {} };

const plain = (text: unknown, fallback: string) =>
  isObj(text) && typeof text.text === 'string' ? text.text : fallback;
const placeholderOf = (element: Obj) =>
  isObj(element.placeholder) ? str(element.placeholder.text) : undefined;

function staticSelect(element: Obj, name: string, ctx: MrkdwnContext): TemplateResult {
  const initial = isObj(element.initial_option) ? str(element.initial_option.value) : '';
  const options = optionsOf(element).map(
    (o) =>
      html`<option value=${str(o.value)} ?selected=${str(o.value) === initial}>${textTemplate(o.text, ctx)}</option>`,
  );
  return html`<select class="field-control" name=${name} data-input><option value="">${element.placeholder ? textTemplate(element.placeholder, ctx) : 'Select an option'}</option>${options}</select>`;
}

function externalSelect(element: Obj, name: string, local: ModalLocal): TemplateResult {
  const action = str(element.action_id);
  const placeholder = placeholderOf(element) ?? 'Search';
  const found = local.found.get(action);
  const options = found?.length
    ? found.map((o) => html`<li role="option" data-value=${o.value}>${o.text}</li>`)
    : html`<li class="ext-none" aria-disabled="true">No matches</li>`;
  return html`<div class="ext-select" data-ext-action=${action} data-min-query=${typeof element.min_query_length === 'number' ? element.min_query_length : 3}><input type="text" class="field-control ext-query" autocomplete="off" placeholder=${placeholder} aria-label=${placeholder}><input type="hidden" name=${name} data-input value=${local.picked.get(action) ?? ''}><ul class="ext-options" role="listbox" ?hidden=${!found}>${options}</ul></div>`;
}

function textInput(element: Obj, name: string): TemplateResult {
  const placeholder = placeholderOf(element) ?? nothing;
  const max = typeof element.max_length === 'number' ? element.max_length : nothing;
  // The initial value is set once; what the person types afterwards stays through redraws.
  return element.multiline === true
    ? html`<textarea class="field-control" name=${name} data-input placeholder=${placeholder} maxlength=${max} rows="3" .value=${str(element.initial_value)}></textarea>`
    : html`<input type="text" class="field-control" name=${name} data-input placeholder=${placeholder} maxlength=${max} value=${str(element.initial_value)}>`;
}

function control(element: Obj, name: string, ctx: MrkdwnContext, local: ModalLocal): TemplateResult {
  switch (element.type) {
    case 'static_select':
      return staticSelect(element, name, ctx);
    case 'external_select':
    // One pick at a time on this page; Slack's client lets a person pick several.
    case 'multi_external_select':
      return externalSelect(element, name, local);
    // Slack's picker shows the person's local time and sends a Unix timestamp: the page converts on submit.
    case 'datetimepicker':
      return html`<input type="datetime-local" class="field-control" name=${name} data-input data-kind="datetime">`;
    case 'datepicker':
      return html`<input type="date" class="field-control" name=${name} data-input value=${str(element.initial_date)}>`;
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return html`<input type="text" class="field-control" name=${name} data-input placeholder="An id, like U0ALICE">`;
    default:
      return textInput(element, name);
  }
}

function input(
  block: Obj,
  index: number,
  ctx: MrkdwnContext,
  local: ModalLocal,
  errors: Record<string, string>,
) {
  const element = isObj(block.element) ? block.element : {};
  const blockId = str(block.block_id) || `input-${index}`;
  const name = `${blockId}.${str(element.action_id) || `action-${index}`}`;
  const optional = block.optional === true;
  const error = local.errors[blockId] ?? errors[blockId];
  return html`<div class="field${error ? ' field-invalid' : ''}" data-block-id=${blockId} data-required=${String(!optional)}><label class="field-label">${plain(block.label, '')}${optional ? html` <span class="field-optional">(optional)</span>` : nothing}</label>${control(element, name, ctx, local)}<div class="field-error" ?hidden=${!error}>${error ?? ''}</div>${block.hint ? html`<div class="field-hint">${textTemplate(block.hint, ctx)}</div>` : nothing}</div>`;
}

/** The whole modal as a dialog; the page wires submit, cancel and external selects by class. */
export function modalTemplate(
  view: ModalView,
  ctx: MrkdwnContext,
  local: ModalLocal = NO_LOCAL,
): TemplateResult {
  // Keyed by block so an update that adds or removes blocks keeps what was typed in the others.
  const body = repeat(
    view.blocks,
    (block, index) => (isObj(block) && str(block.block_id)) || index,
    (block, index) =>
      isObj(block) && block.type === 'input'
        ? input(block, index, ctx, local, view.errors ?? {})
        : blockTemplate(block, index, ctx),
  );
  return html`<form class="modal" role="dialog" aria-modal="true" aria-label=${plain(view.title, 'Modal')} data-view-id=${view.id} novalidate><header class="modal-header"><span class="modal-app">L</span><h2 class="modal-title">${plain(view.title, '')}</h2><button type="button" class="modal-x" aria-label="Close">×</button></header><div class="modal-body">${body}</div><footer class="modal-footer"><button type="button" class="btn modal-cancel">${plain(view.close, 'Cancel')}</button>${view.submit ? html`<button type="submit" class="btn btn-primary modal-submit">${plain(view.submit, 'Submit')}</button>` : nothing}</footer></form>`;
}
