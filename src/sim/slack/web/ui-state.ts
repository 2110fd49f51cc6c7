// The workspace as one person sees it on the sandbox page: the public channels, their DM with the bot,
// their own ephemeral messages mixed in where they were posted, and the modal they have open.

import type { SimEphemeral, SimMessage } from '../types.js';
import type { Workspace } from '../workspace.js';
import { DM_KEY, type UiChannel, type UiMessage, type UiState } from './ui-model.js';

function fromMessage(message: SimMessage, botUserId: string): UiMessage {
  return {
    ts: message.ts,
    channel: message.channel,
    user: message.user ?? botUserId,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    isBot: Boolean(message.bot_id),
    ephemeral: false,
    ...(message.thread_ts ? { threadTs: message.thread_ts } : {}),
    replyCount: message.reply_count ?? 0,
    replyUsers: message.reply_users ?? [],
    ...(message.latest_reply ? { latestReply: message.latest_reply } : {}),
    reactions: (message.reactions ?? []).map((r) => ({ ...r, users: [...r.users] })),
    edited: Boolean(message.edited),
  };
}

function fromEphemeral(ephemeral: SimEphemeral, botUserId: string): UiMessage {
  return {
    ts: ephemeral.ts,
    channel: ephemeral.channel,
    user: botUserId,
    text: ephemeral.text,
    ...(ephemeral.blocks ? { blocks: ephemeral.blocks } : {}),
    isBot: true,
    ephemeral: true,
    ...(ephemeral.thread_ts ? { threadTs: ephemeral.thread_ts } : {}),
    replyCount: 0,
    replyUsers: [],
    reactions: [],
    edited: false,
  };
}

/** Every message of a channel, threads included, through the workspace's public queries. */
function allMessages(workspace: Workspace, channelId: string): SimMessage[] {
  const top = workspace.history(channelId);
  const replies = top
    .filter((m) => m.thread_ts === m.ts)
    .flatMap((m) => workspace.thread(channelId, m.ts).slice(1));
  return [...top, ...replies];
}

const byTs = (a: UiMessage, b: UiMessage) => Number(a.ts) - Number(b.ts);

function channelView(
  workspace: Workspace,
  me: string,
  all: SimMessage[],
  channel: Omit<UiChannel, 'messages' | 'replies'>,
): UiChannel {
  const bot = workspace.bot.userId;
  const messages = [
    ...all.map((m) => fromMessage(m, bot)),
    ...(channel.id ? workspace.ephemerals(me, channel.id).map((e) => fromEphemeral(e, bot)) : []),
  ];
  const top: UiMessage[] = [];
  const replies: Record<string, UiMessage[]> = {};
  for (const message of messages.sort(byTs)) {
    if (message.threadTs && message.threadTs !== message.ts) {
      const thread = replies[message.threadTs] ?? [];
      thread.push(message);
      replies[message.threadTs] = thread;
    } else {
      top.push(message);
    }
  }
  return { ...channel, messages: top, replies };
}

export function stateFor(workspace: Workspace, me: string, version: number): UiState {
  const people = workspace
    .listUsers()
    .filter((u) => !u.deleted)
    .map((u) => ({
      id: u.id,
      name: u.name,
      realName: u.real_name,
      title: u.profile.title,
      isBot: u.is_bot,
      guest: u.is_restricted,
    }));
  const channels: UiChannel[] = workspace
    .listChannels()
    .filter((c) => !c.is_im)
    .map((c) =>
      channelView(workspace, me, allMessages(workspace, c.id), {
        id: c.id,
        key: c.id,
        name: c.name,
        kind: 'channel',
      }),
    );
  const dm = workspace.listChannels().find((c) => c.is_im && c.user === me);
  channels.push(
    channelView(workspace, me, dm ? workspace.dmsOf(me) : [], {
      id: dm?.id ?? null,
      key: DM_KEY,
      name: workspace.bot.name,
      kind: 'dm',
    }),
  );
  const view = workspace.openView(me);
  const home = workspace.home(me);
  return {
    version,
    me,
    team: { name: workspace.team.name },
    bot: { userId: workspace.bot.userId, name: workspace.bot.name },
    people,
    usergroups: workspace.usergroups().map((g) => ({ id: g.id, handle: g.handle })),
    channels,
    view: view
      ? {
          id: view.id,
          hash: view.hash,
          title: view.title,
          submit: view.submit,
          close: view.close,
          blocks: view.blocks,
          ...(view.errors ? { errors: view.errors } : {}),
        }
      : null,
    home: home ? { blocks: home.blocks } : null,
  };
}
