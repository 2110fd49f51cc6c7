// Reactions on a request message: the approve reaction approves, the deny reaction denies, removing the
// approve reaction before the quorum withdraws the approval. A stray reaction is ignored silently, and a
// delivery Slack retries is recognised by its event id and handled once.

import type { App } from '@slack/bolt';
import { LatchkeyError } from '../../core/errors.js';
import { sleepOn } from '../../core/ports.js';
import { decide } from '../../service/decisions.js';
import { reactionDecision } from '../acknowledgement.js';
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
    const decision = reactionDecision(kind, event, ctx);
    if (!decision || !channel || !ts) return;
    // A message of the bot's own may be a request whose link is still being stored: wait for it longer.
    const ours = botUserId !== undefined && event.item_user === botUserId;
    const link = await linkOf(ctx, channel, ts, ours ? 15_000 : 1_000);
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
 * (service/requests.ts), so a reaction that comes at once gets that moment (`patienceMs`, however slow each
 * look at the store is) before it is taken as stray.
 */
async function linkOf(ctx: SlackContext, channel: string, ts: string, patienceMs: number) {
  // On the service's clock, so a test that moves time on ends the wait as the time passing would.
  const { clock } = ctx.service;
  const until = clock.now() + patienceMs;
  for (;;) {
    const link = await ctx.service.store.findByMessage(channel, ts);
    if (link || clock.now() >= until) return link;
    await sleepOn(clock, 100);
  }
}
