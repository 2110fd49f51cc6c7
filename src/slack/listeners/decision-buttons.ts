// Approve / Deny buttons on request and extension messages, and the same buttons on approvers' Home tabs.
// A click that does not count gets an explanation to the clicker alone; a double click changes nothing.

import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Decision } from '../../service/decisions.js';
import { decide } from '../../service/decisions.js';
import { guarded, type Where } from '../boundary.js';
import { boundaryOf, type SlackContext } from '../context.js';
import { ACTION, parseButtonValue } from '../messages.js';
import { tellDirectly } from '../tell.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const where: Where<ButtonArgs> = {
  // The same buttons sit on the Home tab, which has no place for an ephemeral answer.
  answer:
    ({ body, respond, client }) =>
    (text) =>
      body.container?.type === 'view'
        ? tellDirectly(client, body.user.id, text)
        : respond({ response_type: 'ephemeral', replace_original: false, text }),
  context: ({ body, action }) => ({
    action: action.action_id,
    grantId: parseButtonValue(action.value ?? '')?.grantId,
    user: body.user.id,
  }),
};

export function register(app: App, ctx: SlackContext): void {
  const listener = (decision: Decision) =>
    app.action<BlockButtonAction>(
      ACTION[decision as 'approve' | 'deny'],
      guarded(boundaryOf(ctx), where, async ({ ack, body, action }) => {
        await ack();
        const target = parseButtonValue(action.value ?? '');
        if (!target) return;
        await ctx.work.run(() => decide(ctx.service, { ...target, userId: body.user.id, decision }));
      }),
    );
  listener('approve');
  listener('deny');
}
