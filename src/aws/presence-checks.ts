// Whether people already hold a permission set on an account, asked for many people at once. Before a grant
// adds an assignment, Latchkey asks whether the person holds it already (standing access, which the grant
// must leave in place when it ends). Asked one person at a time, that costs one sso-admin request per
// grant; a burst of approvals on one permission set would spend as many requests on these questions as on
// the assignments themselves. Questions that arrive while one is being answered wait and are answered
// together, by listing the permission set's holders, when that costs fewer requests than asking each.
//
// In a burst (questions keep coming while others are answered) and while every place among the operations
// AWS runs at once is taken, questions are gathered until a listing answers at least GATHER of them per
// request it costs, or the oldest has waited GATHER_MS: the assignments wait for a place anyway, and a
// request spent on a question is one not spent on an assignment.
//
// A holder listing is paged, and a page token over a list that shrinks meanwhile can skip a holder (an
// offset moves past a holder when one listed before it is removed). "Not held" must never come from such a
// skip: standing access would be taken for the grant's own and removed at its end. So a listing of several
// pages is checked by listing again all but its last page: a removal during the first listing shows as a
// holder listed first and missing second, and then the listing is not trusted. Additions never make a
// page skip. Every answer comes from a listing that started after the question was asked, so it is never
// older than the person's own listing would have been.

import { IdentityCenterUnavailable } from '../core/errors.js';
import type { Clock } from '../core/ports.js';
import type { Sleep } from './rate-limiter.js';

export interface Principal {
  type: string;
  id: string;
}

export interface HolderPage {
  principals: Principal[];
  nextToken?: string | undefined;
}

export interface PresenceChecksDeps {
  /** One person's own assignments on the account; throws what `refused` recognises where it is not offered. */
  ownAssignment: (principalId: string, accountId: string, permissionSetArn: string) => Promise<boolean>;
  /** One page of the permission set's holders on the account (at most `PAGE` principals). */
  holderPage: (accountId: string, permissionSetArn: string, nextToken?: string) => Promise<HolderPage>;
  /** AWS answers one person's own assignments only in the management account. */
  refused: (error: unknown) => boolean;
  /** Whether assignments could start right now (places in flight are free): then nobody waits to gather. */
  idle: () => boolean;
  clock: Clock;
  sleep: Sleep;
}

/** A holder listing page carries at most this many principals. */
export const PAGE = 100;
/** Questions a listing request should answer, in a burst. */
const GATHER = 32;
/** The longest a question waits to be answered with others, in a burst. */
const GATHER_MS = 5000;
/** How often a gathering batch is counted. */
const GATHER_STEP_MS = 50;
/** Listings tried, while holders are removed as they are listed, before asking person by person. */
const LISTINGS = 3;

interface Question {
  principalId: string;
  askedAt: number;
  resolve: (held: boolean) => void;
  reject: (error: unknown) => void;
}

interface Target {
  /** A batch is being answered; questions asked meanwhile wait for the next. */
  busy: boolean;
  waiting: Question[];
  /** Pages the last listing took: what the next is expected to cost. */
  pages: number;
}

export class PresenceChecks {
  private readonly targets = new Map<string, Target>();
  /** Whether one person's own assignments were refused once: they will be again. */
  private ownRefused = false;

  constructor(private readonly deps: PresenceChecksDeps) {}

  /** Whether the user holds the permission set on the account. */
  assigned(principalId: string, accountId: string, permissionSetArn: string): Promise<boolean> {
    const key = `${accountId} ${permissionSetArn}`;
    let target = this.targets.get(key);
    if (!target) {
      target = { busy: false, waiting: [], pages: 1 };
      this.targets.set(key, target);
    }
    const answer = new Promise<boolean>((resolve, reject) =>
      target.waiting.push({ principalId, askedAt: this.deps.clock.now(), resolve, reject }),
    );
    if (!target.busy) void this.drain(target, accountId, permissionSetArn);
    return answer;
  }

  private async drain(target: Target, accountId: string, permissionSetArn: string) {
    target.busy = true;
    // The first question is answered at once; more arriving meanwhile make a burst.
    for (let burst = false; target.waiting.length > 0; burst = true) {
      if (burst) await this.gather(target);
      const batch = target.waiting.splice(0);
      try {
        const held = await this.answer(target, batch, accountId, permissionSetArn);
        for (const [i, q] of batch.entries()) q.resolve(held[i]!);
      } catch (error) {
        for (const q of batch) q.reject(error);
      }
    }
    target.busy = false;
  }

