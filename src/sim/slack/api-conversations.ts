// conversations.* and reactions.get: channels, DMs, threads and the reactions on a message.

import { z } from 'zod';
import {
  type ApiContext,
  type Args,
  boolArg,
  channelArg,
  type MethodHandler,
  parseArgs,
} from './api-args.js';
import { messageOut } from './api-chat.js';
import { SlackApiError } from './errors.js';
import type { SimChannel } from './types.js';
import type { Workspace } from './workspace.js';

function channelOut(channel: SimChannel, workspace: Workspace): Record<string, unknown> {
  if (channel.is_im) {
    return {
      id: channel.id,
      created: channel.created,
      is_im: true,
      is_org_shared: false,
      user: channel.user,
      is_user_deleted: workspace.user(channel.user ?? '')?.deleted ?? false,
      priority: 0,
    };
  }
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: !channel.is_private,
    is_group: channel.is_private,
    is_im: false,
    is_mpim: false,
    is_private: channel.is_private,
    is_archived: false,
    is_general: channel.name === 'general',
    is_shared: false,
    is_org_shared: false,
    is_ext_shared: false,
    is_member: channel.bot_is_member,
    created: channel.created,
    creator: workspace.bot.userId,
    context_team_id: workspace.team.id,
  };
}

const openArgs = z.object({
  users: z.string().optional(),
  channel: z.string().optional(),
  return_im: boolArg.optional(),
});

function open(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(openArgs, args);
  if (input.channel) return { channel: channelOut(workspace.requireChannel(input.channel), workspace) };
  const users = (input.users ?? '').split(',').filter(Boolean);
  if (users.length === 0) throw new SlackApiError('users_list_not_supplied');
  // Only DMs with one person are simulated; group DMs are not part of the bot's world.
  if (users.length > 1) throw new SlackApiError('not_enough_users');
  const user = users[0] ?? '';
  const { channel, alreadyOpen } = workspace.openDm(user);
  const shape = input.return_im ? channelOut(channel, workspace) : { id: channel.id };
  return alreadyOpen ? { no_op: true, already_open: true, channel: shape } : { channel: shape };
}

function info(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(z.object({ channel: channelArg }), args);
  return { channel: channelOut(workspace.requireChannel(input.channel), workspace) };
}

function replies(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(
    z.object({
      channel: channelArg,
      ts: z.string().default(''),
      include_all_metadata: boolArg.optional(),
    }),
    args,
  );
  const channel = workspace.requireChannel(input.channel);
  const thread = workspace.thread(channel.id, input.ts);
  if (thread.length === 0) throw new SlackApiError('thread_not_found');
  return {
    messages: thread.map((m) => messageOut(m, workspace, input.include_all_metadata === true)),
    has_more: false,
  };
}

function reactionsGet(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(
    z.object({ channel: z.string().optional(), timestamp: z.string().optional() }),
    args,
  );
  if (!input.channel || !input.timestamp) throw new SlackApiError('no_item_specified');
  const message = workspace.requireMessage(input.channel, input.timestamp);
  return { type: 'message', channel: message.channel, message: messageOut(message, workspace) };
}

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.open': open,
  'conversations.info': info,
  'conversations.replies': replies,
  'reactions.get': reactionsGet,
};
