// Rate limits on demand: a test says "the next N calls of chat.update are limited for S seconds" and
// the Web API answers those calls with HTTP 429 and Retry-After, as Slack does when a tier is exceeded.

export interface RateLimitRule {
  /** How many calls in a row are refused. */
  times?: number;
  /** The Retry-After header, in seconds. */
  retryAfterSec?: number;
}

export class RateLimits {
  private readonly rules = new Map<string, { remaining: number; retryAfterSec: number }>();

  limit(method: string, rule: RateLimitRule = {}): void {
    this.rules.set(method, { remaining: rule.times ?? 1, retryAfterSec: rule.retryAfterSec ?? 1 });
  }

  clear(method?: string): void {
    if (method) this.rules.delete(method);
    else this.rules.clear();
  }

  /** Seconds to wait when this call is refused; undefined when it may go through. */
  take(method: string): number | undefined {
    const rule = this.rules.get(method);
    if (!rule || rule.remaining <= 0) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules.delete(method);
    return rule.retryAfterSec;
  }
}
