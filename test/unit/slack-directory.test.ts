import { ErrorCode, type WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { SlackDirectory } from '../../src/slack/directory.js';
import { entitlement } from '../support/entitlements.js';

function platformError(code: string): Error {
  return Object.assign(new Error(`An API error occurred: ${code}`), {
    code: ErrorCode.PlatformError,
    data: { ok: false, error: code },
  });
}

// The directory's decisions about Slack's answers, with the Web API replaced by the three methods it
// calls: the wire adds nothing to what is tested here (the end-to-end tests cover the wire).
function client(options: { listGroups: 'ok' | 'refused' }): WebClient {
  const members: Record<string, string[]> = { S0LEADS: ['U0BOB'], 'sre-leads': ['U0BOB'] };
  return {
    users: {
      info: async ({ user }: { user: string }) => {
        if (user === 'U0GONE') throw platformError('user_not_found');
        return { ok: true, user: { id: user, profile: { email: `${user.toLowerCase()}@example.com` } } };
      },
    },
    usergroups: {
      list: async () => {
        if (options.listGroups === 'refused') throw platformError('missing_scope');
        return { ok: true, usergroups: [{ id: 'S0LEADS', handle: 'sre-leads' }] };
      },
      users: {
        list: async ({ usergroup }: { usergroup: string }) => {
          const users = members[usergroup];
          if (!users) throw platformError('no_such_subteam');
          return { ok: true, users };
        },
      },
    },
  } as unknown as WebClient;
}

const clock = { now: () => 0 };
const leads = entitlement({ approvers: ['@sre-leads', '@nobody'] });

describe('Slack directory', () => {
  it('a member of a listed user group is an approver; others, and unknown groups, are not', async () => {
    const directory = new SlackDirectory(client({ listGroups: 'ok' }), [], clock);

    expect((await directory.person('U0BOB', leads)).isApprover).toBe(true);
    expect((await directory.person('U0ALICE', leads)).isApprover).toBe(false);
  });

  it('asks for a group by its handle when the workspace will not list its groups', async () => {
    const directory = new SlackDirectory(client({ listGroups: 'refused' }), [], clock);

    expect((await directory.person('U0BOB', leads)).isApprover).toBe(true);
  });

  it('a person Slack does not know counts as deactivated', async () => {
    const directory = new SlackDirectory(client({ listGroups: 'ok' }), [], clock);

    expect(await directory.person('U0GONE', leads)).toMatchObject({ isDeactivated: true, isApprover: false });
  });
});
