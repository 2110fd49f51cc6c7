// Block Kit to HTML for the sandbox page: the blocks a message (or a modal) carries, drawn the way Slack
// draws them. Pure and DOM-free so it runs in the browser bundle and in unit tests alike; every piece
// of text goes through mrkdwn.ts or is escaped here.

import { escapeHtml, safeHref } from './html.js';
import { type MrkdwnContext, mrkdwnToHtml, plainTextToHtml } from './mrkdwn.js';

type Obj = Record<string, unknown>;

export const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A text object, mrkdwn or plain_text. */
export function textHtml(text: unknown, ctx: MrkdwnContext): string {
  if (typeof text === 'string') return mrkdwnToHtml(text, ctx);
  if (!isObj(text)) return '';
  if (text.type === 'mrkdwn') return mrkdwnToHtml(str(text.text), ctx);
  return plainTextToHtml(str(text.text), text.emoji !== false);
}

/** `data-*` attributes the page uses to send the element's action as the person looking. */
function actionAttrs(element: Obj, blockId: string): string {
  const attrs = [
    `data-action-id="${escapeHtml(str(element.action_id))}"`,
    `data-block-id="${escapeHtml(blockId)}"`,
  ];
  if (typeof element.value === 'string') attrs.push(`data-value="${escapeHtml(element.value)}"`);
  return attrs.join(' ');
}

function buttonHtml(element: Obj, blockId: string, ctx: MrkdwnContext): string {
  const style = element.style === 'primary' || element.style === 'danger' ? ` bk-${element.style}` : '';
  const url = safeHref(str(element.url));
  const title = url ? ` title="${escapeHtml(url)}"` : '';
  return `<button type="button" class="bk-button${style}" ${actionAttrs(element, blockId)}${title}>${textHtml(element.text, ctx)}</button>`;
}

function imageHtml(element: Obj, className: string): string {
  const src = safeHref(str(element.image_url));
  const alt = escapeHtml(str(element.alt_text));
  return src
    ? `<img class="${className}" src="${escapeHtml(src)}" alt="${alt}">`
    : `<span class="${className}">${alt}</span>`;
}

function optionTexts(element: Obj): Obj[] {
  const grouped = list(element.option_groups).flatMap((g) => (isObj(g) ? list(g.options) : []));
  return [...list(element.options), ...grouped].filter(isObj);
}

/** An interactive element in a section accessory or an actions block. */
export function elementHtml(element: unknown, blockId: string, ctx: MrkdwnContext): string {
  if (!isObj(element)) return '';
  switch (element.type) {
    case 'button':
      return buttonHtml(element, blockId, ctx);
    case 'image':
      return imageHtml(element, 'bk-accessory-image');
    case 'overflow':
      return `<span class="bk-overflow" title="More actions">⋯</span>`;
    case 'static_select': {
      const placeholder = textHtml(element.placeholder, ctx) || 'Select an option';
      const options = optionTexts(element)
        .map((o) => `<option>${textHtml(o.text, ctx)}</option>`)
        .join('');
      return `<select class="bk-select" disabled aria-label="${escapeHtml(str(element.action_id))}"><option>${placeholder}</option>${options}</select>`;
    }
    default:
      return `<span class="bk-unsupported">[${escapeHtml(str(element.type) || 'element')}]</span>`;
  }
}

function sectionHtml(block: Obj, blockId: string, ctx: MrkdwnContext): string {
  const text = block.text ? `<div class="bk-text">${textHtml(block.text, ctx)}</div>` : '';
  const fields = list(block.fields);
  const grid = fields.length
    ? `<div class="bk-fields">${fields.map((f) => `<div class="bk-field">${textHtml(f, ctx)}</div>`).join('')}</div>`
    : '';
  const accessory = block.accessory
    ? `<div class="bk-accessory">${elementHtml(block.accessory, blockId, ctx)}</div>`
    : '';
  return `<div class="bk-section"><div class="bk-section-body">${text}${grid}</div>${accessory}</div>`;
}

function contextHtml(block: Obj, ctx: MrkdwnContext): string {
  const parts = list(block.elements).map((e) =>
    isObj(e) && e.type === 'image'
      ? imageHtml(e, 'bk-context-image')
      : `<span class="bk-context-text">${textHtml(e, ctx)}</span>`,
  );
  return `<div class="bk-context">${parts.join('')}</div>`;
}

/** One block; `index` gives the block id Slack would report when the block has none. */
export function blockHtml(block: unknown, index: number, ctx: MrkdwnContext): string {
  if (!isObj(block)) return '';
  const blockId = str(block.block_id) || `sim-block-${index}`;
  switch (block.type) {
    case 'section':
      return sectionHtml(block, blockId, ctx);
    case 'context':
      return contextHtml(block, ctx);
    case 'actions': {
      const elements = list(block.elements).map((e) => elementHtml(e, blockId, ctx));
      return `<div class="bk-actions">${elements.join('')}</div>`;
    }
    case 'divider':
      return '<hr class="bk-divider">';
    case 'header':
      return `<div class="bk-header">${textHtml(block.text, ctx)}</div>`;
    case 'image': {
      const title = block.title ? `<div class="bk-image-title">${textHtml(block.title, ctx)}</div>` : '';
      return `<div class="bk-image">${title}${imageHtml(block, 'bk-image-img')}</div>`;
    }
    default:
      return `<div class="bk-unsupported">[unsupported block: ${escapeHtml(str(block.type) || '?')}]</div>`;
  }
}

export function blocksHtml(blocks: unknown[], ctx: MrkdwnContext): string {
  return blocks.map((block, index) => blockHtml(block, index, ctx)).join('');
}

/** A message's body: its blocks when it has any, else its text as mrkdwn. */
export function messageBodyHtml(message: { text: string; blocks?: unknown[] }, ctx: MrkdwnContext): string {
  if (message.blocks && message.blocks.length > 0) {
    return `<div class="bk-blocks">${blocksHtml(message.blocks, ctx)}</div>`;
  }
  return `<div class="bk-text">${mrkdwnToHtml(message.text, ctx)}</div>`;
}
