// Tells Slack what happened: posts request messages, replies in their threads, keeps each message showing
// the grant's current state, and writes to the requester directly. Slack trouble never changes a grant: a
// failed post is logged and the grant goes on (the sweeper re-posts a request that never made it).

import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { RequestNotPosted } from '../core/errors.js';
import type { Grant } from '../core/grant.js';
import type { Clock, IdentityCenter, MessageLink, Note, Notifier } from '../core/ports.js';
import { TtlCache } from '../core/ttl-cache.js';
import type { Catalogue } from '../service/catalogue.js';
import { extensionMessage, type MessageContext, requestMessage } from './messages.js';
import { platformError } from './platform-error.js';
import { say } from './thread-text.js';

/** Outcomes of an extension that the grant's own thread hears about too. */
const ALSO_IN_GRANT_THREAD = new Set(['extended', 'extension-denied', 'extension-lapsed', 'lapsed']);

export interface NotifierOptions {
  client: WebClient;
  catalogue: Catalogue;
  identityCenter: IdentityCenter;
  clock: Clock;
  log: Logger;
  portalUrl?: string | undefined;
  /** Home tabs to publish again when a grant changes. */
  homes?: { changed(grant: Grant): void } | undefined;
}

export class SlackNotifier implements Notifier {
  /** The last thing being said about each grant, so the next waits for it. */
  private readonly told = new Map<string, Promise<void>>();
  /**
   * Each person's DM with the bot: Slack answers conversations.open with the same channel every time, so
   * a sweep ending many grants does not ask again for each.
   */
  private readonly dms: TtlCache<string>;

  constructor(private readonly options: NotifierOptions) {
    this.dms = new TtlCache(60 * 60_000, 10_000, options.clock);
  }

  async postRequest(grant: Grant, purpose: MessageLink['purpose']): Promise<{ channel: string; ts: string }> {
    const { client } = this.options;
    const ctx = await this.context(grant);
    const message = purpose === 'request' ? requestMessage(grant, ctx) : extensionMessage(grant, ctx);
    const channel = grant.channel ?? ctx.entitlement?.channel;
    if (!channel) throw new Error(`no channel for ${grant.id}`);
    const posted = await client.chat
      .postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false })
      .catch((error: unknown) => {
        const code = platformError(error);
        if (code) throw new RequestNotPosted(channel, code);
        throw error;
      });
    if (!posted.ts || !posted.channel) throw new Error('chat.postMessage returned no ts');
    await this.quietly(grant, () => this.dmWithLink(grant, posted.channel!, posted.ts!, purpose));
    return { channel: posted.channel, ts: posted.ts };
  }

  /**
   * Said in the order asked, per grant: a caller may start telling Slack and go on with its work (the AWS
   * call after an approval), and a later note about the same grant still lands after it in the thread.
   */
  notify(grant: Grant, note: Note): Promise<void> {
    this.options.homes?.changed(grant);
    const previous = this.told.get(grant.id) ?? Promise.resolve();
    const next = previous.then(() => this.tell(grant, note));
    // The caller gets `next` and sees its failure; the chain only waits for it to settle.
    const settled = next.catch(() => undefined);
    this.told.set(grant.id, settled);
    void settled.then(() => {
      if (this.told.get(grant.id) === settled) this.told.delete(grant.id);
    });
    return next;
  }

  private async tell(grant: Grant, note: Note): Promise<void> {
    const ctx = await this.context(grant);
    const said = say(grant, note, ctx);
    const action =
      note.kind === 'transition'
        ? note.event.action
        : note.kind === 'extension'
          ? `extension-${note.action}`
          : '';
    const ext = grant.extension;
    const inExtension = said.inExtensionThread || action.startsWith('extension') || action === 'extended';
    const threads: { channel: string; ts: string }[] = [];
    if (inExtension && ext?.channel && ext.messageTs)
      threads.push({ channel: ext.channel, ts: ext.messageTs });
    if (
      (!inExtension || ALSO_IN_GRANT_THREAD.has(action) || threads.length === 0) &&
      grant.channel &&
      grant.messageTs
    ) {
      threads.push({ channel: grant.channel, ts: grant.messageTs });
    }
    const { client } = this.options;
    for (const where of threads) {
      if (said.thread) {
        const text = said.thread;
        await this.quietly(grant, () =>
          client.chat.postMessage({ channel: where.channel, thread_ts: where.ts, text }),
        );
      }
    }
    await this.quietly(grant, () => this.refresh(grant, ctx));
    if (said.dm) {
      const text = said.dm;
      await this.quietly(grant, () => this.dm(grant.requester, text));
    }
  }

  /** Re-renders the request message (and an extension's) to the grant's current state. */
  private async refresh(grant: Grant, ctx: MessageContext): Promise<void> {
    const { client } = this.options;
    if (grant.channel && grant.messageTs) {
      const message = requestMessage(grant, ctx);
      await client.chat.update({
        channel: grant.channel,
        ts: grant.messageTs,
        text: message.text,
        blocks: message.blocks,
      });
    }
    const ext = grant.extension;
    if (ext?.channel && ext.messageTs) {
      const message = extensionMessage(grant, ctx);
      await client.chat.update({
        channel: ext.channel,
        ts: ext.messageTs,
        text: message.text,
        blocks: message.blocks,
      });
    }
  }

  private async dmWithLink(
    grant: Grant,
    channel: string,
    ts: string,
    purpose: MessageLink['purpose'],
  ): Promise<void> {
    const { permalink } = await this.options.client.chat.getPermalink({ channel, message_ts: ts });
    const what =
      purpose === 'request'
        ? `Your request \`${grant.id}\` for \`${grant.entitlementId}\``
        : `Your request to extend \`${grant.id}\``;
    const state =
      grant.state === 'pending' || grant.extension?.state === 'pending'
        ? 'is waiting for approval'
        : 'was posted';
    await this.dm(grant.requester, `${what} ${state}: ${permalink ?? `<#${channel}>`}`);
  }

  private async dm(userId: string, text: string): Promise<void> {
    const { client } = this.options;
    const known = this.dms.get(userId);
    if (known) {
      try {
        await client.chat.postMessage({ channel: known, text, unfurl_links: false });
        return;
      } catch (error) {
        // The DM is gone (the person left, the app was reinstalled): open it again, once.
        const code = platformError(error);
        if (code !== 'channel_not_found' && code !== 'is_archived') throw error;
        this.dms.delete(userId);
      }
    }
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) return;
    this.dms.set(userId, channel);
    await client.chat.postMessage({ channel, text, unfurl_links: false });
  }

  private async context(grant: Grant): Promise<MessageContext> {
    const entitlement = this.options.catalogue.find(grant.entitlementId);
    let sessionDurationSec: number | undefined;
    if (grant.target.kind === 'permissionSet') {
      // Only a detail of the message: without it the message says less, and the reason is logged.
      const resolved = await this.options.identityCenter
        .resolveTarget(grant.target)
        .catch((error: unknown) => {
          this.options.log.warn({ grantId: grant.id, err: error }, 'could not read the session duration');
          return undefined;
        });
      if (resolved?.kind === 'permissionSet') sessionDurationSec = resolved.sessionDurationSec;
    }
    return {
      entitlement,
      now: this.options.clock.now(),
      ...(this.options.portalUrl && { portalUrl: this.options.portalUrl }),
      ...(sessionDurationSec && { sessionDurationSec }),
    };
  }

  private async quietly(grant: Grant, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.options.log.error({ grantId: grant.id, err: error }, 'Slack call failed');
    }
  }
}
