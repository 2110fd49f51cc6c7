// The request form's submission and its entitlement search. Field errors go back into the form
// (`response_action: errors`) before anything is stored; the request itself is made after the ack.

import type { App } from '@slack/bolt';
import { createRequest } from '../../service/requests.js';
import { submissionErrors, suggestions } from '../acknowledgement.js';
import type { SlackContext } from '../context.js';
import { REQUEST_VIEW, readSubmission } from '../modal.js';
import { errorText } from '../replies.js';

export function register(app: App, ctx: SlackContext): void {
  // The search answers from what the form offered: its answer must be in the acknowledgement.
  app.options<'block_suggestion'>({ action_id: 'value' }, async ({ ack, body }) => {
    const { value, view } = body as { value?: string; view?: { private_metadata?: string } };
    await ack(suggestions(value ?? '', view, ctx.service.catalogue));
  });

  app.view(REQUEST_VIEW, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const submitted = readSubmission(view);
    const errors = submissionErrors(view, ctx.service.catalogue, ctx.service.clock.now());
    if (errors) return ack({ response_action: 'errors', errors });
    const start = submitted.startAt === undefined ? undefined : new Date(submitted.startAt).toISOString();
    await ack();

    try {
      await ctx.work.run(() =>
        createRequest(ctx.service, {
          requester: user,
          entitlementId: submitted.entitlementId,
          duration: submitted.duration,
          reason: submitted.reason,
          ...(start !== undefined && { start: { kind: 'at' as const, text: start } }),
        }),
      );
    } catch (error) {
      // The form is closed by now: the person hears about a refusal (no AWS user, already held…) directly.
      const text = errorText(error, ctx.log, { user });
      const dm = await client.conversations.open({ users: user });
      if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text });
    }
  });
}
