// The workspace as one person sees it on the sandbox page, in the Web API's own shapes: the public
// channels, their DM with the bot, their own ephemeral messages mixed in where they were posted, the
// modal they have open and their Home tab. The page's types are this function's result, so the two
// cannot drift apart.

import type { SimEphemeral, SimMessage } from '../types.js';
import type { Workspace } from '../workspace.js';

/** The DM entry's key: the bot's DM with the person, opened on first use. */
export const DM_KEY = 'dm';
/** The app's Home tab entry's key. */
export const HOME_KEY = 'home';

/** A message as the page draws it; an ephemeral is the bot's message, shown to this person alone. */
export type UiMessage = SimMessage & { ephemeral?: true };

const fromEphemeral = (e: SimEphemeral, workspace: Workspace): UiMessage => ({
  ...e,
  type: 'message',
  team: workspace.team.id,
  user: workspace.bot.userId,
  bot_id: workspace.bot.botId,
  ephemeral: true,
});

function channelView(workspace: Workspace, me: string, key: string, id: string | null, name: string) {
  const kind = key === DM_KEY ? ('dm' as const) : ('channel' as const);
  const stored = !id ? [] : kind === 'dm' ? workspace.dmsOf(me) : allMessages(workspace, id);
  const mine = id ? workspace.ephemerals(me, id).map((e) => fromEphemeral(e, workspace)) : [];
  const messages: UiMessage[] = [];
  /** Thread replies by their parent's ts, oldest first. */
  const replies: Record<string, UiMessage[]> = {};
  for (const message of [...stored, ...mine].sort((a, b) => Number(a.ts) - Number(b.ts))) {
    const parent = message.thread_ts !== message.ts && message.thread_ts;
    if (parent) replies[parent] = [...(replies[parent] ?? []), message];
    else messages.push(message);
  }
  return { id, key, name, kind, messages, replies };
}

/** Every message of a channel, threads included, through the workspace's public queries. */
const allMessages = (workspace: Workspace, id: string): SimMessage[] =>
  workspace.history(id).flatMap((m) => (m.thread_ts === m.ts ? workspace.thread(id, m.ts) : [m]));

export function stateFor(workspace: Workspace, me: string, version: number) {
  const dm = workspace.listChannels().find((c) => c.is_im && c.user === me);
  const channels = workspace
    .listChannels()
    .filter((c) => !c.is_im)
    .map((c) => channelView(workspace, me, c.id, c.id, c.name));
  channels.push(channelView(workspace, me, DM_KEY, dm?.id ?? null, workspace.bot.name));
  return {
    version,
    me,
    team: workspace.team,
    bot: workspace.bot,
    people: workspace.listUsers().filter((u) => !u.deleted),
    usergroups: workspace.usergroups(),
    channels,
    /** The modal on the person's screen, if any. */
    view: workspace.openView(me) ?? null,
    /** The Home tab the app last published for this person; null until it publishes one. */
    home: workspace.home(me) ?? null,
  };
}

export type UiState = ReturnType<typeof stateFor>;
export type UiChannel = UiState['channels'][number];
