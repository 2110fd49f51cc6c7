// The interfaces the core needs from the outside world. Adapters implement them: the DynamoDB store
// (src/store), Identity Center (src/aws), Slack (src/slack). Nothing here does I/O.

import type { Entitlement, Target } from './entitlement.js';
import type { AuditEvent, Grant, GrantState } from './grant.js';
import type { OnCallLookup } from './on-call.js';
import type { PersonFacts } from './policy.js';

export interface Clock {
  now(): number;
  /**
   * Calls `fire` once `ms` have passed by this clock. Optional: without it, `after` uses the system's
   * timers. A test's clock fires it when the test moves its time on, so a wait can be driven, not sat out.
   */
  setTimer?(fire: () => void, ms: number): ClockTimer;
}

export interface ClockTimer {
  cancel(): void;
}

/** The real time, for the edges to pass in. The rules in src/core never read it: they take a reading. */
export const systemClock: Clock = { now: () => Date.now() };

/** Calls `fire` once `ms` have passed by `clock`. A pending timer never keeps the process alive. */
export function after(clock: Clock, ms: number, fire: () => void): ClockTimer {
  if (clock.setTimer) return clock.setTimer(fire, ms);
  const timer = setTimeout(fire, ms);
  timer.unref?.();
  return { cancel: () => clearTimeout(timer) };
}

/** Resolves once `ms` have passed by `clock`; unlike a pending `after`, the wait keeps the process alive. */
export function sleepOn(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (clock.setTimer) clock.setTimer(resolve, ms);
    else setTimeout(resolve, ms);
  });
}

// ── Identity Center ─────────────────────────────────────────────────────────────────────────────

/** A target with its names resolved to ids: what Identity Center actually holds. */
export type ResolvedTarget =
  | { kind: 'permissionSet'; accountId: string; permissionSetArn: string; sessionDurationSec?: number }
  | { kind: 'group'; groupId: string };

export interface IdentityCenterUser {
  userId: string;
  userName: string;
  active: boolean;
}

/** The outcome of a change Identity Center confirmed. */
export interface ChangeReceipt {
  /** The AWS request id (account assignments) or the operation's request id, for the audit trail. */
  awsRequestId?: string;
  membershipId?: string;
}

export interface IdentityCenter {
  /** The Identity Center user for an email address (or user name, per `userMatch`); `undefined` when none. */
  findUser(match: string): Promise<IdentityCenterUser | undefined>;
  resolveTarget(target: Target): Promise<ResolvedTarget>;
  /** Whether the principal holds the target right now. */
  holds(principalId: string, target: ResolvedTarget): Promise<boolean>;
  /**
   * Gives the access and waits until Identity Center confirms it. Safe to repeat: creating what exists
   * succeeds. Throws `ProvisioningFailed` with AWS's reason when Identity Center reports FAILED.
   */
  grant(principalId: string, target: ResolvedTarget): Promise<ChangeReceipt>;
  /**
   * Removes the access and waits until Identity Center confirms it. Safe to repeat: removing what is
   * already gone succeeds. `resumed` (a removal a crash interrupted) asks first whether there is anything
   * left to remove, so a finished removal is not sent again.
   */
  revoke(
    principalId: string,
    target: ResolvedTarget,
    refs?: { membershipId?: string; resumed?: boolean },
  ): Promise<ChangeReceipt>;
  /** Every principal holding the target (for drift detection). */
  holders(target: ResolvedTarget): Promise<string[]>;
}

// ── Organizations ───────────────────────────────────────────────────────────────────────────────

/** An account of the AWS organization. */
export interface OrganizationAccount {
  id: string;
  name: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE… Only ACTIVE accounts are granted. */
  status: string;
}

/** What Latchkey reads from AWS Organizations: the accounts under an OU, and an account's name. */
export interface Organizations {
  /** Every account under the OU, nested OUs included, whatever its status. Throws `UnknownOu` if none such. */
  accountsUnder(ouId: string): Promise<OrganizationAccount[]>;
  /** The account, or `undefined` when the organization has none with that id. */
  account(accountId: string): Promise<OrganizationAccount | undefined>;
}

// ── Store ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Who holds one target through Latchkey, per person: the grants holding it and whether the person had
 * it before any of them. Standing access is never taken away, and access stays while any grant holds it.
 */
export interface Holding {
  principalId: string;
  targetKey: string;
  holders: string[];
  preExisting: boolean;
  /** The grant whose revocation is removing the access right now; nobody else may add a holder meanwhile. */
  releasing?: string;
  version: number;
}

/**
 * The requests one person made lately, on their own item: the index open grants are read from can lag a
 * write, so two requests at once would each miss the other there. A conditional write here cannot.
 */
export interface RecentRequests {
  requester: string;
  requests: { grantId: string; at: number }[];
  version: number;
}

export interface Baseline {
  targetKey: string;
  principals: string[];
  takenAt: number;
  version: number;
}

export interface MessageLink {
  grantId: string;
  purpose: 'request' | 'extension';
}

export interface GrantStore {
  /** Stores a new grant; fails if the id is taken. */
  create(grant: Grant): Promise<void>;
  get(id: string): Promise<Grant | undefined>;
  /**
   * Writes `next` if the stored grant is still at `expectedVersion`, and returns it with its new version.
   * Throws `VersionConflict` otherwise: a lost race is never a lost update.
   */
  save(next: Grant, expectedVersion: number): Promise<Grant>;

  linkMessage(channel: string, ts: string, link: MessageLink): Promise<void>;
  findByMessage(channel: string, ts: string): Promise<MessageLink | undefined>;

