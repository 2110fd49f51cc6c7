// views.* methods: modals opened with a fresh trigger_id, pushed onto the stack, and updated by id or
// external id with an optional hash guard.

import { z } from 'zod';
import { type ApiContext, type Args, boolArg, jsonArg, type MethodHandler, parseArgs } from './api-args.js';
import { blockKitProblems } from './block-kit.js';
import { SlackApiError } from './errors.js';
import type { ViewInput } from './modals.js';

const plainText = z.object({
  type: z.literal('plain_text'),
  text: z.string(),
  emoji: z.boolean().optional(),
});

const viewSchema = z.object({
  type: z.enum(['modal', 'home']),
  title: plainText.refine((t) => t.text.length <= 24, 'title must be at most 24 characters').optional(),
  blocks: z.array(jsonArg),
  submit: plainText.refine((t) => t.text.length <= 24, 'submit must be at most 24 characters').optional(),
  close: plainText.refine((t) => t.text.length <= 24, 'close must be at most 24 characters').optional(),
  private_metadata: z.string().max(3000).optional(),
  callback_id: z.string().max(255).optional(),
  external_id: z.string().max(255).optional(),
  clear_on_close: boolArg.optional(),
  notify_on_close: boolArg.optional(),
});

/** Slack refuses a view whose JSON is larger than this (views.publish documents 250 kB). */
const MAX_VIEW_BYTES = 250_000;

function parseView(raw: unknown, surface: 'modal' | 'home' = 'modal'): ViewInput {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SlackApiError('invalid_arguments', [
        '[ERROR] view must be a JSON object [json-pointer:/view]',
      ]);
    }
  }
  if (Buffer.byteLength(JSON.stringify(value ?? null)) > MAX_VIEW_BYTES)
    throw new SlackApiError('view_too_large');
  const view = parseArgs(z.object({ view: viewSchema }), { view: value }).view;
  if (view.type !== surface) {
    throw new SlackApiError('invalid_arguments', [
      `[ERROR] view type must be ${surface} for this method [json-pointer:/view/type]`,
    ]);
  }
  if (surface === 'home' && (view.submit || view.close)) {
    throw new SlackApiError('invalid_arguments', [
      '[ERROR] a home view has no submit or close button [json-pointer:/view]',
    ]);
  }
  if (view.type === 'modal' && !view.title) {
    throw new SlackApiError('invalid_arguments', [
      '[ERROR] missing required field: title [json-pointer:/view]',
    ]);
  }
  const problems = blockKitProblems(view.blocks, surface);
  if (problems.length) throw new SlackApiError('invalid_blocks', problems);
  return { ...view, title: view.title ?? null };
}

const openArgs = z.object({ trigger_id: z.string().default(''), view: z.unknown() });

function open(args: Args, { workspace, triggers }: ApiContext) {
  const input = parseArgs(openArgs, args);
  const view = parseView(input.view);
  const user = triggers.redeem(input.trigger_id);
  return { view: workspace.modals.open(user, view) };
}

function push(args: Args, { workspace, triggers }: ApiContext) {
  const input = parseArgs(openArgs, args);
  const view = parseView(input.view);
  const user = triggers.redeem(input.trigger_id);
  return { view: workspace.modals.push(user, view) };
}

const updateArgs = z.object({
  view_id: z.string().optional(),
  external_id: z.string().optional(),
  hash: z.string().optional(),
  view: z.unknown(),
});

function update(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(updateArgs, args);
  if (!input.view_id && !input.external_id) {
    throw new SlackApiError('invalid_arguments', ['[ERROR] view_id or external_id is required']);
  }
  const view = parseView(input.view);
  const ref = input.view_id ? { viewId: input.view_id } : { externalId: input.external_id ?? '' };
  return { view: workspace.modals.update(ref, view, input.hash) };
}

const publishArgs = z.object({
  user_id: z.string().default(''),
  hash: z.string().optional(),
  view: z.unknown(),
});

function publish(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(publishArgs, args);
  const user = workspace.requireUser(input.user_id);
  if (user.is_bot || user.deleted) throw new SlackApiError('user_not_found');
  const view = parseView(input.view, 'home');
  return { view: workspace.homes.publish(user.id, view, input.hash) };
}

export const viewMethods: Record<string, MethodHandler> = {
  'views.publish': publish,
  'views.open': open,
  'views.push': push,
  'views.update': update,
};
