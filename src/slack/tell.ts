// Telling one person something privately outside an interaction that can carry the answer itself: in a
// channel, as an ephemeral message only they see, or in their direct message with the bot.

import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { platformError } from './platform-error.js';

/** Tells one person something privately, outside any channel: the answer to a Home tab click. */
export async function tellDirectly(client: WebClient, userId: string, text: string): Promise<void> {
  const dm = await client.conversations.open({ users: userId });
  if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text });
}

/**
 * Slack's refusals of chat.postEphemeral that say the channel is no place for it: the bot or the person is
 * not in it, the bot cannot see it, it is archived. Expected wherever `/access` may be typed.
 */
const NOT_THERE = new Set(['not_in_channel', 'user_not_in_channel', 'channel_not_found', 'is_archived']);

/**
 * Tells a person something in a channel, as an ephemeral message only they see; without a channel, or when
 * Slack refuses the ephemeral, in their direct message instead, so that they hear either way.
 */
export async function tellInChannel(
  client: WebClient,
  log: Logger,
  to: { user: string; channel: string | undefined },
  text: string,
): Promise<void> {
  if (to.channel) {
    try {
      await client.chat.postEphemeral({ channel: to.channel, user: to.user, text });
      return;
    } catch (error) {
      const code = platformError(error);
      // Not a refusal (Slack out of reach): a direct message would fare no better. The caller logs it.
      if (code === undefined) throw error;
      const line = { user: to.user, channel: to.channel, slackError: code };
      if (NOT_THERE.has(code)) log.info(line, 'told the person directly: the channel takes no ephemeral');
      else log.warn(line, 'told the person directly: Slack refused the ephemeral');
    }
  }
  await tellDirectly(client, to.user, text);
}