  /**
   * Waits until a listing would answer GATHER questions a request, or the oldest has waited GATHER_MS, or
   * assignments could start at once: an answer is then worth more than the requests it saves.
   */
  private async gather(target: Target): Promise<void> {
    const { clock, sleep, idle } = this.deps;
    const until = target.waiting[0]!.askedAt + GATHER_MS;
    while (target.waiting.length < GATHER * listingCost(target) && clock.now() < until && !idle())
      await sleep(Math.min(GATHER_STEP_MS, until - clock.now()));
  }

  private async answer(
    target: Target,
    batch: Question[],
    accountId: string,
    permissionSetArn: string,
  ): Promise<boolean[]> {
    if (!this.ownRefused && batch.length <= listingCost(target)) {
      const own = await this.eachOwn(batch, accountId, permissionSetArn);
      if (own) return own;
    }
    // A listing longer than asking each person costs is given up, unless asking each is not offered.
    const maxPages = this.ownRefused
      ? Number.POSITIVE_INFINITY
      : Math.max(1, Math.floor((batch.length + 1) / 2));
    const holders = await this.stableHolders(target, accountId, permissionSetArn, maxPages);
    if (holders) return batch.map((q) => holders.has(q.principalId));
    const own = await this.eachOwn(batch, accountId, permissionSetArn);
    if (own) return own;
    throw new IdentityCenterUnavailable(
      'HoldersChanging',
      'the permission set’s holders kept changing while they were listed',
    );
  }

  /** Each person's own assignments; `undefined` once AWS refuses them (not the management account). */
  private async eachOwn(
    batch: Question[],
    accountId: string,
    permissionSetArn: string,
  ): Promise<boolean[] | undefined> {
    if (this.ownRefused) return undefined;
    try {
      return await Promise.all(
        batch.map((q) => this.deps.ownAssignment(q.principalId, accountId, permissionSetArn)),
      );
    } catch (error) {
      if (!this.deps.refused(error)) throw error;
      this.ownRefused = true;
      return undefined;
    }
  }

  /**
   * The users holding the permission set, from a listing no removal made skip anyone: one page (nothing
   * to skip), or several whose holders before the last page are all still there when listed again. Only
   * a removal before the page being read moves a later page's start. `undefined` when no listing of
   * LISTINGS came out whole, or the listing grew past `maxPages`.
   */
  private async stableHolders(
    target: Target,
    accountId: string,
    permissionSetArn: string,
    maxPages: number,
  ): Promise<Set<string> | undefined> {
    for (let listing = 1; listing <= LISTINGS; listing++) {
      const pages = await this.listPages(accountId, permissionSetArn, maxPages);
      target.pages = pages?.length ?? maxPages + 1;
      if (!pages) return undefined;
      const users = new Set(pages.flat());
      if (pages.length === 1) return users;
      const again = await this.listPages(accountId, permissionSetArn, pages.length - 1, 'stop');
      const still = new Set(again?.flat());
      if (pages.slice(0, -1).every((page) => page.every((id) => still.has(id)))) {
        for (const id of still) users.add(id);
        return users;
      }
    }
    return undefined;
  }

  /**
   * The users on each page of the holder listing, up to `maxPages` pages: past that, `undefined`
   * (`give-up`), or the pages read so far (`stop`).
   */
  private async listPages(
    accountId: string,
    permissionSetArn: string,
    maxPages: number,
    past: 'give-up' | 'stop' = 'give-up',
  ): Promise<string[][] | undefined> {
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      if (pages.length >= maxPages) return past === 'stop' ? pages : undefined;
      const page = await this.deps.holderPage(accountId, permissionSetArn, token);
      pages.push(page.principals.flatMap((p) => (p.type === 'USER' ? [p.id] : [])));
      token = page.nextToken;
    } while (token);
    return pages;
  }
}

/** Requests a listing and its check are expected to take, against one a person asked on their own. */
function listingCost(target: Target): number {
  return 2 * target.pages - 1;
}
