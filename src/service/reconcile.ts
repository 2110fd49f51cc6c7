// Drift: what Identity Center really holds against what the grants say. Three kinds of finding:
//   missing      an active grant whose access is not in AWS          --fix grants it again (see repairs.ts)
//   orphaned     access Latchkey made that no live grant holds        --fix removes it
//   unexplained  access on a configured target that no grant, holding or baseline explains — reported only,
//                since it may be someone's standing access (accept it into the baseline with --accept)
// The first look at a target takes its baseline: whoever holds it then holds it outside Latchkey.

import { configuredTargets } from '../core/entitlement.js';
import { type Grant, IN_FLIGHT_STATES } from '../core/grant.js';
import { recordedAccess } from '../core/held.js';
import { resolvedKey } from '../core/holding.js';
import type { ResolvedTarget } from '../core/ports.js';
import type { ServiceDeps } from './deps.js';
import { finishOrphanRemovals, removeOrphan, restoreMissing } from './repairs.js';

export interface Finding {
  kind: 'missing' | 'orphaned' | 'unexplained';
  principalId: string;
  targetKey: string;
  grantId?: string;
  detail: string;
  fixed: boolean;
}

export interface ReconcileOptions {
  fix: boolean;
  /** Take the unexplained access found now into the baseline: it is standing access. */
  accept: boolean;
}

export async function reconcile(deps: ServiceDeps, options: ReconcileOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const { store, identityCenter } = deps;
  const active = await store.listByState('active');
  const live = new Map<string, Grant>();
  for (const grant of [...active, ...(await store.listByState('approved', 'provisioning', 'revoking'))])
    live.set(grant.id, grant);

  const targets = new Map<string, ResolvedTarget>();
  // Every account a list names; an OU's accounts are checked through the grants that hold them.
  for (const entitlement of deps.catalogue.entitlements) {
    for (const configured of configuredTargets(entitlement)) {
      const target = await identityCenter.resolveTarget(configured);
      targets.set(resolvedKey(target), target);
    }
  }
  if (options.fix) await finishOrphanRemovals(deps);

  for (const grant of active) {
    const principalId = grant.aws.principalId;
    if (!principalId) continue;
    // What the grant was given, by the ids recorded then: a renamed target is still checked where it is.
    for (const access of recordedAccess(grant) ?? []) {
      if (await identityCenter.holds(principalId, access)) continue;
      const finding: Finding = {
        kind: 'missing',
        principalId,
        targetKey: resolvedKey(access),
        grantId: grant.id,
        detail: `${grant.id} is active but IAM Identity Center does not hold its access`,
        fixed: false,
      };
      if (options.fix) {
        const repair = await restoreMissing(deps, grant.id, access);
        finding.fixed = repair.fixed;
        if (repair.detail) finding.detail += ` (${repair.detail})`;
      }
      findings.push(finding);
    }
  }

  for (const [key, target] of targets)
    findings.push(...(await checkTarget(deps, key, target, live, options)));

  const now = deps.clock.now();
  for (const f of findings) {
    await store.appendEvent({
      at: now,
      grantId: f.grantId ?? '-',
      actor: 'system',
      action: f.fixed ? `drift-fixed:${f.kind}` : `drift-found:${f.kind}`,
      from: null,
      to: null,
      detail: `${f.detail} (${f.principalId} on ${f.targetKey})`,
    });
  }
  return findings;
}

async function checkTarget(
  deps: ServiceDeps,
  key: string,
  target: ResolvedTarget,
  live: Map<string, Grant>,
  options: ReconcileOptions,
): Promise<Finding[]> {
  const { store, identityCenter } = deps;
  const findings: Finding[] = [];
  const unexplained: string[] = [];
  for (const principalId of await identityCenter.holders(target)) {
    const holding = await store.getHolding(principalId, key);
    if (!holding) {
      unexplained.push(principalId);
      continue;
    }
    const holdersAlive = holding.holders.some(
      (id) => live.get(id)?.state === 'active' || IN_FLIGHT_STATES.has(live.get(id)?.state ?? 'revoked'),
    );
    const releasingAlive = holding.releasing !== undefined && live.has(holding.releasing);
    if (holdersAlive || releasingAlive || holding.preExisting) continue;
    const finding: Finding = {
      kind: 'orphaned',
      principalId,
      targetKey: key,
      detail: `access made by Latchkey for ${[...holding.holders, holding.releasing].filter(Boolean).join(', ')} is still in AWS though no live grant holds it`,
      fixed: false,
    };
    if (options.fix) {
      const repair = await removeOrphan(deps, principalId, target);
      finding.fixed = repair.fixed;
      if (repair.detail) finding.detail += ` (${repair.detail})`;
    }
    findings.push(finding);
  }

  const baseline = await store.getBaseline(key);
  if (!baseline) {
    await store.saveBaseline(
      { targetKey: key, principals: unexplained, takenAt: deps.clock.now(), version: 0 },
      0,
    );
    return findings;
  }
  const fresh = unexplained.filter((p) => !baseline.principals.includes(p));
  for (const principalId of fresh) {
    findings.push({
      kind: 'unexplained',
      principalId,
      targetKey: key,
      detail: options.accept
        ? 'access outside Latchkey, now accepted as standing access'
        : 'access that no grant explains and that was not there when Latchkey first looked',
      fixed: false,
    });
  }
  if (options.accept && fresh.length > 0) {
    await store.saveBaseline(
      { ...baseline, principals: [...baseline.principals, ...fresh] },
      baseline.version,
    );
  }
  return findings;
}
