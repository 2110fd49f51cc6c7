// One timed sweeper pass over a system with due grants: how long it took, what it revoked, and every
// sso-admin call the Identity Center simulator recorded meanwhile (throttled ones included).

import type { Grant } from '../../src/core/grant.js';
import { DEFAULT_SWEEP, sweepOnce } from '../../src/service/sweeper.js';
import type { CallRecord } from '../../src/sim/identity-center/index.js';
import { progress, progressDone } from './progress.js';
import type { BenchSystem } from './system.js';

export interface SweepRun {
  wallMs: number;
  revoked: number;
  notRevoked: number;
  /** sso-admin calls made during the pass. */
  calls: CallRecord[];
  throttled: number;
  stillAssigned: number;
}

export async function timedSweep(
  system: BenchSystem,
  grants: readonly Grant[],
  label: string,
): Promise<SweepRun> {
  const { ic, db, latchkey } = system;
  const firstCall = ic.sim.calls.length;
  const timer = setInterval(
    () => progress(label, ic.sim.inFlight() >= 0 ? revokedSoFar() : 0, grants.length),
    1000,
  );
  const deletions = () => ic.sim.callsTo('DeleteAccountAssignment').filter((c) => c.status === 200).length;
  const revokedSoFar = () => deletions();
  const started = performance.now();
  try {
    await sweepOnce(latchkey.deps, DEFAULT_SWEEP);
  } finally {
    clearInterval(timer);
  }
  const wallMs = performance.now() - started;
  progress(label, revokedSoFar(), grants.length);
  progressDone();
  const calls = ic.sim.calls.slice(firstCall).filter((c) => c.service === 'sso-admin');
  const states = await Promise.all(grants.map(async (g) => (await db.store.get(g.id))?.state));
  const revoked = states.filter((s) => s === 'revoked').length;
  const stillAssigned = grants.filter((g) => ic.sim.assignmentsOf(g.aws.principalId!).length > 0).length;
  return {
    wallMs,
    revoked,
    notRevoked: grants.length - revoked,
    calls,
    throttled: calls.filter((c) => c.status !== 200).length,
    stillAssigned,
  };
}

/** Calls per operation, for the report: `ListAccountAssignments 1500, DeleteAccountAssignment 500, …`. */
export function callMix(calls: readonly CallRecord[]): string {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c.operation, (counts.get(c.operation) ?? 0) + 1);
  return [...counts.entries()].map(([op, n]) => `${op} ${n}`).join(', ');
}
