// Keeps Latchkey's calls inside Identity Center's quotas so a burst waits its turn instead of failing: a
// request rate and a cap on operations in progress. Both start at the documented quotas and learn from
// throttling (additive increase, multiplicative decrease): an account whose quotas are lower, or shared
// with other tools, slows Latchkey down instead of failing it. Neither ever goes above where it started.

import pLimit, { type LimitFunction } from 'p-limit';
import { type Clock, systemClock } from '../core/ports.js';
import { TokenBucket } from '../core/token-bucket.js';

export type Sleep = (ms: number) => Promise<void>;

/** How the rate and the in-flight cap give way when Identity Center throttles. */
export interface Adaptation {
  /** The factor a throttle multiplies the rate (or cap) by. */
  decrease: number;
  /** One decrease per this long: the throttles of one congested moment count once. */
  holdMs: number;
  /** The lowest rate a throttle can bring the limiter to, per second. */
  minRatePerSec: number;
}

export const DEFAULT_ADAPTATION: Adaptation = { decrease: 0.7, holdMs: 1000, minRatePerSec: 1 };

/**
 * Callers beyond the rate wait their turn, in arrival order, rather than being refused: a token bucket
 * whose tokens are handed out one by one to a queue. A token is given out only when it is there, so a rate
 * lowered by a throttle applies at once to everyone already waiting. After a throttle nobody goes before
 * the service's Retry-After (or one interval), and the bucket starts empty; each success then raises the
 * rate a little, back to the ceiling it started at.
 */
export class RateLimiter {
  private readonly bucket: TokenBucket;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private readonly queue: (() => void)[] = [];
  private pumping = false;

  constructor(
    private readonly ceilingPerSec: number,
    burst: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
    private readonly adaptation: Adaptation = DEFAULT_ADAPTATION,
  ) {
    this.bucket = new TokenBucket(ceilingPerSec, burst, clock);
  }

  /** Requests a second allowed right now. */
  get ratePerSec(): number {
    return this.bucket.ratePerSec;
  }

  /** Resolves when the caller may send one request. */
  acquire(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.queue.push(resolve);
      if (!this.pumping) void this.pump();
    });
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const waitMs = this.bucket.msUntilToken();
        if (waitMs > 0) await this.sleep(Math.ceil(waitMs));
        else if (this.bucket.tryTake()) this.queue.shift()!();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** The service throttled a request: slow down, and let nobody through before `retryAfterMs`. */
  throttled(retryAfterMs?: number): void {
    const now = this.clock.now();
    if (now - this.lastDecrease >= this.adaptation.holdMs) {
      this.lastDecrease = now;
      this.bucket.ratePerSec = Math.max(
        this.adaptation.minRatePerSec,
        this.ratePerSec * this.adaptation.decrease,
      );
    }
    this.bucket.drain(now + (retryAfterMs ?? 0));
  }

  /** A request went through: the rate creeps back up, about half a request a second each second. */
  succeeded(): void {
    const rate = this.ratePerSec;
    if (rate < this.ceilingPerSec) this.bucket.ratePerSec = Math.min(this.ceilingPerSec, rate + 0.5 / rate);
  }
}

/**
 * At most `limit` changes in flight at once; the rest queue in order (p-limit does the bounding). The limit
 * starts at `max`; `throttled()` lowers it (the service says too many operations are in progress) and
 * every `limit` releases without one raise it by one again, never past `max`. Back near where it was
 * throttled, it tries a step up only after sixteen times as many releases: a quota found is probed seldom,
 * since each probe that finds it costs a throttled change its backoff.
 */
export class InFlightCap {
  private readonly slots: LimitFunction;
  private released = 0;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  /** The limit at which the last throttle came. */
  private throttledAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly max: number,
    private readonly clock: Clock = systemClock,
    private readonly adaptation: Adaptation = DEFAULT_ADAPTATION,
  ) {
    this.slots = pLimit(max);
  }

  get inUse(): number {
    return this.slots.activeCount;
  }

  get limit(): number {
    return this.slots.concurrency;
  }

  use<T>(work: () => Promise<T>): Promise<T> {
    return this.slots(async () => {
      try {
        return await work();
      } finally {
        this.release();
      }
    });
  }

  /**
   * A change was throttled. Only while the cap is full can that be the cap on changes in progress (it may
   * be the request rate, or another tool's changes); below it, the cap stays.
   */
  throttled(): void {
    const now = this.clock.now();
    const current = this.limit;
    if (this.inUse < current || now - this.lastDecrease < this.adaptation.holdMs) return;
    this.lastDecrease = now;
    this.throttledAt = current;
    // Holders above the lowered limit finish; nobody new comes in until they have.
    this.slots.concurrency = Math.max(
      1,
      Math.min(current - 1, Math.ceil(current * this.adaptation.decrease)),
    );
    this.released = 0;
  }

  private release(): void {
    const current = this.limit;
    const patience = current + 1 >= this.throttledAt ? 16 : 1;
    if (current < this.max && ++this.released >= current * patience) {
      this.slots.concurrency = current + 1;
      this.released = 0;
    }
  }
}

export interface IdentityCenterLimits {
  /** Requests per second to sso-admin, across its API (AWS allows 20). */
  ssoAdminPerSec: number;
  /** Account-assignment creations and deletions in progress at once (AWS allows 15). */
  assignmentsInFlight: number;
  /** Requests per second to each identitystore API (AWS allows 20). */
  identityStorePerSecPerApi: number;
}

/**
 * Where the limiter starts, and its ceiling. sso-admin at AWS's quota: its 20 requests a second and 15
 * operations in flight are what bound how fast access can end, and a limiter kept under them makes the
 * request rate, not AWS, the bound; other tools sharing the quota show up as throttles, which lower it.
 * The full in-flight quota (Latchkey counts an operation from before its request until it is seen
 * finished, so it never has more in progress than it counts). identitystore 10 % under AWS's 20 per API:
 * a membership change is one synchronous request, and nothing waits on its rate.
 */
export const DEFAULT_LIMITS: IdentityCenterLimits = {
  ssoAdminPerSec: 20,
  assignmentsInFlight: 15,
  identityStorePerSecPerApi: 18,
};

/** The limiters one Identity Center adapter shares across its calls. */
export class IdentityCenterLimiter {
  readonly assignments: InFlightCap;
  readonly ssoAdmin: RateLimiter;
  private readonly identityStore = new Map<string, RateLimiter>();

  constructor(
    private readonly limits: IdentityCenterLimits,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    // A bucket of ten, not a full second's worth: requests given their turn together can reach AWS later
    // and closer together than they were let go (a busy process, a slow network), and AWS's own bucket
    // of 20 must still hold them.
    this.ssoAdmin = new RateLimiter(limits.ssoAdminPerSec, Math.min(10, limits.ssoAdminPerSec), clock, sleep);
    this.assignments = new InFlightCap(limits.assignmentsInFlight, clock);
  }

  ssoAdminTurn(): Promise<void> {
    return this.ssoAdmin.acquire();
  }

  identityStoreTurn(operation: string): Promise<void> {
    return this.identityStoreLimiter(operation).acquire();
  }

  identityStoreLimiter(operation: string): RateLimiter {
    let limiter = this.identityStore.get(operation);
    if (!limiter) {
      const rate = this.limits.identityStorePerSecPerApi;
      limiter = new RateLimiter(rate, rate, this.clock, this.sleep);
      this.identityStore.set(operation, limiter);
    }
    return limiter;
  }
}
