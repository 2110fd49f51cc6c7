// The sweeper: ends grants whose time is up, finishes work a crash or a failure left half done, lapses
// requests nobody decided on, reminds approvers and warns holders. One pass is `sweepOnce`; `latchkey serve`
// runs passes on a timer set to the next deadline (see scheduler.ts), `latchkey sweep` runs one.

import pLimit from 'p-limit';
import { lapseExtension } from '../core/extension.js';
import { type Grant, IN_FLIGHT_STATES } from '../core/grant.js';
import { lapse } from '../core/lifecycle.js';
import { sweepActivity } from './activity.js';
import type { ServiceDeps } from './deps.js';
import { claim, mutate } from './mutate.js';
import { Limiter } from './pool.js';
import { provision } from './provisioner.js';
import { claimExpiry, RETRY_INLINE_SWEEP_MS, revoke } from './revoker.js';
import { claimStart } from './starter.js';

export interface SweepOptions {
  /** Warn the holder this long before the end (default 10 minutes). */
  warnBeforeMs: number;
  /** Remind approvers of an undecided request after this long, then at doubling intervals (default 15 minutes). */
  remindAfterMs: number;
  /**
   * Grants handled at once; Identity Center's own limiter keeps the calls inside its quotas. Three times its
   * 15 changes in flight, so that while some grants are busy with the store and Slack, others are waiting
   * for each slot Identity Center frees.
   */
  concurrency: number;
  /** The only process on this store, just restarted: take over in-flight work without waiting for leases. */
  takeOver: boolean;
  /**
   * The server's pool for the AWS work of revoking and provisioning. Given, a pass hands its work to it and
   * returns once everything due is claimed, so the next deadline is met while AWS work goes on; without
   * it (`latchkey sweep`, the sweeper Lambda) a pass waits for its work, to report what is unfinished.
   */
  pool?: Limiter;
  /**
   * Only what is due now: expiries, retries, lapsed requests. Warnings, reminders and the report of what
   * is left are skipped: a pass run at a due moment between regular ones (the Lambda sweeper's watch) stays
   * quick, and the regular pass does them.
   */
  dueOnly?: boolean;
  /** Told when the work on a grant handed to the pool is done, so a timer can learn the grant's next due time. */
  afterJob?: (grantId: string) => void;
}

export const DEFAULT_SWEEP: SweepOptions = {
  warnBeforeMs: 10 * 60_000,
  remindAfterMs: 15 * 60_000,
  concurrency: 45,
  takeOver: false,
};

/** The sweep options for a config's schedule (durations in seconds), on top of the defaults. */
export function sweepOptions(
  schedule: { expiryWarning: number; reminderAfter: number },
  extra: Partial<SweepOptions> = {},
): SweepOptions {
  return {
    ...DEFAULT_SWEEP,
    warnBeforeMs: schedule.expiryWarning * 1000,
    remindAfterMs: schedule.reminderAfter * 1000,
    ...extra,
  };
}

export interface SweepReport {
  /** Scheduled grants whose start came: provisioning began. */
  started: number;
  expired: number;
  resumed: number;
  lapsed: number;
  warned: number;
  reminded: number;
  /** Grants that are due but could not be finished in this pass (they are retried). */
  unfinished: string[];
}

