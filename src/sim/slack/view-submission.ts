// What Slack does with a modal after the app answers its view_submission: an empty 200 closes the view;
// a response_action shows errors, updates, pushes or clears; anything else leaves the view open.

import { z } from 'zod';
import { jsonArg } from './api-args.js';
import type { ViewInput } from './modals.js';
import { type Delivery, SLACK_ACK_DEADLINE_MS } from './transport.js';
import type { Workspace } from './workspace.js';

export type SubmissionOutcome =
  | { action: 'closed' | 'cleared' }
  | { action: 'errors'; errors: Record<string, string> }
  | { action: 'updated' | 'pushed'; viewId: string }
  | { action: 'failed'; reason: string };

const viewInput = z.object({
  type: z.string(),
  title: jsonArg,
  blocks: z.array(jsonArg),
  submit: jsonArg.optional(),
  close: jsonArg.optional(),
  private_metadata: z.string().optional(),
  callback_id: z.string().optional(),
  external_id: z.string().optional(),
  clear_on_close: z.boolean().optional(),
  notify_on_close: z.boolean().optional(),
});

const answer = z.discriminatedUnion('response_action', [
  z.object({ response_action: z.literal('errors'), errors: z.record(z.string(), z.string()) }),
  z.object({ response_action: z.literal('update'), view: viewInput }),
  z.object({ response_action: z.literal('push'), view: viewInput }),
  z.object({ response_action: z.literal('clear') }),
]);

export function interpretSubmission(
  workspace: Workspace,
  user: string,
  viewId: string,
  delivery: Delivery,
): SubmissionOutcome {
  if (delivery.status !== 200) return { action: 'failed', reason: `HTTP ${delivery.status}` };
  // Slack shows an error and keeps the modal when the app takes longer than three seconds.
  if (delivery.ms > SLACK_ACK_DEADLINE_MS) return { action: 'failed', reason: 'timeout' };
  const isEmpty =
    delivery.body.trim() === '' || (delivery.json !== undefined && JSON.stringify(delivery.json) === '{}');
  if (isEmpty) {
    workspace.modals.close(user);
    return { action: 'closed' };
  }
  const parsed = answer.safeParse(delivery.json);
  if (!parsed.success) return { action: 'failed', reason: 'unrecognised response' };
  const reply = parsed.data;
  switch (reply.response_action) {
    case 'errors':
      workspace.modals.setErrors(viewId, reply.errors);
      return { action: 'errors', errors: reply.errors };
    case 'update': {
      const view = workspace.modals.update({ viewId }, reply.view satisfies ViewInput);
      return { action: 'updated', viewId: view.id };
    }
    case 'push': {
      const view = workspace.modals.push(user, reply.view);
      return { action: 'pushed', viewId: view.id };
    }
    case 'clear':
      workspace.modals.clear(user);
      return { action: 'cleared' };
  }
}
