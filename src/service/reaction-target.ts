// Which request a reaction is on. A request's message is posted a moment before its link is stored
// (requests.ts), so a reaction that comes at once is given that moment before it is taken as stray; and a
// delivery Slack retries is recognised by its event id, so it is acted on once.

import { type MessageLink, sleepOn } from '../core/ports.js';
import type { ServiceDeps } from './deps.js';

export interface ReactionOn {
  channel: string;
  ts: string;
  /** Slack's id of the delivery, when it gave one. */
  eventId?: string | undefined;
  /** How long to wait for the message's link, however slow each look at the store is. */
  patienceMs: number;
}

/** How often the store is asked again while a link may still be on its way. */
const LOOK_AGAIN_MS = 100;

/** The grant the reacted-to message belongs to; undefined for a stray reaction or a repeated delivery. */
export async function reactionTarget(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  on: ReactionOn,
): Promise<MessageLink | undefined> {
  const link = await linkOf(deps, on.channel, on.ts, on.patienceMs);
  if (!link) return undefined;
  if (on.eventId && !(await deps.store.remember(`event:${on.eventId}`, deps.clock.now()))) return undefined;
  return link;
}

async function linkOf(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  channel: string,
  ts: string,
  patienceMs: number,
): Promise<MessageLink | undefined> {
  // On the service's clock, so a test that moves time on ends the wait as the time passing would.
  const { clock } = deps;
  const until = clock.now() + patienceMs;
  for (;;) {
    const link = await deps.store.findByMessage(channel, ts);
    if (link || clock.now() >= until) return link;
    await sleepOn(clock, LOOK_AGAIN_MS);
  }
}
