// Keeps Latchkey's calls inside Identity Center's quotas so a burst waits its turn instead of failing:
// a request rate (token bucket whose tokens can be reserved ahead) and a cap on operations in progress.

import type { Clock } from '../core/ports.js';

export type Sleep = (ms: number) => Promise<void>;

/** Callers beyond the rate wait for their reserved token rather than being refused. */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Resolves when the caller may send one request. */
  acquire(): Promise<void> {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSec);
    this.last = now;
    // Taking the token now, even into debt, orders waiting callers by arrival.
    this.tokens -= 1;
    if (this.tokens >= 0) return Promise.resolve();
    return this.sleep(Math.ceil((-this.tokens / this.ratePerSec) * 1000));
  }
}

/** At most `max` holders at once; the rest queue in order. */
export class Semaphore {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  get inUse(): number {
    return this.held;
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.held >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `held` stays counted.
      if (next) next();
      else this.held -= 1;
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

export const DEFAULT_LIMITS: IdentityCenterLimits = {
  ssoAdminPerSec: 18,
  assignmentsInFlight: 15,
  identityStorePerSecPerApi: 18,
};

/** The limiters one Identity Center adapter shares across its calls. */
export class IdentityCenterLimiter {
  readonly assignments: Semaphore;
  private readonly ssoAdmin: RateLimiter;
  private readonly identityStore = new Map<string, RateLimiter>();

  constructor(
    private readonly limits: IdentityCenterLimits,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    this.ssoAdmin = new RateLimiter(limits.ssoAdminPerSec, limits.ssoAdminPerSec, clock, sleep);
    this.assignments = new Semaphore(limits.assignmentsInFlight);
  }

  ssoAdminTurn(): Promise<void> {
    return this.ssoAdmin.acquire();
  }

  identityStoreTurn(operation: string): Promise<void> {
    let limiter = this.identityStore.get(operation);
    if (!limiter) {
      const rate = this.limits.identityStorePerSecPerApi;
      limiter = new RateLimiter(rate, rate, this.clock, this.sleep);
      this.identityStore.set(operation, limiter);
    }
    return limiter.acquire();
  }
}
