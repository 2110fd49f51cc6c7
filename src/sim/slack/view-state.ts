// What a person entered in a modal, turned into Slack's `view.state.values`: one entry per input
// element, keyed by block_id then action_id, shaped by the element's type.

import type { Json, JsonObject } from './types.js';

/** A value typed or picked: text, an option value, a user/channel id, a date; a list for multi-selects. */
export type EnteredValue = string | number | string[] | null;

/** Keyed by action_id, or by `block_id.action_id` when action ids repeat. */
export type EnteredValues = Record<string, EnteredValue>;

type Node = Record<string, Json>;

const isNode = (value: Json | undefined): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function optionsOf(element: Node): Node[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) => (isNode(g) && Array.isArray(g.options) ? g.options : []))
    : [];
  return [...direct, ...grouped].filter(isNode);
}

function option(element: Node, value: string): Node {
  const type = String(element.type);
  // External selects show what the app suggested; the simulated person picks by value.
  if (type.includes('external')) return { text: { type: 'plain_text', text: value, emoji: true }, value };
  const found = optionsOf(element).find((o) => o.value === value);
  if (!found) throw new Error(`${String(element.action_id)} has no option with value ${value}`);
  return found;
}

const list = (value: EnteredValue): string[] =>
  value === null ? [] : Array.isArray(value) ? value : [String(value)];
// Slack reports an input left blank as null, never as an empty string.
const single = (value: EnteredValue): string | null =>
  value === null || value === '' ? null : Array.isArray(value) ? (value[0] ?? null) : String(value);

function elementState(element: Node, value: EnteredValue): JsonObject {
  const type = String(element.type);
  const one = single(value);
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: one === null ? null : option(element, one) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: list(value).map((v) => option(element, v)) };
    case 'users_select':
      return { type, selected_user: one };
    case 'multi_users_select':
      return { type, selected_users: list(value) };
    case 'conversations_select':
      return { type, selected_conversation: one };
    case 'multi_conversations_select':
      return { type, selected_conversations: list(value) };
    case 'channels_select':
      return { type, selected_channel: one };
    case 'datepicker':
      return { type, selected_date: one };
    case 'timepicker':
      return { type, selected_time: one };
    case 'datetimepicker':
      return { type, selected_date_time: one === null ? null : Number(one) };
    default:
      return { type, value: one };
  }
}

function isEmpty(state: JsonObject): boolean {
  const [, value] = Object.entries(state).find(([key]) => key !== 'type') ?? [];
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

/** Builds state.values for a view's input blocks; a required input left empty is refused like Slack's client does. */
export function buildViewState(
  blocks: Json[],
  entered: EnteredValues,
): Record<string, Record<string, JsonObject>> {
  const values: Record<string, Record<string, JsonObject>> = {};
  const used = new Set<string>();
  blocks.forEach((block, index) => {
    if (!isNode(block) || block.type !== 'input' || !isNode(block.element)) return;
    const blockId = typeof block.block_id === 'string' ? block.block_id : `input-${index}`;
    const actionId = String(block.element.action_id ?? `action-${index}`);
    const key = [`${blockId}.${actionId}`, actionId].find((k) => k in entered);
    const value = key ? (entered[key] ?? null) : null;
    if (key) used.add(key);
    const state = elementState(block.element, value);
    if (isEmpty(state) && block.optional !== true) {
      throw new Error(`The input ${blockId}.${actionId} is required and was left empty`);
    }
    values[blockId] = { ...values[blockId], [actionId]: state };
  });
  const unknown = Object.keys(entered).filter((k) => !used.has(k));
  if (unknown.length) throw new Error(`The view has no input for ${unknown.join(', ')}`);
  return values;
}
