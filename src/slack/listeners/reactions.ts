// Reactions on a request message: the approve reaction approves, the deny reaction denies, removing the
// approve reaction before the quorum withdraws the approval. A stray reaction is ignored silently, and a
// delivery Slack retries is recognised by its event id and handled once.

import type { App } from '@slack/bolt';
import { LatchkeyError } from '../../core/errors.js';
import { type Decision, decide } from '../../service/decisions.js';
import type { SlackContext } from '../context.js';

export function register(app: App, ctx: SlackContext): void {
  const handle = async (
    kind: 'added' | 'removed',
    event: {
      user: string;
      reaction: string;
      item: { type: string; channel?: string; ts?: string };
      item_user?: string;
    },
    eventId: string | undefined,
    botUserId: string | undefined,
  ) => {
    const { store, clock } = ctx.service;
    const { channel, ts } = event.item;
    if (event.item.type !== 'message' || !channel || !ts) return;
    let decision: Decision | undefined;
    if (event.reaction === ctx.approveReaction) decision = kind === 'added' ? 'approve' : 'withdraw';
    else if (event.reaction === ctx.denyReaction && kind === 'added') decision = 'deny';
    if (!decision) return;
    // A message of the bot's own may be a request whose link is still being stored: wait for it longer.
    const ours = botUserId !== undefined && event.item_user === botUserId;
    const link = await linkOf(ctx, channel, ts, ours ? 150 : 10);
    if (!link) return;
    if (eventId && !(await store.remember(`event:${eventId}`, clock.now()))) return;
    try {
      const { grantId, purpose } = link;
      const chosen = decision;
      await ctx.work.run(() =>
        decide(ctx.service, { grantId, purpose, userId: event.user, decision: chosen }),
      );
    } catch (error) {
      if (!(error instanceof LatchkeyError)) throw error;
      ctx.log.debug({ grantId: link.grantId, user: event.user, why: error.code }, 'reaction does not count');
    }
  };

  app.event('reaction_added', async ({ event, body, context }) =>
    handle('added', event, (body as { event_id?: string }).event_id, context.botUserId),
  );
  app.event('reaction_removed', async ({ event, body, context }) =>
    handle('removed', event, (body as { event_id?: string }).event_id, context.botUserId),
  );
}

/**
 * The grant a message belongs to. A request's message is posted a moment before its link is stored
 * (service/requests.ts), so a reaction that comes at once gets that moment (in tenths of a second) before
 * it is taken as stray.
 */
async function linkOf(ctx: SlackContext, channel: string, ts: string, patience: number) {
  for (let attempt = 0; attempt < patience; attempt++) {
    const link = await ctx.service.store.findByMessage(channel, ts);
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}
