// The request form's submission and its entitlement search. Field errors go back into the form
// (`response_action: errors`) before anything is stored; the request itself is made after the ack.

import type { App } from '@slack/bolt';
import type { OptionGroup } from '@slack/types';
import type { Entitlement } from '../../core/entitlement.js';
import { accountsOf } from '../../service/accounts.js';
import { createRequest, requestableBy } from '../../service/requests.js';
import { submissionErrors, suggestions } from '../acknowledgement.js';
import type { SlackContext } from '../context.js';
import { truncate } from '../escape.js';
import { ACCOUNTS_ACTION, accountOption, FIELD, REQUEST_VIEW, readSubmission } from '../modal.js';
import { errorText } from '../replies.js';

export function register(app: App, ctx: SlackContext): void {
  // The search answers from what the form offered: its answer must be in the acknowledgement.
  app.options<'block_suggestion'>({ action_id: 'value' }, async ({ ack, body }) => {
    const { value, view } = body as { value?: string; view?: { private_metadata?: string } };
    await ack(suggestions(value ?? '', view, ctx.service.catalogue));
  });

  app.options<'block_suggestion'>({ action_id: ACCOUNTS_ACTION }, async ({ ack, body }) => {
    const typed = ((body as { value?: string }).value ?? '').toLowerCase();
    const several = (await requestableBy(ctx.service, body.user.id)).filter((e) => e.accounts !== undefined);
    const groups: OptionGroup[] = [];
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
    const errors = submissionErrors(view, ctx.service.catalogue, ctx.service.clock.now()) ?? {};
    const entitlement = ctx.service.catalogue.find(submitted.entitlementId);
    const start = submitted.startAt === undefined ? undefined : new Date(submitted.startAt).toISOString();
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
