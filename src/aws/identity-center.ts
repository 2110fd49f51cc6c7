// Identity Center as Latchkey uses it: users from the identity store, permission sets and account
// assignments from sso-admin, group memberships for group targets. Every change waits for Identity
// Center's confirmation, stays inside its quotas, and is safe to repeat.

import { setTimeout as delay } from 'node:timers/promises';
import {
  DescribeUserCommand,
  GetGroupIdCommand,
  GetUserIdCommand,
  type IdentitystoreClient,
  ConflictException as StoreConflict,
  ResourceNotFoundException as StoreNotFound,
} from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  paginateListPermissionSets,
  type SSOAdminClient,
  AccessDeniedException as SsoAccessDenied,
  ConflictException as SsoConflict,
  ResourceNotFoundException as SsoNotFound,
} from '@aws-sdk/client-sso-admin';
import type { Target } from '../core/entitlement.js';
import { UnknownTarget } from '../core/errors.js';
import {
  type ChangeReceipt,
  type Clock,
  type IdentityCenter,
  type IdentityCenterUser,
  type ResolvedTarget,
  systemClock,
} from '../core/ports.js';
import { TtlCache } from '../core/ttl-cache.js';
import { AccountAssignments, type PollOptions } from './account-assignments.js';
import type { BackoffOptions } from './backoff.js';
import { GroupMemberships } from './group-memberships.js';
import {
  DEFAULT_LIMITS,
  IdentityCenterLimiter,
  type IdentityCenterLimits,
  type Sleep,
} from './rate-limiter.js';
import { paceAttempts } from './throttling.js';
import { asUnavailable } from './transient.js';
import { isUnsupportedOperation } from './unsupported.js';

export interface AwsIdentityCenterOptions {
  ssoAdmin: SSOAdminClient;
  identityStore: IdentitystoreClient;
  instanceArn: string;
  identityStoreId: string;
  /** Which identity-store attribute a person's handle matches: their email or their user name. */
  userMatch?: 'email' | 'userName';
  clock?: Clock;
  sleep?: Sleep;
  random?: () => number;
  limits?: Partial<IdentityCenterLimits>;
  poll?: Partial<PollOptions>;
  conflictRetry?: Partial<Pick<BackoffOptions, 'attempts' | 'baseMs' | 'maxMs'>>;
  /** How long users, permission sets and groups found stay cached. */
  cacheTtlMs?: number;
}

type PermissionSetInfo = { arn: string; name: string; sessionDurationSec?: number };

