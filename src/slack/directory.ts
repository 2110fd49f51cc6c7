// What Slack knows about people: users.info for flags and email, user groups expanded with
// usergroups.users.list. Both cached briefly, since every click and reaction asks.

import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Entitlement } from '../core/entitlement.js';
import type { PersonFacts } from '../core/policy.js';
import type { Clock, Directory } from '../core/ports.js';
import { TtlCache } from '../core/ttl-cache.js';
import { platformError } from './platform-error.js';

const userSchema = z.object({
  id: z.string(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  is_app_user: z.boolean().optional(),
  is_restricted: z.boolean().optional(),
  is_ultra_restricted: z.boolean().optional(),
  tz: z.string().nullish(),
  profile: z.object({ email: z.string().optional() }).loose().optional(),
});
type SlackUser = z.infer<typeof userSchema>;

const CACHE_MS = 60_000;

export class SlackDirectory implements Directory {
  private readonly users: TtlCache<Promise<SlackUser | undefined>>;
  private readonly groups: TtlCache<Promise<string[]>>;
  private readonly groupIds: TtlCache<Promise<Map<string, string>>>;

  constructor(
    private readonly client: WebClient,
    private readonly admins: readonly string[],
    clock: Clock,
  ) {
    this.users = new TtlCache(CACHE_MS, 5000, clock);
    this.groups = new TtlCache(CACHE_MS, 1000, clock);
    this.groupIds = new TtlCache(CACHE_MS, 1, clock);
  }

  async person(userId: string, entitlement?: Entitlement): Promise<PersonFacts> {
    const [user, isApprover, isAdmin] = await Promise.all([
      this.user(userId),
      entitlement ? this.isListed(userId, entitlement.approvers) : Promise.resolve(false),
      this.isListed(userId, this.admins),
    ]);
    return {
      userId,
      isApprover,
      isAdmin,
      isBot: Boolean(user?.is_bot || user?.is_app_user),
      isGuest: Boolean(user?.is_restricted || user?.is_ultra_restricted),
      // A person Slack does not know is treated like a deactivated one: they count for nothing.
      isDeactivated: user === undefined || Boolean(user.deleted),
    };
  }

  async mayRequest(userId: string, entitlement: Entitlement): Promise<boolean> {
    if (entitlement.requesters === undefined) return true;
    return this.isListed(userId, entitlement.requesters);
  }

  async email(userId: string): Promise<string | undefined> {
    return (await this.user(userId))?.profile?.email;
  }

  async timeZone(userId: string): Promise<string | undefined> {
    return (await this.user(userId))?.tz ?? undefined;
  }

  /** Handle → user group id, for mentions. */
  async userGroupIds(): Promise<Map<string, string>> {
    return this.groupIds.getOrLoad('all', async () => {
      try {
        const out = await this.client.usergroups.list({ include_disabled: false });
        return new Map((out.usergroups ?? []).map((g) => [g.handle ?? '', g.id ?? '']));
      } catch (error) {
        // A workspace that will not list its groups (a token without the scope, say) still answers for
        // one group asked by name: fall back to that rather than refusing every approval.
        if (!platformError(error)) throw error;
        return new Map();
      }
    });
  }

  /** The user ids that user ids and `@handles` stand for, user groups expanded (cached like the rest). */
  async expand(principals: readonly string[]): Promise<string[]> {
    const ids = await Promise.all(
      principals.map((p) => (p.startsWith('@') ? this.members(p.slice(1)) : Promise.resolve([p]))),
    );
    return [...new Set(ids.flat())];
  }

  private async isListed(userId: string, principals: readonly string[]): Promise<boolean> {
    if (principals.includes(userId)) return true;
    for (const principal of principals) {
      if (principal.startsWith('@') && (await this.members(principal.slice(1))).includes(userId)) return true;
    }
    return false;
  }

  private members(handle: string): Promise<string[]> {
    return this.groups.getOrLoad(handle, async () => {
      const id = (await this.userGroupIds()).get(handle) ?? handle;
      try {
        const out = await this.client.usergroups.users.list({ usergroup: id });
        return out.users ?? [];
      } catch (error) {
        // No such group: nobody is a member of it.
        if (platformError(error)) return [];
        throw error;
      }
    });
  }

  private user(userId: string): Promise<SlackUser | undefined> {
    return this.users.getOrLoad(userId, async () => {
      try {
        const out = await this.client.users.info({ user: userId });
        const parsed = userSchema.safeParse(out.user);
        return parsed.success ? parsed.data : undefined;
      } catch (error) {
        if (platformError(error) === 'user_not_found') return undefined;
        throw error;
      }
    });
  }
}
