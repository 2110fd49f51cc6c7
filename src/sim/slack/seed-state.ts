// The seed turned into the workspace's starting state, in the shapes the Web API returns.

import type { SlackSeed } from './seed.js';
import type { SimChannel, SimUser, SimUsergroup } from './types.js';

export function usersFromSeed(seed: SlackSeed): SimUser[] {
  const people: SimUser[] = seed.users.map((u) => ({
    id: u.id,
    team_id: seed.teamId,
    name: u.name,
    real_name: u.realName,
    deleted: u.deleted,
    is_bot: u.isBot,
    is_app_user: false,
    is_restricted: u.guest || u.singleChannelGuest,
    is_ultra_restricted: u.singleChannelGuest,
    tz: u.tz,
    profile: {
      email: u.email,
      real_name: u.realName,
      real_name_normalized: u.realName,
      display_name: u.name,
      display_name_normalized: u.name,
      title: u.title,
      team: seed.teamId,
    },
  }));
  const bot: SimUser = {
    id: seed.botUserId,
    team_id: seed.teamId,
    name: seed.botName,
    real_name: seed.botName,
    deleted: false,
    is_bot: true,
    is_app_user: false,
    is_restricted: false,
    is_ultra_restricted: false,
    tz: 'America/Los_Angeles',
    // Bot users have no email; users.lookupByEmail never finds them.
    profile: {
      email: '',
      real_name: seed.botName,
      real_name_normalized: seed.botName,
      display_name: '',
      display_name_normalized: '',
      title: '',
      team: seed.teamId,
      bot_id: seed.botId,
    },
  };
  return [...people, bot];
}

export function usergroupsFromSeed(seed: SlackSeed, created: number): SimUsergroup[] {
  return seed.usergroups.map((g) => ({
    id: g.id,
    team_id: seed.teamId,
    handle: g.handle,
    name: g.name ?? g.handle,
    users: [...g.users],
    date_create: created,
  }));
}

export function channelsFromSeed(seed: SlackSeed, created: number): SimChannel[] {
  return seed.channels.map((c) => ({
    id: c.id,
    name: c.name,
    is_channel: true,
    is_im: false,
    is_private: c.isPrivate,
    created,
    bot_is_member: c.botIsMember,
  }));
}
