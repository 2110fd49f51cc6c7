// A modal view to HTML: title, its blocks with inputs as form fields, errors under their inputs, and
// submit / cancel. Inputs are named `block_id.action_id`, the key the simulator's sender takes, so
// the page submits what the person entered without knowing the bot's field names.

import { blockHtml, isObj, str, textHtml } from './block-kit-render.js';
import { escapeHtml } from './html.js';
import type { MrkdwnContext } from './mrkdwn.js';

type Obj = Record<string, unknown>;

export interface ModalView {
  id: string;
  title: unknown;
  submit: unknown;
  close: unknown;
  blocks: unknown[];
  errors?: Record<string, string>;
}

const plain = (text: unknown, fallback: string) =>
  escapeHtml(isObj(text) && typeof text.text === 'string' ? text.text : fallback);

function optionList(element: Obj): Obj[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) => (isObj(g) && Array.isArray(g.options) ? g.options : []))
    : [];
  return [...direct, ...grouped].filter(isObj);
}

function staticSelect(element: Obj, name: string, ctx: MrkdwnContext): string {
  const initial = isObj(element.initial_option) ? str(element.initial_option.value) : '';
  const placeholder = textHtml(element.placeholder, ctx) || 'Select an option';
  const options = optionList(element).map((o) => {
    const value = str(o.value);
    const selected = value === initial ? ' selected' : '';
    return `<option value="${escapeHtml(value)}"${selected}>${textHtml(o.text, ctx)}</option>`;
  });
  return `<select class="field-control" name="${escapeHtml(name)}" data-input><option value="">${placeholder}</option>${options.join('')}</select>`;
}

function externalSelect(element: Obj, name: string): string {
  const placeholder = isObj(element.placeholder) ? str(element.placeholder.text) : 'Search';
  const minQuery = typeof element.min_query_length === 'number' ? element.min_query_length : 3;
  return [
    `<div class="ext-select" data-ext-action="${escapeHtml(str(element.action_id))}" data-min-query="${minQuery}">`,
    `<input type="text" class="field-control ext-query" autocomplete="off" placeholder="${escapeHtml(placeholder)}" aria-label="${escapeHtml(placeholder)}">`,
    `<input type="hidden" name="${escapeHtml(name)}" data-input value="">`,
    `<ul class="ext-options" role="listbox" hidden></ul>`,
    '</div>',
  ].join('');
}

function textInput(element: Obj, name: string): string {
  const initial = escapeHtml(str(element.initial_value));
  const placeholder = isObj(element.placeholder)
    ? ` placeholder="${escapeHtml(str(element.placeholder.text))}"`
    : '';
  const max = typeof element.max_length === 'number' ? ` maxlength="${element.max_length}"` : '';
  const common = `class="field-control" name="${escapeHtml(name)}" data-input${placeholder}${max}`;
  return element.multiline === true
    ? `<textarea ${common} rows="3">${initial}</textarea>`
    : `<input type="text" ${common} value="${initial}">`;
}

function control(element: Obj, name: string, ctx: MrkdwnContext): string {
  switch (element.type) {
    case 'static_select':
      return staticSelect(element, name, ctx);
    case 'external_select':
    // One pick at a time on this page; Slack's client lets a person pick several.
    case 'multi_external_select':
      return externalSelect(element, name);
    // Slack's picker shows the person's local time and sends a Unix timestamp: the page converts on submit.
    case 'datetimepicker':
      return `<input type="datetime-local" class="field-control" name="${escapeHtml(name)}" data-input data-kind="datetime">`;
    case 'datepicker':
      return `<input type="date" class="field-control" name="${escapeHtml(name)}" data-input value="${escapeHtml(str(element.initial_date))}">`;
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return `<input type="text" class="field-control" name="${escapeHtml(name)}" data-input placeholder="An id, like U0ALICE">`;
    default:
      return textInput(element, name);
  }
}

function inputHtml(block: Obj, index: number, ctx: MrkdwnContext, errors: Record<string, string>): string {
  const element = isObj(block.element) ? block.element : {};
  const blockId = str(block.block_id) || `input-${index}`;
  const name = `${blockId}.${str(element.action_id) || `action-${index}`}`;
  const optional = block.optional === true;
  const label = `${plain(block.label, '')}${optional ? ' <span class="field-optional">(optional)</span>' : ''}`;
  const hint = block.hint ? `<div class="field-hint">${textHtml(block.hint, ctx)}</div>` : '';
  const error = errors[blockId];
  const errorHtml = `<div class="field-error"${error ? '' : ' hidden'}>${error ? escapeHtml(error) : ''}</div>`;
  return [
    `<div class="field${error ? ' field-invalid' : ''}" data-block-id="${escapeHtml(blockId)}" data-required="${!optional}">`,
    `<label class="field-label">${label}</label>`,
    control(element, name, ctx),
    errorHtml,
    hint,
    '</div>',
  ].join('');
}

/** The whole modal as a dialog; the page wires submit, cancel and external selects by class. */
export function viewHtml(view: ModalView, ctx: MrkdwnContext): string {
  const errors = view.errors ?? {};
  const body = view.blocks
    .map((block, index) =>
      isObj(block) && block.type === 'input'
        ? inputHtml(block, index, ctx, errors)
        : blockHtml(block, index, ctx),
    )
    .join('');
  const submit = view.submit
    ? `<button type="submit" class="btn btn-primary modal-submit">${plain(view.submit, 'Submit')}</button>`
    : '';
  return [
    `<form class="modal" role="dialog" aria-modal="true" aria-label="${plain(view.title, 'Modal')}" data-view-id="${escapeHtml(view.id)}" novalidate>`,
    `<header class="modal-header"><span class="modal-app">L</span><h2 class="modal-title">${plain(view.title, '')}</h2>`,
    '<button type="button" class="modal-x" aria-label="Close">×</button></header>',
    `<div class="modal-body">${body}</div>`,
    `<footer class="modal-footer"><button type="button" class="btn modal-cancel">${plain(view.close, 'Cancel')}</button>${submit}</footer>`,
    '</form>',
  ].join('');
}
