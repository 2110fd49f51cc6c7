// `/access` and its subcommands. Every answer meant for one person is ephemeral; `/access list` posts in
// the channel (`mine` stays private). The command is acknowledged at once; the work follows.

import type { AllMiddlewareArgs, App, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseAccessCommand } from '../../core/command.js';
import { activityOnDemand } from '../../service/activity.js';
import { cancelRequest } from '../../service/decisions.js';
import { extendGrant } from '../../service/extensions.js';
import { type ListScope, listGrants } from '../../service/listing.js';
import { createRequest, requestableBy } from '../../service/requests.js';
import { requestRevocation } from '../../service/revoker.js';
import { commandAnswer } from '../acknowledgement.js';
import { activityAnswerText } from '../activity-text.js';
import { guarded, type Where } from '../boundary.js';
import { boundaryOf, type SlackContext } from '../context.js';
import { slackTime } from '../format.js';
import { listMessage } from '../listing.js';
import { openRequestForm } from '../open-form.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** Refusals and faults go to the person who typed the command, privately. */
const where: Where<CommandArgs> = {
  answer:
    ({ respond }) =>
    (text) =>
      respond({ response_type: 'ephemeral', text }),
  context: ({ command }) => ({
    command: parseAccessCommand(command.text ?? '').kind,
    user: command.user_id,
  }),
};

export function register(app: App, ctx: SlackContext): void {
  app.command(
    '/access',
    guarded(boundaryOf(ctx), where, async ({ command, ack, respond, client }) => {
      const parsed = parseAccessCommand(command.text ?? '');
      const user = command.user_id;
      const answer = commandAnswer(command.text ?? '');
      if (answer || parsed.kind === 'help' || parsed.kind === 'invalid') return ack(answer);

      const reply = (text: string) => respond({ response_type: 'ephemeral', text });

      if (parsed.kind === 'modal') {
        // The trigger id expires 3 s after the command: the form starts opening before the acknowledgement,
        // which may wait (see lambda/slack-jobs.ts), and not behind other work. Should the acknowledgement
        // say the command was already handled, the trigger was used then and this opening fails unheard.
        const acked = ack();
        const opening = openRequestForm({
          client,
          triggerId: command.trigger_id,
          channel: command.channel_id,
          entitlements: requestableBy(ctx.service, user),
          nothing: async (text) => {
            await acked;
            await reply(text);
          },
        }).then(
          () => undefined,
          (error: unknown) => ({ error }),
        );
        await acked;
        const failed = await opening;
        if (failed) throw failed.error;
        return;
      }
      await ack();

      switch (parsed.kind) {
        case 'request':
          return ctx.work.run(async () => {
            const grant = await createRequest(ctx.service, { requester: user, ...parsed });
            const where = grant.channel ? ` in <#${grant.channel}>` : '';
            const starts = grant.startAt !== undefined ? `, to start ${slackTime(grant.startAt)}` : '';
            await reply(
              grant.state === 'pending'
                ? `:hourglass_flowing_sand: Request \`${grant.id}\` is posted${where}${starts} and waits for ${grant.approvalsNeeded} approval(s).`
                : grant.state === 'scheduled'
                  ? `:calendar: \`${grant.id}\` needs no approval: access starts ${slackTime(grant.startAt ?? 0)} (posted${where}).`
                  : grant.onCall
                    ? `:pager: You are on call, so \`${grant.id}\` is approved: access is being granted, until your shift ends at the latest (posted${where}).`
                    : `:white_check_mark: \`${grant.id}\` needs no approval: access is being granted (posted${where}).`,
            );
          });
        case 'list':
          return ctx.work.run(() => list(ctx, user, parsed.scope, respond));
        case 'revoke':
          return ctx.work.run(async () => {
            const { grant } = await requestRevocation(ctx.service, parsed.grantId, user);
            await reply(
              grant.state === 'cancelled'
                ? `:heavy_multiplication_x: \`${parsed.grantId}\` had not started yet: it is cancelled, nothing was granted.`
                : `:lock: Revoking \`${parsed.grantId}\`.`,
            );
          });
        case 'cancel':
          return ctx.work.run(async () => {
            await cancelRequest(ctx.service, parsed.grantId, user);
            await reply(`:heavy_multiplication_x: Cancelled \`${parsed.grantId}\`.`);
          });
        case 'activity':
          return ctx.work.run(async () =>
            reply(activityAnswerText(await activityOnDemand(ctx.service, parsed.grantId, user))),
          );
        case 'extend':
          return ctx.work.run(async () => {
            const { grant } = await extendGrant(ctx.service, parsed.grantId, user, parsed.duration);
            await reply(
              grant.extension?.state === 'approved'
                ? `:white_check_mark: \`${grant.id}\` is extended.`
                : `:hourglass_flowing_sand: Your request to extend \`${grant.id}\` is posted for approval.`,
            );
          });
      }
    }),
  );
}

async function list(ctx: SlackContext, user: string, scope: ListScope, respond: RespondFn): Promise<void> {
  const { grants, entitlementId } = await listGrants(ctx.service, user, scope);
  const title =
    scope === 'mine'
      ? 'Your grants'
      : entitlementId !== undefined
        ? `Grants of \`${entitlementId}\``
        : 'Active and pending grants';
  const message = listMessage(grants, title, ctx.service.clock.now());
  await respond({ response_type: scope === 'mine' ? 'ephemeral' : 'in_channel', ...message });
}
