// Posts the activity digest (and word that it is late) as a reply in the grant's request thread. Unlike the
// notifier it does not swallow Slack's errors: the digest stays due until Slack has taken it. The digest
// carries message metadata naming its grant, so a post that a crash left unrecorded is found in the thread
// (conversations.replies) instead of being posted again. The words are src/slack/activity-text.ts's.

import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { ActivityDigest } from '../core/activity-digest.js';
import type { ActivityPoster, DigestDelay } from '../core/activity-ports.js';
import type { Grant } from '../core/grant.js';
import { digestDelayText, grantDigestText } from './activity-text.js';

export const DIGEST_EVENT_TYPE = 'latchkey_activity_digest';

export class SlackActivityPoster implements ActivityPoster {
  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
  ) {}

  postDigest(grant: Grant, digest: ActivityDigest): Promise<string> {
    return this.reply(grant, grantDigestText(grant, digest), { digest: true });
  }

  async postDelay(grant: Grant, delay: DigestDelay): Promise<void> {
    await this.reply(grant, digestDelayText(grant.id, delay));
  }

  private async reply(grant: Grant, text: string, options: { digest?: boolean } = {}): Promise<string> {
    if (!grant.channel) throw new Error(`grant ${grant.id} has no channel to post its activity in`);
    const posted = await this.client.chat.postMessage({
      channel: grant.channel,
      ...(grant.messageTs && { thread_ts: grant.messageTs }),
      text,
      unfurl_links: false,
      ...(options.digest && {
        metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { grant_id: grant.id } },
      }),
    });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    return posted.ts;
  }

  async findPosted(grant: Grant): Promise<string | undefined> {
    if (!grant.channel || !grant.messageTs) return undefined;
    try {
      let cursor: string | undefined;
      do {
        const page = await this.client.conversations.replies({
          channel: grant.channel,
          ts: grant.messageTs,
          include_all_metadata: true,
          limit: 200,
          ...(cursor && { cursor }),
        });
        const found = page.messages?.find(
          (m) =>
            m.bot_id !== undefined &&
            m.metadata?.event_type === DIGEST_EVENT_TYPE &&
            (m.metadata.event_payload as Record<string, unknown> | undefined)?.grant_id === grant.id,
        );
        if (found?.ts) return found.ts;
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return undefined;
    } catch (error) {
      // Without the history scopes the thread cannot be read: posting again is the lesser evil.
      this.log.warn({ grantId: grant.id, err: error }, 'could not look for an earlier digest in the thread');
      return undefined;
    }
  }
}
