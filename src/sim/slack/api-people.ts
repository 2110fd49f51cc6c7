// auth.test, users.* and usergroups.*: who the bot is and who the people of the workspace are.

import { z } from 'zod';
import { type ApiContext, type Args, boolArg, type MethodHandler, parseArgs } from './api-args.js';
import { SlackApiError } from './errors.js';

function authTest(_args: Args, { workspace }: ApiContext) {
  const { team, bot } = workspace;
  return {
    url: `https://${team.domain}.slack.com/`,
    team: team.name,
    user: bot.name,
    team_id: team.id,
    user_id: bot.userId,
    bot_id: bot.botId,
    is_enterprise_install: false,
  };
}

function usersInfo(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(z.object({ user: z.string().default('') }), args);
  return { user: workspace.requireUser(input.user) };
}

function lookupByEmail(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(z.object({ email: z.string().default('') }), args);
  const user = workspace.userByEmail(input.email);
  // Slack's code for this method is the plural `users_not_found`.
  if (!user) throw new SlackApiError('users_not_found');
  return { user };
}

const listArgs = z.object({
  include_users: boolArg.optional(),
  include_count: boolArg.optional(),
  include_disabled: boolArg.optional(),
});

function usergroupsList(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(listArgs, args);
  const usergroups = workspace.usergroups().map((group) => ({
    id: group.id,
    team_id: group.team_id,
    is_usergroup: true,
    name: group.name,
    description: '',
    handle: group.handle,
    is_external: false,
    date_create: group.date_create,
    date_update: group.date_create,
    date_delete: 0,
    auto_type: null,
    created_by: workspace.bot.userId,
    updated_by: workspace.bot.userId,
    deleted_by: null,
    prefs: { channels: [], groups: [] },
    ...(input.include_users ? { users: [...group.users] } : {}),
    ...(input.include_count ? { user_count: group.users.length } : {}),
  }));
  return { usergroups };
}

function usergroupsUsersList(args: Args, { workspace }: ApiContext) {
  const input = parseArgs(z.object({ usergroup: z.string().default('') }), args);
  const group = workspace.usergroups().find((g) => g.id === input.usergroup);
  if (!group) throw new SlackApiError('no_such_subteam');
  return { users: [...group.users] };
}

export const peopleMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'users.lookupByEmail': lookupByEmail,
  'usergroups.list': usergroupsList,
  'usergroups.users.list': usergroupsUsersList,
};
