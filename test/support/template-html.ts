// lit-html templates as the HTML the browser would hold after rendering them, for assertions in tests
// that run without a DOM. It follows lit-html's rules: text and attribute values escaped, `nothing`
// and null leave no trace (an attribute bound to them is left out), `?attr` appears only when true,
// `.prop` and `@event` bindings set no markup, and unsafeHTML's string goes in as it is.

import { nothing, type TemplateResult } from 'lit-html';
import { getDirectiveClass, isTemplateResult } from 'lit-html/directive-helpers.js';
import { keyed } from 'lit-html/directives/keyed.js';
import { repeat } from 'lit-html/directives/repeat.js';
import { UnsafeHTMLDirective } from 'lit-html/directives/unsafe-html.js';
import { escapeHtml } from '../../src/sim/slack/web/html.js';

// Only unsafeHTML exports its class; the others are known by a result of their own.
const KeyedDirective = getDirectiveClass(keyed('', ''));
const RepeatDirective = getDirectiveClass(repeat([], () => ''));

const absent = (value: unknown) => value === nothing || value === null || value === undefined;

/** A value in text position (or inside a quoted attribute), as markup. */
function content(value: unknown): string {
  if (absent(value)) return '';
  if (isTemplateResult(value)) return templateHtml(value);
  const directive = getDirectiveClass(value);
  if (directive) {
    const values = (value as { values: unknown[] }).values;
    if (directive === UnsafeHTMLDirective) return absent(values[0]) ? '' : String(values[0]);
    if (directive === KeyedDirective) return content(values[1]);
    if (directive === RepeatDirective) {
      const [items, keyOrTemplate, template] = values as [
        Iterable<unknown>,
        (i: unknown, n: number) => unknown,
        unknown,
      ];
      const draw = (template ?? keyOrTemplate) as (item: unknown, index: number) => unknown;
      return [...items].map((item, index) => content(draw(item, index))).join('');
    }
    throw new Error(`No string form for the directive ${directive.name}`);
  }
  if (typeof value === 'object' && Symbol.iterator in value)
    return [...(value as Iterable<unknown>)].map(content).join('');
  return escapeHtml(String(value));
}

export function templateHtml(template: unknown): string {
  if (!isTemplateResult(template)) return content(template);
  const { strings, values } = template as TemplateResult;
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    let next = strings[index + 1] ?? '';
    const special = out.match(/\s([.?@])([\w-]+)=$/);
    const plain = out.match(/\s([\w-]+)=$/);
    if (special) {
      out = out.slice(0, -special[0].length);
      if (special[1] === '?' && value) out += ` ${special[2]}`;
    } else if (plain) {
      if (absent(value)) out = out.slice(0, -plain[0].length);
      else out += `"${escapeHtml(String(value))}"`;
    } else {
      out += content(value);
    }
    // A binding left out at the end of a tag leaves no space before `>`.
    if (special || (plain && absent(value))) next = next.replace(/^\s+(?=\/?>)/, '');
    out += next;
  });
  return out;
}
