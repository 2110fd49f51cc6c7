// The simulated workspace: people, user groups, channels, messages, threads, reactions and ephemeral
// messages, plus the open modals (see modals.ts). Tests and the sandbox page read it through the query
// methods; every change is announced on the `change` event so a page can follow along.

import { EventEmitter } from 'node:events';
import { SlackApiError } from './errors.js';
import { Homes } from './homes.js';
import type { IdSource } from './ids.js';
import { Modals } from './modals.js';
import type { SlackSeed } from './seed.js';
import { channelsFromSeed, usergroupsFromSeed, usersFromSeed } from './seed-state.js';
import type {
  Json,
  SimChannel,
  SimEphemeral,
  SimMessage,
  SimUser,
  SimUsergroup,
  WorkspaceChange,
  WorkspaceSnapshot,
} from './types.js';

export interface NewMessage {
  channel: string;
  text: string;
  blocks?: Json[];
  thread_ts?: string;
  /** A person's message; without it the message is the bot's. */
  user?: string;
  metadata?: SimMessage['metadata'];
}

export class Workspace extends EventEmitter<{ change: [WorkspaceChange] }> {
  readonly team: WorkspaceSnapshot['team'];
  readonly bot: WorkspaceSnapshot['bot'];
  readonly modals: Modals;
  readonly homes: Homes;
  private readonly users = new Map<string, SimUser>();
  private readonly groups = new Map<string, SimUsergroup>();
  private readonly channels = new Map<string, SimChannel>();
  private readonly messages = new Map<string, SimMessage[]>();
  private ephemeralMessages: SimEphemeral[] = [];

  constructor(
    seed: SlackSeed,
    readonly ids: IdSource,
  ) {
    super();
    this.team = { id: seed.teamId, domain: seed.teamDomain, name: seed.teamName ?? seed.teamDomain };
    this.bot = { userId: seed.botUserId, botId: seed.botId, appId: seed.appId, name: seed.botName };
    this.modals = new Modals(this.team.id, this.bot, ids, (change) => this.announce(change));
    this.homes = new Homes(this.team.id, this.bot, ids, (change) => this.announce(change));
    const created = ids.nowSec();
    for (const user of usersFromSeed(seed)) this.users.set(user.id, user);
    for (const group of usergroupsFromSeed(seed, created)) this.groups.set(group.id, group);
    for (const channel of channelsFromSeed(seed, created)) this.channels.set(channel.id, channel);
  }

  private announce(change: WorkspaceChange): void {
    this.emit('change', change);
  }

  // People and groups

  user(id: string): SimUser | undefined {
    return this.users.get(id);
  }

  requireUser(id: string): SimUser {
    const user = this.users.get(id);
    if (!user) throw new SlackApiError('user_not_found');
    return user;
  }

  userByEmail(email: string): SimUser | undefined {
    const wanted = email.toLowerCase();
    if (!wanted) return undefined;
    return [...this.users.values()].find((u) => u.profile.email.toLowerCase() === wanted);
  }

  userByName(name: string): SimUser | undefined {
    return [...this.users.values()].find((u) => u.name === name);
  }

  listUsers(): SimUser[] {
    return [...this.users.values()];
  }

  usergroups(): SimUsergroup[] {
    return [...this.groups.values()];
  }

  usergroup(idOrHandle: string): SimUsergroup | undefined {
    return this.groups.get(idOrHandle) ?? this.usergroups().find((g) => g.handle === idOrHandle);
  }

  // Channels

  channel(id: string): SimChannel | undefined {
    return this.channels.get(id);
  }