export async function sweepOnce(
  deps: ServiceDeps,
  options: SweepOptions = DEFAULT_SWEEP,
): Promise<SweepReport> {
  const report: SweepReport = {
    started: 0,
    expired: 0,
    resumed: 0,
    lapsed: 0,
    warned: 0,
    reminded: 0,
    unfinished: [],
  };
  const now = deps.clock.now();
  const guard = (grantId: string, work: () => Promise<void>) =>
    work().catch((error: unknown) => {
      deps.log.error({ grantId, err: error }, 'sweep step failed');
    });

  // Work goes to the server's pool, or to one of this pass's own that the pass waits for.
  const pool = options.pool ?? new Limiter(options.concurrency);
  // Without the server's pool this pass is all there is (cron, the sweeper Lambda): it must end in time, so
  // a revocation retries throttling and server errors by itself for less long.
  const inline = options.pool ? {} : { retryForMs: RETRY_INLINE_SWEEP_MS };
  const launched: Promise<void>[] = [];
  /** Grants this pass's own work revoked: nothing is left to check of them at the end. */
  const revoked = new Set<string>();
  const launch = (id: string, run: () => Promise<unknown>) =>
    launched.push(
      pool.run(() =>
        guard(id, async () => {
          if ((await run()) === 'revoked') revoked.add(id);
        }).then(() => options.afterJob?.(id)),
      ),
    );

  // Expiries first, each claimed with one quick conditional write (the revocation starts then) and its AWS
  // work handed over at once, so Identity Center is busy while the rest are being claimed.
  const due = await deps.store.dueForRevocation(now);
  const claimed: { id: string; version: number }[] = [];
  await pLimit(options.concurrency).map(due, (grant) =>
    guard(grant.id, async () => {
      if (grant.extension?.state === 'pending' && grant.extension.deadline <= now)
        await lapseExtensionOf(deps, grant);
      if (grant.expiresAt === undefined || grant.expiresAt > now) return;
      const leased = await claimExpiry(deps, grant.id, grant);
      if (leased === undefined) return;
      claimed.push({ id: grant.id, version: leased.version });
      report.expired++;
      launch(grant.id, () => revoke(deps, grant.id, { leased, ...inline }));
    }),
  );

  // Scheduled grants whose start has come: claimed like expiries, then provisioned with the other jobs.
  const started: string[] = [];
  await pLimit(options.concurrency).map(await deps.store.dueStarts(now), (grant) =>
    guard(grant.id, async () => {
      if (await claimStart(deps, grant.id)) started.push(grant.id);
    }),
  );
  report.started = started.length;

  // On a restart of the only process, every in-flight grant is ours: the crash left its lease behind,
  // and the due index holds them until those leases run out.
  const retries = options.takeOver
    ? await deps.store.listByState('approved', 'provisioning', 'revoking')
    : await deps.store.dueRetries(now);
  const jobs = [
    ...started.map((id) => ({ id, run: () => provision(deps, id) })),
    ...retries
      .filter((grant) => !claimed.some((c) => c.id === grant.id) && !started.includes(grant.id))
      .map((grant) => ({
        id: grant.id,
        run: () => {
          report.resumed++;
          return grant.state === 'revoking'
            ? revoke(deps, grant.id, { takeOver: options.takeOver, ...inline })
            : provision(deps, grant.id, { takeOver: options.takeOver });
        },
      })),
  ];
  for (const job of jobs) launch(job.id, job.run);
  if (!options.pool) await Promise.all(launched);

  for (const grant of await deps.store.duePending(now)) {
    await guard(grant.id, async () => {
      const result = await mutate(deps.store, grant.id, (current) =>
        current.state === 'pending' && current.approvalDeadline <= deps.clock.now()
          ? lapse(current, deps.clock.now())
          : current,
      );
      if (result.changed && result.event) {
        report.lapsed++;
        await deps.notifier.notify(result.grant, { kind: 'transition', event: result.event });
      }
    });
  }

  if (options.dueOnly) return report;
  report.warned = await warnHolders(deps, now, options);
  report.reminded = await remindApprovers(deps, now, options);
  await guard('activity', () => sweepActivity(deps, options));

  const left = await deps.store.dueRetries(now);
  const overdue = (await deps.store.dueForRevocation(now)).filter((g) => (g.expiresAt ?? 0) <= now);
  // A step that failed in this pass put its grant back with a later retry time, out of the due index
  // until then: it is unfinished all the same.
  const failed: Grant[] = [];
  const unsure = [...retries, ...due].filter((tried) => !revoked.has(tried.id));
  await pLimit(options.concurrency).map(unsure, async (tried) => {
    const grant = await deps.store.get(tried.id);
    if (grant && IN_FLIGHT_STATES.has(grant.state) && grant.lastError !== undefined) failed.push(grant);
  });
  report.unfinished = [...new Set([...left, ...overdue, ...failed].map((g) => g.id))];
  return report;
}

async function lapseExtensionOf(deps: ServiceDeps, grant: Grant): Promise<void> {
  const result = await mutate(deps.store, grant.id, (current) => lapseExtension(current, deps.clock.now()));
  if (result.changed)
    await deps.notifier.notify(result.grant, { kind: 'extension', action: 'lapsed', actor: 'system' });
}

async function warnHolders(deps: ServiceDeps, now: number, options: SweepOptions): Promise<number> {
  let warned = 0;
  const soon = await deps.store.dueForRevocation(now + options.warnBeforeMs);
  for (const grant of soon) {
    const ends = grant.expiresAt ?? 0;
    // A grant shorter than the warning window would be warned the moment it starts: skip it.
    if (grant.warnedAt !== undefined || ends <= now || grant.durationSec * 1000 <= options.warnBeforeMs)
      continue;
    if (ends - now > options.warnBeforeMs) continue;
    const claimed = await claim(deps.store, grant, { ...grant, warnedAt: now });
    if (!claimed) continue;
    warned++;
    await deps.notifier.notify(claimed, {
      kind: 'expiry-warning',
      minutesLeft: Math.max(1, Math.round((ends - now) / 60_000)),
    });
  }
  return warned;
}

/** Reminders at requestedAt + remindAfter, then at doubling intervals. */
async function remindApprovers(deps: ServiceDeps, now: number, options: SweepOptions): Promise<number> {
  let reminded = 0;
  for (const grant of await deps.store.listByState('pending')) {
    const next =
      grant.remindedAt === undefined
        ? grant.requestedAt + options.remindAfterMs
        : grant.requestedAt + 2 * (grant.remindedAt - grant.requestedAt);
    if (now < next || now >= grant.approvalDeadline) continue;
    const claimed = await claim(deps.store, grant, { ...grant, remindedAt: now });
    if (!claimed) continue;
    reminded++;
    await deps.notifier.notify(claimed, { kind: 'reminder' });
  }
  return reminded;
}