  /**
   * Active grants whose end time (or the deadline of a pending extension) is at or before `until`, soonest
   * first, from the expiry index.
   */
  dueForRevocation(until: number, limit?: number): Promise<Grant[]>;
  /** Pending grants (or pending extensions) whose approval deadline is at or before `until`. */
  duePending(until: number, limit?: number): Promise<Grant[]>;
  /** Grants left in approved, provisioning or revoking whose next attempt is due: retries and crash recovery. */
  dueRetries(until: number, limit?: number): Promise<Grant[]>;
  /** Revoked grants whose activity digest is due (or its retry), from the due index. */
  dueActivity(until: number, limit?: number): Promise<Grant[]>;
  /** Scheduled grants whose start is at or before `until`, soonest first. */
  dueStarts(until: number, limit?: number): Promise<Grant[]>;
  /** The next expiry, approval deadline or start after `after`, so a timer can wake at the right moment. */
  nextDeadline(after: number): Promise<number | undefined>;
  /** Grants in the given states (active, pending, in flight), from the state index. */
  listByState(...states: GrantState[]): Promise<Grant[]>;
  /** One person's grants that are not final (pending to revoking), read without reading everyone's. */
  openOf(requester: string): Promise<Grant[]>;
  /** Active grants with an extension waiting for a decision. */
  extensionsAwaited(): Promise<Grant[]>;
  /** One person's latest final grants, the latest ended first. */
  endedOf(requester: string, limit: number): Promise<Grant[]>;
  /**
   * Moves open grants written by an earlier version into the per-person layout of the state index (see
   * table.ts); answers how many it moved. Safe to run any time, by any number of processes.
   */
  reindex(): Promise<number>;

  getHolding(principalId: string, targetKey: string): Promise<Holding | undefined>;
  /** Creates the holding if absent (returns false if it already existed). */
  createHolding(holding: Omit<Holding, 'version'>): Promise<boolean>;
  /** Writes the holding if still at `expectedVersion`; throws `VersionConflict` otherwise. */
  saveHolding(next: Holding, expectedVersion: number): Promise<void>;
  deleteHolding(principalId: string, targetKey: string, expectedVersion: number): Promise<void>;
  listHoldings(): Promise<Holding[]>;

  /**
   * Records that `key` (a Slack event id, say) was handled; false when it already was. One conditional
   * write, so a retried delivery is recognised by any process.
   */
  remember(key: string, now: number): Promise<boolean>;

  getRecentRequests(requester: string): Promise<RecentRequests | undefined>;
  /** Writes them if still at `expectedVersion` (0 = create); throws `VersionConflict` otherwise. */
  saveRecentRequests(recent: RecentRequests, expectedVersion: number): Promise<void>;

  /** The principals who held a target when Latchkey first looked: their access is standing, not drift. */
  getBaseline(targetKey: string): Promise<Baseline | undefined>;
  /** Writes the baseline if still at `expectedVersion` (0 = create); throws `VersionConflict` otherwise. */
  saveBaseline(baseline: Baseline, expectedVersion: number): Promise<void>;

  /** Events that belong to no grant: drift found, repairs made. */
  appendEvent(event: AuditEvent): Promise<void>;
  /** Audit events in time order between `since` and `until`, optionally for one grant. */
  events(query: { since: number; until: number; grantId?: string }): Promise<AuditEvent[]>;
}

// ── Slack ───────────────────────────────────────────────────────────────────────────────────────

/** What Slack knows about people, resolved for the entitlement at hand (user groups expanded). */
export interface Directory {
  person(userId: string, entitlement?: Entitlement): Promise<PersonFacts>;
  /** Whether the person is among the entitlement's requesters (always true when it lists none). */
  mayRequest(userId: string, entitlement: Entitlement): Promise<boolean>;
  /** The email Slack has for the person: how they are found in Identity Center. */
  email(userId: string): Promise<string | undefined>;
  /** The person's IANA time zone as Slack knows it (`America/New_York`): how their wall-clock times are read. */
  timeZone(userId: string): Promise<string | undefined>;
}

/** Something worth telling people about a grant, besides the transition itself. */
export type Note =
  | { kind: 'transition'; event: AuditEvent }
  /** The request (or extension) message is posted: the requester gets a link to it. */
  | { kind: 'posted'; purpose: MessageLink['purpose'] }
  | { kind: 'reminder' }
  | { kind: 'expiry-warning'; minutesLeft: number }
  /** A step failed and is retried: what kind of error (`code`) and the reference that finds it in the logs. */
  | { kind: 'retrying'; code: string; ref: string; attempts: number }
  | {
      kind: 'extension';
      action: 'requested' | 'approval-added' | 'approved' | 'denied' | 'lapsed';
      actor: string;
    };

export interface Notifier {
  /** Posts the request message (or an extension's) and returns where it landed. Throws if Slack refuses. */
  postRequest(grant: Grant, purpose: MessageLink['purpose']): Promise<{ channel: string; ts: string }>;
  /** Thread reply, message update and DMs for something that happened to the grant. Best effort. */
  notify(grant: Grant, note: Note): Promise<void>;
}

// ── On call ─────────────────────────────────────────────────────────────────────────────────────

/** Who is on call now, from PagerDuty. */
export interface OnCallSource {
  /**
   * The user whose email is `email` (exactly, ignoring case) and their on-call entries now in `scheduleIds`.
   * Answers within a short budget or throws `OnCallUnavailable`: never a guess.
   */
  lookup(email: string, scheduleIds: readonly string[]): Promise<OnCallLookup>;
}

/** Hands slow work (talking to Identity Center) to whoever runs it: this process, or a worker Lambda. */
export interface Dispatcher {
  dispatch(job: { kind: 'provision' | 'revoke'; grantId: string }): Promise<void>;
}
