// Jittered exponential backoff, for the errors Identity Center asks callers to retry (ConflictException
// while another change to the same assignment or membership is in progress).

import type { Sleep } from './rate-limiter.js';

export interface BackoffOptions {
  attempts: number;
  baseMs: number;
  maxMs: number;
  sleep: Sleep;
  random: () => number;
}

/** "Full jitter": a random wait up to the exponential bound, so retrying callers spread out. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  return Math.round(random() * Math.min(maxMs, baseMs * 2 ** attempt));
}

/** Runs `work`, retrying while `retryable(error)` holds, up to `attempts` tries in all. */
export async function retrying<T>(
  work: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  options: BackoffOptions,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!retryable(error) || attempt + 1 >= options.attempts) throw error;
      await options.sleep(backoffDelay(attempt, options.baseMs, options.maxMs, options.random));
    }
  }
}
