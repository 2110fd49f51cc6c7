// How long one run of the scheduled sweeper watches for due moments. EventBridge runs the sweeper once a
// minute, at some second within each minute (its schedules have a minute's precision), so two runs may be
// up to two minutes apart. A run started in minute m therefore watches until shortly after minute m+1 ends:
// by then the run of minute m+1 has started, wherever it fell in its minute, and watches on. Consecutive
// runs overlap (the next starts while this one still watches); claims are conditional writes, so two runs
// sweeping the same moment never do its work twice.

/** The schedule's period. */
export const SWEEP_EVERY_MS = 60_000;
/** Past the end of the next minute, so that the next run has certainly begun. */
export const HANDOVER_MS = 5_000;
/** Kept free at the end of the function's time for the last pass's AWS work. */
export const FINISH_RESERVE_MS = 50_000;
/** The sweeper function's timeout: the longest watch (two minutes and the handover) and the reserve. */
export const SWEEPER_TIMEOUT_MS = 2 * SWEEP_EVERY_MS + HANDOVER_MS + FINISH_RESERVE_MS + 5_000;
/**
 * Runs alive at once: this one, the next (started within the minute this one watches last) and, for the
 * handover's few seconds and this one's last AWS work, the one after.
 */
export const SWEEPER_CONCURRENCY = 3;
/** How often a watching run looks for deadlines written after it last looked. */
export const POLL_MS = 5_000;

/** Until when a run started at `startedAt`, with `remainingMs` of function time left, watches. */
export function watchUntil(startedAt: number, remainingMs: number): number {
  const nextMinuteEnds = (Math.floor(startedAt / SWEEP_EVERY_MS) + 2) * SWEEP_EVERY_MS;
  return Math.min(nextMinuteEnds + HANDOVER_MS, startedAt + remainingMs - FINISH_RESERVE_MS);
}