  requireChannel(id: string): SimChannel {
    const channel = this.channels.get(id) ?? this.channelByName(id.replace(/^#/, ''));
    if (!channel) throw new SlackApiError('channel_not_found');
    return channel;
  }

  channelByName(name: string): SimChannel | undefined {
    return [...this.channels.values()].find((c) => !c.is_im && c.name === name);
  }

  listChannels(): SimChannel[] {
    return [...this.channels.values()];
  }

  setBotMembership(channelId: string, member: boolean): void {
    this.requireChannel(channelId).bot_is_member = member;
  }

  /** The DM between the bot and a person, created on first use as conversations.open does. */
  openDm(userId: string): { channel: SimChannel; alreadyOpen: boolean } {
    const user = this.requireUser(userId);
    const existing = [...this.channels.values()].find((c) => c.is_im && c.user === user.id);
    if (existing) return { channel: existing, alreadyOpen: true };
    const channel: SimChannel = {
      id: this.ids.id('D'),
      name: user.id,
      is_channel: false,
      is_im: true,
      is_private: true,
      created: this.ids.nowSec(),
      user: user.id,
      bot_is_member: true,
    };
    this.channels.set(channel.id, channel);
    this.announce({ kind: 'channel_opened', channel: channel.id, user: user.id });
    return { channel, alreadyOpen: false };
  }

  // Messages

  postMessage(input: NewMessage): SimMessage {
    const channel = this.requireChannel(input.channel);
    const list = this.messages.get(channel.id) ?? [];
    let parent: SimMessage | undefined;
    if (input.thread_ts) {
      parent = list.find((m) => m.ts === input.thread_ts);
      // A reply to a reply joins the thread of its parent, as on Slack.
      if (parent?.thread_ts && parent.thread_ts !== parent.ts) {
        const rootTs = parent.thread_ts;
        parent = list.find((m) => m.ts === rootTs);
      }
      if (!parent) throw new SlackApiError('thread_not_found');
    }
    const ts = this.ids.messageTs();
    const author = input.user ? { user: input.user } : { user: this.bot.userId, bot_id: this.bot.botId };
    const message: SimMessage = {
      type: 'message',
      channel: channel.id,
      ts,
      team: this.team.id,
      text: input.text,
      ...author,
      ...(input.user ? {} : { app_id: this.bot.appId }),
      ...(input.blocks ? { blocks: input.blocks } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
    };
    if (parent) {
      message.thread_ts = parent.ts;
      message.parent_user_id = parent.user;
      parent.thread_ts = parent.ts;
      parent.reply_count = (parent.reply_count ?? 0) + 1;
      parent.reply_users = [...new Set([...(parent.reply_users ?? []), author.user])];
      parent.latest_reply = ts;
    }
    list.push(message);
    this.messages.set(channel.id, list);
    this.announce({ kind: 'message_posted', channel: channel.id, ts });
    if (parent) this.announce({ kind: 'message_updated', channel: channel.id, ts: parent.ts });
    return message;
  }

  /** Blocks left undefined are kept (as chat.update does); null removes them (as replace_original does). */
  updateMessage(
    channelId: string,
    ts: string,
    change: { text?: string; blocks?: Json[] | null },
  ): SimMessage {
    const message = this.requireMessage(channelId, ts);
    if (change.text !== undefined) message.text = change.text;
    if (change.blocks === null) delete message.blocks;
    else if (change.blocks !== undefined) message.blocks = change.blocks;
    message.edited = { user: message.user ?? this.bot.userId, ts: this.ids.messageTs() };
    this.announce({ kind: 'message_updated', channel: message.channel, ts });
    return message;
  }

  deleteMessage(channelId: string, ts: string): void {
    const message = this.requireMessage(channelId, ts);
    const list = this.messages.get(message.channel) ?? [];
    this.messages.set(
      message.channel,
      list.filter((m) => m !== message),
    );
    const parent =
      message.thread_ts && message.thread_ts !== ts ? this.message(channelId, message.thread_ts) : undefined;
    if (parent?.reply_count) parent.reply_count -= 1;
    this.announce({ kind: 'message_deleted', channel: message.channel, ts });
  }

  message(channelId: string, ts: string): SimMessage | undefined {
    const channel = this.channels.get(channelId);
    return channel ? this.messages.get(channel.id)?.find((m) => m.ts === ts) : undefined;
  }

  requireMessage(channelId: string, ts: string): SimMessage {
    this.requireChannel(channelId);
    const message = this.message(channelId, ts);
    if (!message) throw new SlackApiError('message_not_found');
    return message;
  }

  /** What the channel shows now: its top-level messages, oldest first (thread replies stay in threads). */
  history(channelId: string): SimMessage[] {
    const channel = this.requireChannel(channelId);
    return (this.messages.get(channel.id) ?? []).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  }

  /** A thread: its parent first, then the replies, oldest first; empty when there is no such message. */
  thread(channelId: string, ts: string): SimMessage[] {
    const parent = this.message(channelId, ts);
    if (!parent) return [];
    const list = this.messages.get(parent.channel) ?? [];
    return [parent, ...list.filter((m) => m.thread_ts === ts && m.ts !== ts)];
  }

  /** The DM between the bot and a person, oldest first, thread replies included. */
  dmsOf(userId: string): SimMessage[] {
    const dm = [...this.channels.values()].find((c) => c.is_im && c.user === userId);
    return dm ? [...(this.messages.get(dm.id) ?? [])] : [];
  }

  // Reactions

  addReaction(channelId: string, ts: string, userId: string, name: string): SimMessage {
    this.requireUser(userId);
    const message = this.requireMessage(channelId, ts);
    const reactions = message.reactions ?? [];
    const reaction = reactions.find((r) => r.name === name);
    if (reaction?.users.includes(userId)) throw new SlackApiError('already_reacted');
    if (reaction) {
      reaction.users.push(userId);
      reaction.count = reaction.users.length;
    } else {
      reactions.push({ name, users: [userId], count: 1 });
    }
    message.reactions = reactions;
    this.announce({ kind: 'reaction_added', channel: message.channel, ts, user: userId, reaction: name });
    return message;
  }

  removeReaction(channelId: string, ts: string, userId: string, name: string): SimMessage {
    const message = this.requireMessage(channelId, ts);
    const reaction = message.reactions?.find((r) => r.name === name);
    if (!reaction?.users.includes(userId)) throw new SlackApiError('no_reaction');
    reaction.users = reaction.users.filter((u) => u !== userId);
    reaction.count = reaction.users.length;
    message.reactions = message.reactions?.filter((r) => r.count > 0);
    if (message.reactions?.length === 0) delete message.reactions;
    this.announce({ kind: 'reaction_removed', channel: message.channel, ts, user: userId, reaction: name });
    return message;
  }

  // Ephemeral messages: seen by one person in one channel, never stored in the channel's history.

  postEphemeral(input: { channel: string; user: string; text: string; blocks?: Json[]; thread_ts?: string }) {
    const channel = this.requireChannel(input.channel);
    this.requireUser(input.user);
    const ephemeral: SimEphemeral = {
      channel: channel.id,
      user: input.user,
      ts: this.ids.messageTs(),
      text: input.text,
      ...(input.blocks ? { blocks: input.blocks } : {}),
      ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
    };
    this.ephemeralMessages.push(ephemeral);
    this.announce({ kind: 'ephemeral_posted', channel: channel.id, user: input.user, ts: ephemeral.ts });
    return ephemeral;
  }

  replaceEphemeral(userId: string, ts: string, change: { text: string; blocks?: Json[] }): SimEphemeral {
    const ephemeral = this.ephemeralMessages.find((e) => e.user === userId && e.ts === ts);
    if (!ephemeral) throw new SlackApiError('message_not_found');
    ephemeral.text = change.text;
    if (change.blocks) ephemeral.blocks = change.blocks;
    else delete ephemeral.blocks;
    this.announce({ kind: 'ephemeral_updated', channel: ephemeral.channel, user: userId, ts });
    return ephemeral;
  }

  deleteEphemeral(userId: string, ts: string): void {
    const ephemeral = this.ephemeralMessages.find((e) => e.user === userId && e.ts === ts);
    if (!ephemeral) throw new SlackApiError('message_not_found');
    this.ephemeralMessages = this.ephemeralMessages.filter((e) => e !== ephemeral);
    this.announce({ kind: 'ephemeral_deleted', channel: ephemeral.channel, user: userId, ts });
  }

  /** Ephemeral messages a person sees, oldest first; only those in `channelId` when given. */
  ephemerals(userId: string, channelId?: string): SimEphemeral[] {
    return this.ephemeralMessages.filter((e) => e.user === userId && (!channelId || e.channel === channelId));
  }

  // Modals

  /** The Home tab the app last published for a person. */
  home(userId: string) {
    return this.homes.of(userId);
  }

  /** The view a person has on screen: the top of their modal stack. */
  openView(userId: string) {
    return this.modals.top(userId);
  }

  snapshot(): WorkspaceSnapshot {
    const copy = <T>(value: T): T => structuredClone(value);
    return copy({
      team: this.team,
      bot: this.bot,
      users: this.listUsers(),
      usergroups: this.usergroups(),
      channels: this.listChannels(),
      messages: Object.fromEntries(this.messages),
      ephemerals: this.ephemeralMessages,
      views: this.modals.all(),
    });
  }
}
