// response_urls: each slash command and interaction gets one, and the app may post to it up to five
// times within thirty minutes. Ephemeral replies go to the person, in_channel replies to the channel;
// replace_original and delete_original act on the message the interaction came from.

import { z } from 'zod';
import { blocksArg } from './api-args.js';
import { checkContent } from './api-chat.js';
import { SlackApiError } from './errors.js';
import type { IdSource } from './ids.js';
import type { Delivery } from './transport.js';
import type { ResponseUrlRecord } from './types.js';
import type { Workspace } from './workspace.js';

export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;
export const RESPONSE_URL_MAX_USES = 5;

const responseBody = z.object({
  text: z.string().optional(),
  blocks: blocksArg.optional(),
  response_type: z.enum(['ephemeral', 'in_channel']).optional(),
  replace_original: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  delete_original: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  thread_ts: z.string().optional(),
});

const yes = (value: boolean | string | undefined) => value === true || value === 'true';

export interface ResponseOutcome {
  status: number;
  body: Record<string, unknown>;
}

export class ResponseUrls {
  private readonly records = new Map<string, ResponseUrlRecord>();

  constructor(
    private readonly workspace: Workspace,
    private readonly ids: IdSource,
    private readonly baseUrl: () => string,
  ) {}

  create(target: { channel: string; user: string; messageTs?: string; fromEphemeral?: boolean }): string {
    const id = this.ids.id('R');
    this.records.set(id, {
      id,
      channel: target.channel,
      user: target.user,
      ...(target.messageTs ? { messageTs: target.messageTs } : {}),
      fromEphemeral: target.fromEphemeral ?? false,
      createdAtMs: this.ids.nowMs(),
      uses: 0,
    });
    return `${this.baseUrl()}/response/${id}`;
  }

  record(id: string): ResponseUrlRecord | undefined {
    return this.records.get(id);
  }

  respond(id: string, raw: string): ResponseOutcome {
    const record = this.records.get(id);
    if (!record) return { status: 404, body: { ok: false, error: 'no_service' } };
    const stale = this.ids.nowMs() - record.createdAtMs > RESPONSE_URL_LIFETIME_MS;
    if (stale || record.uses >= RESPONSE_URL_MAX_USES) {
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    }
    const parsed = responseBody.safeParse(json);
    if (!parsed.success) return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    record.uses += 1;
    try {
      this.apply(record, parsed.data);
      return { status: 200, body: { ok: true } };
    } catch (error) {
      if (error instanceof SlackApiError) return { status: 400, body: { ok: false, error: error.code } };
      throw error;
    }
  }

  /**
   * A slash command's immediate answer, the body of the app's acknowledgement, shown as Slack shows it:
   * plain text to the person alone, a message payload as a post to the command's response_url would be.
   * It is not one of the URL's five uses. What Slack would not show (an empty body, a payload it refuses)
   * shows nothing.
   */
  showCommandAnswer(url: string, answer: Delivery): void {
    const record = this.records.get(url.slice(url.lastIndexOf('/') + 1));
    if (!record || answer.status !== 200 || answer.body.trim() === '') return;
    if (answer.json === undefined) {
      this.workspace.postEphemeral({ channel: record.channel, user: record.user, text: answer.body });
      return;
    }
    const parsed = responseBody.safeParse(answer.json);
    if (!parsed.success || (!parsed.data.text && !parsed.data.blocks)) return;
    try {
      this.apply(record, parsed.data);
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
    }
  }

  private apply(record: ResponseUrlRecord, body: z.infer<typeof responseBody>): void {
    const ws = this.workspace;
    const source = record.messageTs;
    if (yes(body.delete_original) && source) {
      if (record.fromEphemeral) ws.deleteEphemeral(record.user, source);
      else ws.deleteMessage(record.channel, source);
      return;
    }
    checkContent(body.text, body.blocks);
    const content = { text: body.text ?? '', ...(body.blocks ? { blocks: body.blocks } : {}) };
    if (yes(body.replace_original) && source) {
      if (record.fromEphemeral) ws.replaceEphemeral(record.user, source, content);
      else ws.updateMessage(record.channel, source, { text: content.text, blocks: body.blocks ?? null });
      return;
    }
    const thread = body.thread_ts ? { thread_ts: body.thread_ts } : {};
    if (body.response_type === 'in_channel') {
      ws.postMessage({ channel: record.channel, ...content, ...thread });
    } else {
      ws.postEphemeral({ channel: record.channel, user: record.user, ...content, ...thread });
    }
  }
}
