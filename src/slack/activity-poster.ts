// Posts the activity digest (and word that it is late) as a reply in the grant's request thread. Unlike the
// notifier it does not swallow Slack's errors: the digest stays due until Slack has taken it.

import type { WebClient } from '@slack/web-api';
import type { ActivityPoster } from '../core/activity-ports.js';
import type { Grant } from '../core/grant.js';

export class SlackActivityPoster implements ActivityPoster {
  constructor(private readonly client: WebClient) {}

  async post(grant: Grant, text: string): Promise<string> {
    if (!grant.channel) throw new Error(`grant ${grant.id} has no channel to post its activity in`);
    const posted = await this.client.chat.postMessage({
      channel: grant.channel,
      ...(grant.messageTs && { thread_ts: grant.messageTs }),
      text,
      unfurl_links: false,
    });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    return posted.ts;
  }
}
