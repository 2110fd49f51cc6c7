// Block Kit for the sandbox page: the blocks a message (or a modal) carries, drawn the way Slack draws
// them, as lit-html templates. Pure and DOM-free so it runs in the browser bundle and in unit tests
// alike. lit-html escapes every value; the one piece of markup passed through whole is mrkdwn.ts's,
// which escapes what it does not interpret.

import { html, nothing, type TemplateResult } from 'lit-html';
import { unsafeHTML } from 'lit-html/directives/unsafe-html.js';
import { safeHref } from './html.js';
import { type MrkdwnContext, mrkdwnToHtml, plainTextToHtml } from './mrkdwn.js';

type Obj = Record<string, unknown>;
export type Drawn = TemplateResult | typeof nothing | ReturnType<typeof unsafeHTML>;

export const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A text object, mrkdwn or plain_text; nothing when there is none. */
export function textTemplate(text: unknown, ctx: MrkdwnContext): Drawn {
  if (typeof text === 'string') return unsafeHTML(mrkdwnToHtml(text, ctx));
  if (!isObj(text)) return nothing;
  if (text.type === 'mrkdwn') return unsafeHTML(mrkdwnToHtml(str(text.text), ctx));
  return unsafeHTML(plainTextToHtml(str(text.text), text.emoji !== false));
}

export const optionsOf = (element: Obj): Obj[] =>
  [
    ...list(element.options),
    ...list(element.option_groups).flatMap((g) => (isObj(g) ? list(g.options) : [])),
  ].filter(isObj);

function button(element: Obj, blockId: string, ctx: MrkdwnContext): TemplateResult {
  const style = element.style === 'primary' || element.style === 'danger' ? ` bk-${element.style}` : '';
  const value = typeof element.value === 'string' ? element.value : undefined;
  // The data-* attributes tell the page which action to send as the person looking.
  return html`<button type="button" class="bk-button${style}" data-action-id=${str(element.action_id)} data-block-id=${blockId} data-value=${value ?? nothing} title=${safeHref(str(element.url)) ?? nothing}>${textTemplate(element.text, ctx)}</button>`;
}

function image(element: Obj, className: string): TemplateResult {
  const src = safeHref(str(element.image_url));
  const alt = str(element.alt_text);
  return src
    ? html`<img class=${className} src=${src} alt=${alt}>`
    : html`<span class=${className}>${alt}</span>`;
}

/** An interactive element in a section accessory or an actions block. */
function element(element: unknown, blockId: string, ctx: MrkdwnContext): Drawn {
  if (!isObj(element)) return nothing;
  switch (element.type) {
    case 'button':
      return button(element, blockId, ctx);
    case 'image':
      return image(element, 'bk-accessory-image');
    case 'overflow':
      return html`<span class="bk-overflow" title="More actions">⋯</span>`;
    case 'static_select':
      return html`<select class="bk-select" disabled aria-label=${str(element.action_id)}><option>${element.placeholder ? textTemplate(element.placeholder, ctx) : 'Select an option'}</option>${optionsOf(element).map((o) => html`<option>${textTemplate(o.text, ctx)}</option>`)}</select>`;
    default:
      return html`<span class="bk-unsupported">[${str(element.type) || 'element'}]</span>`;
  }
}

function section(block: Obj, blockId: string, ctx: MrkdwnContext): TemplateResult {
  const fields = list(block.fields);
  return html`<div class="bk-section"><div class="bk-section-body">${block.text ? html`<div class="bk-text">${textTemplate(block.text, ctx)}</div>` : nothing}${fields.length ? html`<div class="bk-fields">${fields.map((f) => html`<div class="bk-field">${textTemplate(f, ctx)}</div>`)}</div>` : nothing}</div>${block.accessory ? html`<div class="bk-accessory">${element(block.accessory, blockId, ctx)}</div>` : nothing}</div>`;
}

function context(block: Obj, ctx: MrkdwnContext): TemplateResult {
  const parts = list(block.elements).map((e) =>
    isObj(e) && e.type === 'image'
      ? image(e, 'bk-context-image')
      : html`<span class="bk-context-text">${textTemplate(e, ctx)}</span>`,
  );
  return html`<div class="bk-context">${parts}</div>`;
}

/** One block; `index` gives the block id Slack would report when the block has none. */
export function blockTemplate(block: unknown, index: number, ctx: MrkdwnContext): Drawn {
  if (!isObj(block)) return nothing;
  const blockId = str(block.block_id) || `sim-block-${index}`;
  switch (block.type) {
    case 'section':
      return section(block, blockId, ctx);
    case 'context':
      return context(block, ctx);
    case 'actions':
      return html`<div class="bk-actions">${list(block.elements).map((e) => element(e, blockId, ctx))}</div>`;
    case 'divider':
      return html`<hr class="bk-divider">`;
    case 'header':
      return html`<div class="bk-header">${textTemplate(block.text, ctx)}</div>`;
    case 'image':
      return html`<div class="bk-image">${block.title ? html`<div class="bk-image-title">${textTemplate(block.title, ctx)}</div>` : nothing}${image(block, 'bk-image-img')}</div>`;
    default:
      return html`<div class="bk-unsupported">[unsupported block: ${str(block.type) || '?'}]</div>`;
  }
}

export const blocksTemplate = (blocks: unknown[], ctx: MrkdwnContext): Drawn[] =>
  blocks.map((block, index) => blockTemplate(block, index, ctx));

/** A message's body: its blocks when it has any, else its text as mrkdwn. */
export function messageBodyTemplate(
  message: { text: string; blocks?: unknown[] },
  ctx: MrkdwnContext,
): TemplateResult {
  return message.blocks && message.blocks.length > 0
    ? html`<div class="bk-blocks">${blocksTemplate(message.blocks, ctx)}</div>`
    : html`<div class="bk-text">${textTemplate(message.text, ctx)}</div>`;
}