const GROUP_ID = /^([0-9a-f]{10}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isNotFound = (error: unknown) => error instanceof SsoNotFound || error instanceof StoreNotFound;
const isConflict = (error: unknown) => error instanceof SsoConflict || error instanceof StoreConflict;
// Asking a person's own assignments is refused outside the management account, and not offered everywhere.
const isAccessDenied = (error: unknown) => error instanceof SsoAccessDenied || isUnsupportedOperation(error);

export class AwsIdentityCenter implements IdentityCenter {
  private readonly store: IdentitystoreClient;
  private readonly admin: SSOAdminClient;
  private readonly identityStoreId: string;
  private readonly instanceArn: string;
  private readonly userMatch: 'email' | 'userName';
  private readonly limiter: IdentityCenterLimiter;
  private readonly backoff: BackoffOptions;
  private readonly assignments: AccountAssignments;
  private readonly memberships: GroupMemberships;
  private readonly users: TtlCache<IdentityCenterUser>;
  /** Answers and loads in progress alike: a burst of requests for one target looks it up once. */
  private readonly groups: TtlCache<Promise<string>>;
  private readonly permissionSets: TtlCache<PermissionSetInfo>;
  private readonly permissionSetNames: TtlCache<Promise<Map<string, PermissionSetInfo>>>;

  constructor(options: AwsIdentityCenterOptions) {
    const clock = options.clock ?? systemClock;
    const sleep = options.sleep ?? ((ms: number) => delay(ms));
    const ttl = options.cacheTtlMs ?? 5 * 60_000;
    this.store = options.identityStore;
    this.admin = options.ssoAdmin;
    this.identityStoreId = options.identityStoreId;
    this.instanceArn = options.instanceArn;
    this.userMatch = options.userMatch ?? 'email';
    this.limiter = new IdentityCenterLimiter({ ...DEFAULT_LIMITS, ...options.limits }, clock, sleep);
    this.paceClients();
    this.backoff = {
      attempts: 8,
      baseMs: 100,
      maxMs: 5000,
      ...options.conflictRetry,
      sleep,
      random: options.random ?? Math.random,
    };
    this.assignments = new AccountAssignments({
      client: options.ssoAdmin,
      instanceArn: options.instanceArn,
      limiter: this.limiter,
      backoff: this.backoff,
      clock,
      poll: { firstMs: 1000, maxMs: 5000, deadlineMs: 60_000, ...options.poll },
      isConflict,
      isNotFound,
      isAccessDenied,
    });
    this.memberships = new GroupMemberships({
      client: options.identityStore,
      identityStoreId: options.identityStoreId,
      backoff: this.backoff,
      isConflict,
      isNotFound,
    });
    this.users = new TtlCache(ttl, 5000, clock);
    this.groups = new TtlCache(ttl, 1000, clock);
    this.permissionSets = new TtlCache(ttl, 1000, clock);
    this.permissionSetNames = new TtlCache(ttl, 1, clock);
  }

  async findUser(match: string): Promise<IdentityCenterUser | undefined> {
    const key = this.userMatch === 'email' ? match.toLowerCase() : match;
    const cached = this.users.get(key);
    if (cached) return cached;
    const path = this.userMatch === 'email' ? 'emails.value' : 'userName';
    const found = await this.store
      .send(
        new GetUserIdCommand({
          IdentityStoreId: this.identityStoreId,
          AlternateIdentifier: { UniqueAttribute: { AttributePath: path, AttributeValue: match } },
        }),
      )
      .catch(absentWhenNotFound);
    if (!found?.UserId) return undefined;
    const userId = found.UserId;
    const described = await this.store
      .send(new DescribeUserCommand({ IdentityStoreId: this.identityStoreId, UserId: userId }))
      .catch((error: unknown) => {
        // An identity store that cannot describe users still found this one: take it as active.
        if (isUnsupportedOperation(error)) return { UserName: undefined, UserStatus: undefined };
        return absentWhenNotFound(error);
      });
    if (!described) return undefined;
    const user = {
      userId,
      userName: described.UserName ?? match,
      active: described.UserStatus !== 'DISABLED',
    };
    this.users.set(key, user);
    return user;
  }

  async resolveTarget(target: Target): Promise<ResolvedTarget> {
    if (target.kind === 'group') return { kind: 'group', groupId: await this.groupId(target.group) };
    if (!/^\d{12}$/.test(target.accountId)) throw new UnknownTarget('account', target.accountId);
    const ps = await this.permissionSet(target.permissionSet);
    return {
      kind: 'permissionSet',
      accountId: target.accountId,
      permissionSetArn: ps.arn,
      ...(ps.sessionDurationSec !== undefined ? { sessionDurationSec: ps.sessionDurationSec } : {}),
    };
  }

  async holds(principalId: string, target: ResolvedTarget): Promise<boolean> {
    if (target.kind === 'group')
      return this.memberships.isMember(principalId, target.groupId).catch(rethrowUnavailable);
    return this.assignments
      .assigned(principalId, target.accountId, target.permissionSetArn)
      .catch(rethrowUnavailable);
  }

  /** Users assigned the permission set directly (not through a group), or members of the group. */
  async holders(target: ResolvedTarget): Promise<string[]> {
    if (target.kind === 'group') return this.memberships.members(target.groupId);
    const principals = await this.assignments.principals(target.accountId, target.permissionSetArn);
    return principals.filter((p) => p.type === 'USER').map((p) => p.id);
  }

  grant(principalId: string, target: ResolvedTarget): Promise<ChangeReceipt> {
    return this.granting(principalId, target).catch(rethrowUnavailable);
  }

  revoke(
    principalId: string,
    target: ResolvedTarget,
    refs?: { membershipId?: string; resumed?: boolean },
  ): Promise<ChangeReceipt> {
    return this.revoking(principalId, target, refs).catch(rethrowUnavailable);
  }

  private async granting(principalId: string, target: ResolvedTarget): Promise<ChangeReceipt> {
    if (target.kind === 'group') return this.memberships.add(principalId, target.groupId);
    const requestId = await this.assignments.create(principalId, target);
    return requestId === undefined ? {} : { awsRequestId: requestId };
  }

  private async revoking(
    principalId: string,
    target: ResolvedTarget,
    refs?: { membershipId?: string; resumed?: boolean },
  ): Promise<ChangeReceipt> {
    if (target.kind === 'group')
      return this.memberships.remove(principalId, target.groupId, refs?.membershipId);
    // A first removal sends the delete without asking "is it still there?": a listing can miss a holder,
    // and a missed holder would mean a revocation skipped. Deleting what is gone ends FAILED, and only then
    // is presence asked. A removal a crash interrupted may have finished already: ask first, then.
    if (refs?.resumed && !(await this.holds(principalId, target))) return {};
    const requestId = await this.assignments.delete(principalId, target, () =>
      this.holds(principalId, target),
    );
    return requestId === undefined ? {} : { awsRequestId: requestId };
  }

  // ── lookups ─────────────────────────────────────────────────────────────────────────────────────

  private async groupId(group: string): Promise<string> {
    if (GROUP_ID.test(group)) return group;
    return this.groups.getOrLoad(group, async () => {
      const found = await this.store
        .send(
          new GetGroupIdCommand({
            IdentityStoreId: this.identityStoreId,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: group } },
          }),
        )
        .catch(absentWhenNotFound);
      if (!found?.GroupId) throw new UnknownTarget('group', group);
      return found.GroupId;
    });
  }

  private async permissionSet(nameOrArn: string): Promise<PermissionSetInfo> {
    if (nameOrArn.startsWith('arn:')) {
      const info = this.permissionSets.get(nameOrArn) ?? (await this.describePermissionSet(nameOrArn));
      if (!info) throw new UnknownTarget('permissionSet', nameOrArn);
      this.permissionSets.set(nameOrArn, info);
      return info;
    }
    const load = () => this.loadPermissionSets();
    const cached = this.permissionSetNames.get('all');
    let info = cached && (await cached).get(nameOrArn);
    if (!info) {
      // A name missing from a cached list may be new: look once more before saying it does not exist. The
      // list is dropped only if nobody has started a newer one meanwhile; callers share whichever runs.
      if (cached && this.permissionSetNames.get('all') === cached) this.permissionSetNames.delete('all');
      info = (await this.permissionSetNames.getOrLoad('all', load)).get(nameOrArn);
    }
    if (!info) throw new UnknownTarget('permissionSet', nameOrArn);
    return info;
  }

  private async loadPermissionSets(): Promise<Map<string, PermissionSetInfo>> {
    const arns: string[] = [];
    for await (const page of paginateListPermissionSets(
      { client: this.admin },
      { InstanceArn: this.instanceArn },
    ))
      arns.push(...(page.PermissionSets ?? []));
    const byName = new Map<string, PermissionSetInfo>();
    for (const info of await Promise.all(arns.map((arn) => this.describePermissionSet(arn)))) {
      if (info) {
        byName.set(info.name, info);
        this.permissionSets.set(info.arn, info);
      }
    }
    return byName;
  }

  private async describePermissionSet(arn: string): Promise<PermissionSetInfo | undefined> {
    const described = await this.admin
      .send(new DescribePermissionSetCommand({ InstanceArn: this.instanceArn, PermissionSetArn: arn }))
      .catch(absentWhenNotFound);
    const ps = described?.PermissionSet;
    if (!ps?.Name) return undefined;
    const seconds = ps.SessionDuration ? isoDurationSeconds(ps.SessionDuration) : undefined;
    return { arn, name: ps.Name, ...(seconds !== undefined ? { sessionDurationSec: seconds } : {}) };
  }

  /**
   * Every attempt the clients make waits for its turn, whether a command sent here, a page of a listing or
   * a retry of the SDK's own, and tells the limiters how it went: a throttle lowers the rate (and, for a
   * change to an assignment, the cap on changes in flight), successes raise them again towards where they
   * started.
   */
  private paceClients(): void {
    const limiter = this.limiter;
    paceAttempts(this.admin, {
      beforeAttempt: () => limiter.ssoAdminTurn(),
      throttled(operation, retryAfterMs) {
        limiter.ssoAdmin.throttled(retryAfterMs);
        if (operation === 'CreateAccountAssignment' || operation === 'DeleteAccountAssignment')
          limiter.assignments.throttled();
      },
      succeeded: () => limiter.ssoAdmin.succeeded(),
    });
    paceAttempts(this.store, {
      beforeAttempt: (operation) => limiter.identityStoreTurn(operation),
      throttled: (operation, retryAfterMs) => limiter.identityStoreLimiter(operation).throttled(retryAfterMs),
      succeeded: (operation) => limiter.identityStoreLimiter(operation).succeeded(),
    });
  }
}

/** Throttling and server errors leave as `IdentityCenterUnavailable`, with AWS's Retry-After if any. */
function rethrowUnavailable(error: unknown): never {
  throw asUnavailable(error);
}

function absentWhenNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}

/** `PT1H`, `PT4H30M`, `PT900S` in seconds; `undefined` for anything else. */
export function isoDurationSeconds(value: string): number | undefined {
  const match = /^PT(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(value);
  if (!match) return undefined;
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}
