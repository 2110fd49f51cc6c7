// Sweeps at each due moment until a given time: the store's next deadline (an expiry, an approval
// deadline, a retry, whatever the due index holds) is slept to, and a pass runs just after it, never
// before. A deadline written meanwhile is found by looking again every `pollMs`. This is how a scheduled
// function that runs once a minute still begins revocations within moments of their end.

import type { ServiceDeps } from './deps.js';

export interface WatchOptions {
  /** Stop watching at this time (epoch ms); a pass due later is the next run's. */
  until: number;
  /** Look for newly written deadlines at least this often. */
  pollMs: number;
  /** One sweeper pass. */
  pass: () => Promise<unknown>;
  /** Waits that long; the clock the watch reads must move meanwhile (setTimeout, or a test clock's). */
  sleep: (ms: number) => Promise<void>;
}

/** A pass a few milliseconds after the moment rather than before: a grant never ends early. */
const AFTER_MS = 5;
/**
 * Passes that may run at once. A pass takes a moment (it reads the due index and claims what it finds);
 * the next due moment does not wait for it. Claims are conditional writes, so overlapping passes never do
 * the same work twice.
 */
const MAX_PASSES = 3;

export async function watchDeadlines(
  deps: Pick<ServiceDeps, 'store' | 'clock' | 'log'>,
  options: WatchOptions,
): Promise<number> {
  let passes = 0;
  const running = new Set<Promise<void>>();
  // Every deadline up to here has had its pass.
  let sweptTo = deps.clock.now();
  for (;;) {
    const now = deps.clock.now();
    if (now >= options.until) {
      await Promise.all(running);
      return passes;
    }
    const next = await deps.store.nextDeadline(sweptTo);
    const due = next !== undefined && next <= options.until ? next : undefined;
    const wake = Math.min(due ?? Number.POSITIVE_INFINITY, now + options.pollMs, options.until);
    const wait = due !== undefined && wake === due ? wake - now + AFTER_MS : wake - now;
    if (wait > 0) await options.sleep(wait);
    if (due === undefined || deps.clock.now() < due) continue;
    sweptTo = deps.clock.now();
    passes++;
    if (running.size >= MAX_PASSES) await Promise.race(running);
    const pass: Promise<void> = options
      .pass()
      .then(
        () => undefined,
        (error: unknown) => deps.log.error({ err: error }, 'sweep pass failed'),
      )
      .finally(() => running.delete(pass));
    running.add(pass);
  }
}
