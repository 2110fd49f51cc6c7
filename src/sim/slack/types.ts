// The state of the simulated workspace, in the shapes Slack's Web API returns. Everything here is plain
// JSON so a snapshot can be sent to a browser as it is.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface SimUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  tz: string;
  profile: {
    email: string;
    real_name: string;
    real_name_normalized: string;
    display_name: string;
    display_name_normalized: string;
    title: string;
    team: string;
    bot_id?: string;
  };
}

export interface SimUsergroup {
  id: string;
  team_id: string;
  handle: string;
  name: string;
  users: string[];
  date_create: number;
}

export interface SimChannel {
  id: string;
  name: string;
  is_channel: boolean;
  is_im: boolean;
  is_private: boolean;
  created: number;
  /** The other party of a DM channel. */
  user?: string;
  bot_is_member: boolean;
}

export interface SimReaction {
  name: string;
  users: string[];
  count: number;
}

export interface SimMessage {
  type: 'message';
  channel: string;
  ts: string;
  team: string;
  text: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  blocks?: Json[];
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  reactions?: SimReaction[];
  edited?: { user: string; ts: string };
  /** Message metadata the app attached; returned by history reads only with include_all_metadata. */
  metadata?: { event_type: string; event_payload: Record<string, Json> };
}

export interface SimEphemeral {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: Json[];
  thread_ts?: string;
}

export interface SimView {
  id: string;
  team_id: string;
  type: string;
  title: Json;
  submit: Json;
  close: Json;
  blocks: Json[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, Record<string, JsonObject>> };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string | null;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
  /** Errors the app answered a submission with (response_action: errors), by block id. */
  errors?: Record<string, string>;
}

/** Where a response_url posts to, and what it may replace. */
export interface ResponseUrlRecord {
  id: string;
  channel: string;
  user: string;
  /** The message the interaction came from; replace_original and delete_original act on it. */
  messageTs?: string;
  fromEphemeral: boolean;
  createdAtMs: number;
  uses: number;
}

export type WorkspaceChange =
  | { kind: 'message_posted' | 'message_updated' | 'message_deleted'; channel: string; ts: string }
  | {
      kind: 'reaction_added' | 'reaction_removed';
      channel: string;
      ts: string;
      user: string;
      reaction: string;
    }
  | {
      kind: 'ephemeral_posted' | 'ephemeral_updated' | 'ephemeral_deleted';
      channel: string;
      user: string;
      ts: string;
    }
  | { kind: 'view_opened' | 'view_pushed' | 'view_updated' | 'view_closed'; user: string; viewId: string }
  | { kind: 'channel_opened'; channel: string; user: string }
  | { kind: 'home_published'; user: string; viewId: string };

export interface WorkspaceSnapshot {
  team: { id: string; domain: string; name: string };
  bot: { userId: string; botId: string; appId: string; name: string };
  users: SimUser[];
  usergroups: SimUsergroup[];
  channels: SimChannel[];
  messages: Record<string, SimMessage[]>;
  ephemerals: SimEphemeral[];
  views: Record<string, SimView[]>;
}
