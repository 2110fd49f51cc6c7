// What the sandbox page receives: the workspace as one person sees it, and what Identity Center holds,
// with names instead of ids. Plain JSON shared by the server routes and the browser bundle.

export interface UiPerson {
  id: string;
  name: string;
  realName: string;
  title: string;
  isBot: boolean;
  guest: boolean;
}

export interface UiReaction {
  name: string;
  users: string[];
  count: number;
}

export interface UiMessage {
  ts: string;
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  isBot: boolean;
  /** Shown to this person alone ("Only visible to you"); never in the channel's history. */
  ephemeral: boolean;
  threadTs?: string;
  replyCount: number;
  replyUsers: string[];
  latestReply?: string;
  reactions: UiReaction[];
  edited: boolean;
}

export interface UiChannel {
  /** The channel id; the person's DM with the bot has none until it is first opened. */
  id: string | null;
  key: string;
  name: string;
  kind: 'channel' | 'dm';
  /** Top-level messages and this person's ephemerals, oldest first. */
  messages: UiMessage[];
  /** Thread replies by their parent's ts, oldest first. */
  replies: Record<string, UiMessage[]>;
}

export interface UiView {
  id: string;
  hash: string;
  title: unknown;
  submit: unknown;
  close: unknown;
  blocks: unknown[];
  errors?: Record<string, string>;
}

export interface UiState {
  version: number;
  me: string;
  team: { name: string };
  bot: { userId: string; name: string };
  people: UiPerson[];
  usergroups: { id: string; handle: string }[];
  channels: UiChannel[];
  view: UiView | null;
  /** The Home tab the app last published for this person; null until it publishes one. */
  home: { blocks: unknown[] } | null;
}

export interface IcHolding {
  principal: string;
  principalType: 'USER' | 'GROUP';
  displayName: string;
  account: string;
  accountId: string;
  permissionSet: string;
}

export interface IcGroup {
  name: string;
  members: string[];
}

export interface IcPending {
  kind: string;
  principal: string;
  account: string;
  permissionSet: string;
}

/** Who the simulated PagerDuty has on call now (sandbox mode), shown under Identity Center. */
export interface OnCallNow {
  schedule: string;
  user: string;
  /** Epoch ms; `null` when the shift has no end. */
  end: number | null;
}

export interface IdentityCenterView {
  available: boolean;
  assignments: IcHolding[];
  groups: IcGroup[];
  inProgress: IcPending[];
  onCall?: OnCallNow[];
  /** When the view could not be read, why. */
  problem?: string;
}

/** The DM entry's key: the bot's DM with the person, opened on first use. */
export const DM_KEY = 'dm';
/** The app's Home tab entry's key. */
export const HOME_KEY = 'home';
