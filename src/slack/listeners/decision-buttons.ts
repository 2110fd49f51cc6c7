// Approve / Deny buttons on request and extension messages, and the same buttons on approvers' Home tabs.
// A click that does not count gets an explanation to the clicker alone; a double click changes nothing.

import type { App, BlockButtonAction } from '@slack/bolt';
import type { Decision } from '../../service/decisions.js';
import { decide } from '../../service/decisions.js';
import type { SlackContext } from '../context.js';
import { ACTION, parseButtonValue } from '../messages.js';
import { errorText } from '../replies.js';
import { tellDirectly } from './home.js';

export function register(app: App, ctx: SlackContext): void {
  const listener = (decision: Decision) =>
    app.action<BlockButtonAction>(
      ACTION[decision as 'approve' | 'deny'],
      async ({ ack, body, action, respond, client }) => {
        await ack();
        const target = parseButtonValue(action.value ?? '');
        if (!target) return;
        try {
          await ctx.work.run(() => decide(ctx.service, { ...target, userId: body.user.id, decision }));
        } catch (error) {
          const text = errorText(error, ctx.log, { grantId: target.grantId });
          // The same buttons sit on the Home tab, which has no place for an ephemeral answer.
          if (body.container?.type === 'view') await tellDirectly(client, body.user.id, text);
          else await respond({ response_type: 'ephemeral', replace_original: false, text });
        }
      },
    );
  listener('approve');
  listener('deny');
}
