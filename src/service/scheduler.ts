// Runs sweeper passes in `latchkey serve`: a timer set to the next deadline the store knows of, so a grant
// is revoked within moments of its end rather than at the next minute, plus a periodic pass as a backstop.

import { after, type ClockTimer } from '../core/ports.js';
import type { ServiceDeps } from './deps.js';
import { Limiter } from './pool.js';
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
  /** True while a pass runs or work it handed over is under way. */
  readonly busy: boolean;
  /** Resolves once the passes running now and the work they handed over are done; passes go on. */
  idle(): Promise<void>;
}

/** Sweeper passes that may run at once (see `run`). */
const MAX_PASSES = 3;

export function startScheduler(deps: ServiceDeps, options: SchedulerOptions): Scheduler {
  let timer: ClockTimer | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  const running = new Set<Promise<void>>();
  let again = false;
  let stopped = false;
  let first = true;
  // AWS work runs here, apart from the passes: a pass claims what is due and hands the work over, so the
  // next deadline is met however long Identity Center takes over the previous ones.
  // Work done there may leave something new due (a completed revocation makes its activity digest due):
  // with digests configured, the timer looks again as pieces end, one look at a time.
  let looking = false;
  let lookAgain = false;
  const look = () => {
    if (!deps.activity) return;
    if (looking) {
      lookAgain = true;
      return;
    }
    looking = true;
    deps.store
      .nextDeadline(deps.clock.now())
      .then((next) => next !== undefined && arm(next))
      .catch((error: unknown) =>
        deps.log.warn({ err: error }, 'could not find the next digest due; the backstop looks again'),
      )
      .finally(() => {
        looking = false;
        if (lookAgain) {
          lookAgain = false;
          look();
        }
      });
  };
  const pool = new Limiter(options.concurrency, look);

  const arm = (at: number) => {
    if (stopped || at >= wakeAt) return;
    timer?.cancel();
    wakeAt = at;
    // A few milliseconds late rather than early: a grant is never revoked before its end.
    timer = after(deps.clock, Math.max(0, at - deps.clock.now()) + 5, run);
  };

  // A grant the pool provisioned (a scheduled start, a resumed step) is due at its end, which the pass that
  // handed it over could not know yet: wake then rather than at the backstop.
  const afterJob = (grantId: string) => {
    deps.store
      .get(grantId)
      .then((grant) => {
        if (grant?.state === 'active' && grant.expiresAt !== undefined) arm(grant.expiresAt);
      })
      .catch((error: unknown) =>
        deps.log.warn({ grantId, err: error }, 'could not read the grant to time its end'),
      );
  };

  const run = () => {
    timer = undefined;
    wakeAt = Number.POSITIVE_INFINITY;
    if (stopped) return;
    // A pass may spend a long time waiting on AWS; grants that come due meanwhile are claimed by a pass of
    // their own rather than after it. Claims are conditional writes, so overlapping passes never do the
    // same work twice; the cap keeps a slow Identity Center from piling passes up.
    if (running.size >= MAX_PASSES) {
      again = true;
      return;
    }
    // Only one pass takes over what a crash left in flight (it ignores leases); if it fails (a store not
    // ready yet), the next pass takes over instead.
    const takeOver = options.takeOver && first;
    if (takeOver) first = false;
    const sweptTo = deps.clock.now();
    const pass: Promise<void> = sweepOnce(deps, { ...options, takeOver, pool, afterJob })
      .then((report) => {
        if (report.unfinished.length > 0)
          deps.log.warn({ unfinished: report.unfinished }, 'sweep left work to retry');
      })
      .catch((error: unknown) => {
        if (takeOver) first = true;
        deps.log.error({ err: error }, 'sweep failed');
      })
      .then(async () => {
        const now = deps.clock.now();
        // From the time the pass swept to, not from now: a grant that ended while the pass was busy revoking
        // others is due at once, not at the backstop.
        const next = await deps.store.nextDeadline(sweptTo).catch((error: unknown) => {
          deps.log.warn({ err: error }, 'could not read the next deadline; waking at the backstop');
          return undefined;
        });
        arm(
          Math.min(
            next ?? Number.POSITIVE_INFINITY,
            now + options.backstopMs,
            nextWarning(now, next, options),
          ),
        );
      })
      .finally(() => {
        running.delete(pass);
        if (again) {
          again = false;
          run();
        }
      });
    running.add(pass);
  };

  run();
  return {
    poke(at = deps.clock.now()) {
      arm(at);
    },
    get busy() {
      return running.size > 0 || pool.busy;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
      await pool.idle();
    },
    async stop() {
      stopped = true;
      timer?.cancel();
      while (running.size > 0) await Promise.all([...running]);
      await pool.idle();
    },
  };
}

/** Wake early enough to warn about the next expiry (the pass decides whether a warning is still owed). */
function nextWarning(now: number, nextDeadline: number | undefined, options: SweepOptions): number {
  if (nextDeadline === undefined) return Number.POSITIVE_INFINITY;
  const at = nextDeadline - options.warnBeforeMs;
  return at > now ? at : Number.POSITIVE_INFINITY;
}
