// chat.* methods: messages posted, updated and deleted by the bot, ephemeral messages and permalinks.

import { z } from 'zod';
import {
  type ApiContext,
  type Args,
  blocksArg,
  channelArg,
  jsonArg,
  type MethodHandler,
  objectArg,
  parseArgs,
} from './api-args.js';
import { blockKitProblems } from './block-kit.js';
import { SlackApiError } from './errors.js';
import type { Json, SimChannel, SimMessage } from './types.js';
import type { Workspace } from './workspace.js';

const MAX_TEXT = 40_000;

/** A message as the Web API returns it: without the channel field, with the bot's profile. */
export function messageOut(
  message: SimMessage,
  workspace: Workspace,
  withMetadata = false,
): Record<string, unknown> & { ts: string } {
  const { channel: _channel, metadata, ...fields } = message;
  const rest = withMetadata && metadata ? { ...fields, metadata } : fields;
  if (!message.bot_id) return rest;
  const { bot, team } = workspace;
  return {
    ...rest,
    bot_profile: { id: bot.botId, app_id: bot.appId, name: bot.name, deleted: false, team_id: team.id },
  };
}

export function checkContent(text: string | undefined, blocks: Json[] | undefined): void {
  if (!text && !blocks?.length) throw new SlackApiError('no_text');
  if (text && text.length > MAX_TEXT) throw new SlackApiError('msg_too_long');
  if (blocks) {
    const problems = blockKitProblems(blocks, 'message');
    if (problems.length) throw new SlackApiError('invalid_blocks', problems);
  }
}

/** A channel id, a `#name`, or a user id (the bot's DM with that person), as chat.postMessage accepts. */
function postingTarget(workspace: Workspace, channel: string): SimChannel {
  const user = /^[UW]/.test(channel) ? workspace.user(channel) : undefined;
  const target = user ? workspace.openDm(user.id).channel : workspace.requireChannel(channel);
  if (!target.bot_is_member) throw new SlackApiError('not_in_channel');
  return target;
}

/** Message metadata: an event type (letters, digits, underscores) and a payload object. */
const metadataArg = z.preprocess(
  (value) => objectArg.safeParse(value).data ?? value,
  z.object({
    event_type: z.string().regex(/^[A-Za-z0-9_]{1,255}$/),
    event_payload: z.record(z.string(), jsonArg),
  }),
);

const postArgs = z.object({
  channel: channelArg,
  text: z.string().optional(),
  blocks: blocksArg.optional(),
  thread_ts: z.string().optional(),
  metadata: z.unknown().optional(),
});

function postMessage(args: Args, { workspace }: ApiContext) {
  const { metadata: rawMetadata, ...input } = parseArgs(postArgs, args);
  const metadata = rawMetadata === undefined ? undefined : metadataArg.safeParse(rawMetadata);
  if (metadata && !metadata.success) throw new SlackApiError('invalid_metadata_format');
  const target = postingTarget(workspace, input.channel);
  checkContent(input.text, input.blocks);
  const message = workspace.postMessage({
    ...input,
    channel: target.id,
    text: input.text ?? '',
    ...(metadata?.success && { metadata: metadata.data }),
  });
  return { channel: target.id, ts: message.ts, message: messageOut(message, workspace) };
}

const updateArgs = z.object({
  channel: channelArg,
  ts: z.string().default(''),
  text: z.string().optional(),
  blocks: blocksArg.optional(),
});

function update(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(updateArgs, args);
  const existing = workspace.requireMessage(input.channel, input.ts);
  if (existing.bot_id !== workspace.bot.botId) throw new SlackApiError('cant_update_message');
  if (!workspace.requireChannel(existing.channel).bot_is_member) throw new SlackApiError('not_in_channel');
  checkContent(input.text ?? existing.text, input.blocks ?? existing.blocks);
  const message = workspace.updateMessage(input.channel, input.ts, {
    text: input.text,
    blocks: input.blocks,
  });
  return {
    channel: message.channel,
    ts: message.ts,
    text: message.text,
    message: messageOut(message, workspace),
  };
}

const ephemeralArgs = z.object({
  channel: channelArg,
  user: z.string().default(''),
  text: z.string().optional(),
  blocks: blocksArg.optional(),
  thread_ts: z.string().optional(),
});

function postEphemeral(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(ephemeralArgs, args);
  const channel = postingTarget(workspace, input.channel);
  const user = workspace.requireUser(input.user);
  checkContent(input.text, input.blocks);
  const ephemeral = workspace.postEphemeral({
    ...input,
    channel: channel.id,
    user: user.id,
    text: input.text ?? '',
  });
  return { message_ts: ephemeral.ts };
}

const permalinkArgs = z.object({ channel: channelArg, message_ts: z.string().default('') });

function getPermalink(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(permalinkArgs, args);
  const message = workspace.requireMessage(input.channel, input.message_ts);
  const base = `https://${workspace.team.domain}.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`;
  const reply = message.thread_ts && message.thread_ts !== message.ts;
  const permalink = reply ? `${base}?thread_ts=${message.thread_ts}&cid=${message.channel}` : base;
  return { channel: message.channel, permalink };
}

const deleteArgs = z.object({ channel: channelArg, ts: z.string().default('') });

function remove(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(deleteArgs, args);
  const message = workspace.requireMessage(input.channel, input.ts);
  if (message.bot_id !== workspace.bot.botId) throw new SlackApiError('cant_delete_message');
  workspace.deleteMessage(message.channel, message.ts);
  return { channel: message.channel, ts: message.ts };
}

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
  'chat.delete': remove,
};
