// Approve / Deny buttons on request and extension messages. A click that does not count gets an
// ephemeral explanation; a double click changes nothing.

import type { App, BlockButtonAction } from '@slack/bolt';
import type { Decision } from '../../service/decisions.js';
import { decide } from '../../service/decisions.js';
import type { SlackContext } from '../context.js';
import { ACTION, parseButtonValue } from '../messages.js';
import { errorText } from '../replies.js';

export function register(app: App, ctx: SlackContext): void {
  const listener = (decision: Decision) =>
    app.action<BlockButtonAction>(
      ACTION[decision as 'approve' | 'deny'],
      async ({ ack, body, action, respond }) => {
        await ack();
        const target = parseButtonValue(action.value ?? '');
        if (!target) return;
        try {
          await ctx.work.run(() => decide(ctx.service, { ...target, userId: body.user.id, decision }));
        } catch (error) {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: errorText(error, ctx.log, { grantId: target.grantId }),
          });
        }
      },
    );
  listener('approve');
  listener('deny');
}
