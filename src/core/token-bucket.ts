// The one token bucket: `ratePerSec` tokens a second, holding at most `burst`. Identity Center's quotas are
// token buckets, and so is Latchkey's pacing of its own requests to them: the simulator refuses a request
// when its bucket is empty, the client-side limiter waits until its bucket has a token. The clock is passed in.

import type { Clock } from './ports.js';

export class TokenBucket {
  private tokens: number;
  /** Tokens have been counted up to here; after a pause it lies ahead, and the bucket refills only from then. */
  private last: number;
  private rate: number;

  constructor(
    ratePerSec: number,
    readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.rate = ratePerSec;
    this.tokens = burst;
    this.last = clock.now();
  }

  get ratePerSec(): number {
    return this.rate;
  }

  /** From now on the bucket fills at `ratePerSec`; what it gathered so far stays. */
  set ratePerSec(value: number) {
    this.refill();
    this.rate = value;
  }

  /** Takes a token if one is there. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** How long until a token is there; 0 when one is. */
  msUntilToken(): number {
    this.refill();
    const now = this.clock.now();
    const paused = Math.max(0, this.last - now);
    return this.tokens >= 1 ? paused : paused + ((1 - this.tokens) / this.rate) * 1000;
  }

  /** Empties the bucket; it starts filling again at `from` (now, or the end of a pause). */
  drain(from: number = this.clock.now()): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
    this.last = Math.max(this.last, from);
  }

  private refill(): void {
    const now = this.clock.now();
    if (now <= this.last) return;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
}
