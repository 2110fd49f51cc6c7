// Reactions on a request message: the approve reaction approves, the deny reaction denies, removing the
// approve reaction before the quorum withdraws the approval. A stray reaction is ignored silently, and a
// delivery Slack retries is recognised by its event id and handled once. A reaction that does not count
// (not an approver, the request closed) is not answered: the boundary logs it, and nobody is told.

import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { decide } from '../../service/decisions.js';
import { reactionTarget } from '../../service/reaction-target.js';
import { reactionDecision } from '../acknowledgement.js';
import { guarded, type Where } from '../boundary.js';
import { boundaryOf, type SlackContext } from '../context.js';

type ReactionArgs = SlackEventMiddlewareArgs<'reaction_added' | 'reaction_removed'> & AllMiddlewareArgs;

const where: Where<ReactionArgs> = {
  context: ({ event }) => ({ event: event.type, reaction: event.reaction, user: event.user }),
};

/** How long a reaction waits for its message's link: longer on the bot's own message, likely a new request. */
const PATIENCE_MS = { ours: 15_000, other: 1_000 };

export function register(app: App, ctx: SlackContext): void {
  const handle = async ({ event, body, context }: ReactionArgs) => {
    const kind = event.type === 'reaction_added' ? 'added' : 'removed';
    const { channel, ts } = event.item as { channel?: string; ts?: string };
    const decision = reactionDecision(kind, event, ctx);
    if (!decision || !channel || !ts) return;
    const ours = context.botUserId !== undefined && event.item_user === context.botUserId;
    const link = await reactionTarget(ctx.service, {
      channel,
      ts,
      eventId: (body as { event_id?: string }).event_id,
      patienceMs: ours ? PATIENCE_MS.ours : PATIENCE_MS.other,
    });
    if (!link) return;
    await ctx.work.run(() =>
      decide(ctx.service, { grantId: link.grantId, purpose: link.purpose, userId: event.user, decision }),
    );
  };

  app.event('reaction_added', guarded(boundaryOf(ctx), where, handle));
  app.event('reaction_removed', guarded(boundaryOf(ctx), where, handle));
}
