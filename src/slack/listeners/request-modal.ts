// The request form's submission and its entitlement search. Field errors go back into the form
// (`response_action: errors`) before anything is stored; the request itself is made after the ack.

import type { App } from '@slack/bolt';
import { InvalidDuration, MissingReason, ReasonNotAccepted, StartNotAccepted } from '../../core/errors.js';
import { assertReasonAccepted, normaliseReason, parseRequestDuration } from '../../core/request-input.js';
import { assertStartAccepted } from '../../core/start-time.js';
import { createRequest, requestableBy } from '../../service/requests.js';
import type { SlackContext } from '../context.js';
import { entitlementOption, FIELD, REQUEST_VIEW, readSubmission } from '../modal.js';
import { errorText } from '../replies.js';

export function register(app: App, ctx: SlackContext): void {
  app.options<'block_suggestion'>({ action_id: 'value' }, async ({ ack, body }) => {
    const typed = ((body as { value?: string }).value ?? '').toLowerCase();
    const entitlements = await requestableBy(ctx.service, body.user.id);
    const matches = entitlements
      .filter((e) => `${e.id} ${e.description}`.toLowerCase().includes(typed))
      .slice(0, 100);
    await ack({ options: matches.map(entitlementOption) });
  });

  app.view(REQUEST_VIEW, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const submitted = readSubmission(view);
    const errors: Record<string, string> = {};
    const requestable = await requestableBy(ctx.service, user);
    const entitlement = requestable.find((e) => e.id === submitted.entitlementId);
    if (!entitlement) errors[FIELD.entitlement] = 'Pick something you may request.';
    else {
      try {
        parseRequestDuration(entitlement, submitted.duration);
      } catch (error) {
        if (error instanceof InvalidDuration) errors[FIELD.duration] = error.message.replace(/`/g, '');
        else throw error;
      }
    }
    try {
      const reason = normaliseReason(submitted.reason);
      if (entitlement) assertReasonAccepted(entitlement, reason);
    } catch (error) {
      if (error instanceof MissingReason || error instanceof ReasonNotAccepted)
        errors[FIELD.reason] = error.message.replace(/`/g, '');
      else throw error;
    }
    const start = submitted.startAt === undefined ? undefined : new Date(submitted.startAt).toISOString();
    if (start !== undefined && submitted.startAt !== undefined) {
      try {
        const now = ctx.service.clock.now();
        assertStartAccepted(submitted.startAt, now, ctx.service.catalogue.limits.maxLeadTimeSec, start);
      } catch (error) {
        if (error instanceof StartNotAccepted) errors[FIELD.start] = error.message.replace(/`/g, '');
        else throw error;
      }
    }
    if (Object.keys(errors).length > 0) return ack({ response_action: 'errors', errors });
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
