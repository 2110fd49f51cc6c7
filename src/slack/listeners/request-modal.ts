// The request form's submission and its entitlement search. Field errors go back into the form
// (`response_action: errors`) before anything is stored; the request itself is made after the ack.

import type { App } from '@slack/bolt';
import type { Entitlement } from '../../core/entitlement.js';
import { InvalidDuration, MissingReason, ReasonNotAccepted, StartNotAccepted } from '../../core/errors.js';
import { assertReasonAccepted, normaliseReason, parseRequestDuration } from '../../core/request-input.js';
import { assertStartAccepted } from '../../core/start-time.js';
import { accountsOf } from '../../service/accounts.js';
import { createRequest, requestableBy } from '../../service/requests.js';
import type { SlackContext } from '../context.js';
import { truncate } from '../escape.js';
import {
  ACCOUNTS_ACTION,
  accountOption,
  entitlementOption,
  FIELD,
  REQUEST_VIEW,
  readSubmission,
} from '../modal.js';
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

  app.options<'block_suggestion'>({ action_id: ACCOUNTS_ACTION }, async ({ ack, body }) => {
    const typed = ((body as { value?: string }).value ?? '').toLowerCase();
    const several = (await requestableBy(ctx.service, body.user.id)).filter((e) => e.accounts !== undefined);
    const groups: {
      label: { type: 'plain_text'; text: string };
      options: ReturnType<typeof accountOption>[];
    }[] = [];
    let room = MAX_OPTIONS;
    for (const entitlement of several) {
      if (room <= 0) break;
      // An OU that cannot be read now offers nothing here; the request itself says why if it is asked for.
      const accounts = await accountsOf(ctx.service.organizations, entitlement).catch(() => []);
      const options = accounts
        .filter((a) => `${entitlement.id} ${a.id} ${a.name}`.toLowerCase().includes(typed))
        .slice(0, room)
        .map((a) => accountOption(entitlement.id, a));
      if (options.length === 0) continue;
      room -= options.length;
      groups.push({ label: { type: 'plain_text', text: truncate(entitlement.id, 75) }, options });
    }
    await ack({ option_groups: groups });
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
    const accounts = pickedAccounts(submitted.accounts, entitlement);
    if (accounts === 'mismatch')
      errors[FIELD.accounts] =
        `Pick accounts of ${submitted.entitlementId || 'the entitlement'} only, or none for all of them.`;
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
          ...(Array.isArray(accounts) && { accounts }),
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

/** Slack lets an external select answer at most 100 options. */
const MAX_OPTIONS = 100;

/**
 * The account ids picked for the chosen entitlement; `undefined` when none were (all of them), `mismatch`
 * when a pick belongs to another entitlement or the chosen one is not on several accounts.
 */
function pickedAccounts(
  values: string[],
  entitlement: Entitlement | undefined,
): string[] | undefined | 'mismatch' {
  if (values.length === 0) return undefined;
  if (!entitlement?.accounts) return 'mismatch';
  const prefix = `${entitlement.id}:`;
  if (values.some((v) => !v.startsWith(prefix))) return 'mismatch';
  return values.map((v) => v.slice(prefix.length));
}
