// Runs sweeper passes in `latchkey serve`: a timer set to the next deadline the store knows of, so a grant
// is revoked within moments of its end rather than at the next minute, plus a periodic pass as a backstop.

import type { ServiceDeps } from './deps.js';
import { type SweepOptions, sweepOnce } from './sweeper.js';

export interface SchedulerOptions extends SweepOptions {
  /** The longest the sweeper sleeps, whatever the next deadline (default 30 s). */
  backstopMs: number;
}

export interface Scheduler {
  /** Something new is due at `at` (a grant became active): wake up then if that is sooner. */
  poke(at?: number): void;
  /** Resolves when the current pass (if any) is done; no more passes run. */
  stop(): Promise<void>;
}

export function startScheduler(deps: ServiceDeps, options: SchedulerOptions): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let first = true;

  const arm = (at: number) => {
    if (stopped || at >= wakeAt) return;
    if (timer) clearTimeout(timer);
    wakeAt = at;
    // A few milliseconds late rather than early: a grant is never revoked before its end.
    timer = setTimeout(run, Math.max(0, at - deps.clock.now()) + 5);
    timer.unref?.();
  };

  const run = () => {
    timer = undefined;
    wakeAt = Number.POSITIVE_INFINITY;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    const takeOver = options.takeOver && first;
    first = false;
    const sweptTo = deps.clock.now();
    running = sweepOnce(deps, { ...options, takeOver })
      .then((report) => {
        if (report.unfinished.length > 0)
          deps.log.warn({ unfinished: report.unfinished }, 'sweep left work to retry');
      })
      .catch((error: unknown) => deps.log.error({ err: error }, 'sweep failed'))
      .then(async () => {
        const now = deps.clock.now();
        // From the time the pass swept to, not from now: a grant that ended while the pass was busy revoking
        // others is due at once, not at the backstop.
        const next = await deps.store.nextDeadline(sweptTo).catch(() => undefined);
        arm(
          Math.min(
            next ?? Number.POSITIVE_INFINITY,
            now + options.backstopMs,
            nextWarning(now, next, options),
          ),
        );
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };

  run();
  return {
    poke(at = deps.clock.now()) {
      arm(at);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** Wake early enough to warn about the next expiry (the pass decides whether a warning is still owed). */
function nextWarning(now: number, nextDeadline: number | undefined, options: SweepOptions): number {
  if (nextDeadline === undefined) return Number.POSITIVE_INFINITY;
  const at = nextDeadline - options.warnBeforeMs;
  return at > now ? at : Number.POSITIVE_INFINITY;
}
