// Rate limits on demand: a test says "the next N calls of chat.update are limited for S seconds" and
// the Web API answers those calls with HTTP 429 and Retry-After, as Slack does when a tier is exceeded.

import { type Clock, systemClock } from '../../core/ports.js';

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

/**
 * Slack's published per-method tiers, enforced: at most `perMinute` calls of a method in any 60 s (a
 * sliding window, per workspace and app, as Slack counts). Only methods whose limit the bot must
 * plan for are listed: views.publish is Tier 4, "100+ per minute".
 */
export const METHOD_TIERS: Record<string, number> = { 'views.publish': 100 };

export class TierLimits {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly perMinute: Record<string, number> = METHOD_TIERS,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Seconds to wait when this call is over the method's tier; undefined when it may go through. */
  take(method: string): number | undefined {
    const limit = this.perMinute[method];
    if (limit === undefined) return undefined;
    const now = this.clock.now();
    const recent = (this.calls.get(method) ?? []).filter((at) => at > now - 60_000);
    if (recent.length >= limit) {
      this.calls.set(method, recent);
      return Math.max(1, Math.ceil((recent[0]! + 60_000 - now) / 1000));
    }
    recent.push(now);
    this.calls.set(method, recent);
    return undefined;
  }
}
