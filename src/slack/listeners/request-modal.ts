// The request form's submission and its entitlement search. Field errors go back into the form
// (`response_action: errors`) before anything is stored; the request itself is made after the ack.

import type {
  AllMiddlewareArgs,
  App,
  BlockSuggestion,
  SlackOptionsMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { OptionGroup } from '@slack/types';
import type { Logger } from 'pino';
import type { Entitlement } from '../../core/entitlement.js';
import { accountsToOffer } from '../../service/accounts.js';
import { createRequest, requestableBy } from '../../service/requests.js';
import { submissionErrors, suggestions } from '../acknowledgement.js';
import { guarded, type Where } from '../boundary.js';
import { boundaryOf, type SlackContext } from '../context.js';
import { truncate } from '../escape.js';
import { ACCOUNTS_ACTION, accountOption, FIELD, REQUEST_VIEW, readSubmission } from '../modal.js';
import { tellInChannel } from '../tell.js';

type SearchArgs = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** A search has nowhere to answer but its own options: a failure offers none, and is logged. */
const onSearch: Where<SearchArgs> = {
  context: ({ body }) => ({ action: (body as BlockSuggestion).action_id, user: body.user.id }),
};

/**
 * The form is closed once submitted: a refusal (no AWS user, already held…) is told to the person alone in
 * the channel `/access` opened the form in, like the command's own refusals; in a direct message when the
 * form was opened from the Home tab, or when that channel takes no ephemeral message from Latchkey.
 */
const onSubmit = (log: Logger): Where<SubmitArgs> => ({
  answer:
    ({ client, body, view }) =>
    (text) =>
      tellInChannel(client, log, { user: body.user.id, channel: readSubmission(view).channel }, text),
  context: ({ body }) => ({ view: REQUEST_VIEW, user: body.user.id }),
});

export function register(app: App, ctx: SlackContext): void {
  const boundary = boundaryOf(ctx);
  // The search answers from what the form offered: its answer must be in the acknowledgement.
  app.options<'block_suggestion'>(
    { action_id: 'value' },
    guarded(boundary, onSearch, async ({ ack, body }) => {
      const { value, view } = body as { value?: string; view?: { private_metadata?: string } };
      await ack(suggestions(value ?? '', view, ctx.service.catalogue));
    }),
  );

  app.options<'block_suggestion'>(
    { action_id: ACCOUNTS_ACTION },
    guarded(boundary, onSearch, async ({ ack, body }) => {
      await ack({
        option_groups: await accountGroups(ctx, body.user.id, (body as { value?: string }).value),
      });
    }),
  );

  app.view(
    REQUEST_VIEW,
    guarded(boundary, onSubmit(ctx.log), async ({ ack, body, view }) => {
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
    }),
  );
}

/** The accounts the person may pick, grouped by entitlement, that match what was typed. */
async function accountGroups(
  ctx: SlackContext,
  userId: string,
  value: string | undefined,
): Promise<OptionGroup[]> {
  const typed = (value ?? '').toLowerCase();
  const several = (await requestableBy(ctx.service, userId)).filter((e) => e.accounts !== undefined);
  const groups: OptionGroup[] = [];
  let room = MAX_OPTIONS;
  for (const entitlement of several) {
    if (room <= 0) break;
    const accounts = await accountsToOffer(ctx.service, entitlement);
    const options = accounts
      .filter((a) => `${entitlement.id} ${a.id} ${a.name}`.toLowerCase().includes(typed))
      .slice(0, room)
      .map((a) => accountOption(entitlement.id, a));
    if (options.length === 0) continue;
    room -= options.length;
    groups.push({ label: { type: 'plain_text', text: truncate(entitlement.id, 75) }, options });
  }
  return groups;
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
