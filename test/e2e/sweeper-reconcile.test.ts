// `latchkey reconcile`, the real command against the simulators: it finds each kind of drift between the
// grants and Identity Center, `--fix` repairs what Latchkey is responsible for and nothing else, and the exit
// code says whether there was drift (0 none, 2 drift).

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { Grant } from '../../src/core/grant.js';
import { beginRevocation, completeRevocation } from '../../src/core/lifecycle.js';
import { connectIdentityCenter } from '../../src/runtime/identity-center.js';
import type { Finding } from '../../src/service/reconcile.js';
import { activeGrant } from '../support/active-grants.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import { openService, runLatchkey, useInstallation } from '../support/latchkey-process.js';
import { PROD_READ } from '../support/slack-flows.js';

const STAGING_ADMIN = {
  kind: 'permissionSet',
  accountId: '210987654321',
  permissionSet: 'AdministratorAccess',
} as const;

describe('latchkey reconcile: drift between the grants and Identity Center', () => {
  const deployed = useInstallation({ minDuration: '1s' });

  const reconcile = async (...flags: string[]) => {
    const run = await runLatchkey(['reconcile', '--json', ...flags], deployed.installation.env());
    const findings = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Finding);
    return { code: run.code, stderr: run.stderr, findings };
  };
  const kinds = (findings: Finding[]) =>
    findings.map((f) => `${f.kind} ${f.principalId} ${f.fixed ? 'fixed' : 'reported'}`).sort();

  it('finds missing, orphaned and unexplained access; --fix repairs the first two; standing access is never touched', async () => {
    const { sim } = deployed.sims.ic;
    const alice = sim.userId('alice')!;
    const dave = sim.userId('dave')!;
    const erin = sim.userId('erin')!;

    // The first look takes the baseline: Carol's ReadOnlyAccess and Dave's BillingReaders are standing access.
    const first = await reconcile();
    expect(first.code, first.stderr).toBe(0);
    expect(first.findings).toEqual([]);

    const service = await openService(deployed.sims, deployed.installation, { adapter: QUICK_POLL });
    await activeGrant(service.deps, { requester: 'U0ALICE', entitlementId: 'incident-breakglass' }, '1h');
    const ended: Grant = await activeGrant(
      service.deps,
      { requester: 'U0ERIN', entitlementId: 'staging-admin' },
      '1h',
    );
    // Erin's grant is written as ended without its access being removed: Latchkey's assignment is orphaned.
    const current = (await service.deps.store.get(ended.id))!;
    const revoking = beginRevocation(current, 'U0ERIN', Date.now()).grant;
    const saved = await service.deps.store.save(revoking, current.version);
    await service.deps.store.save(completeRevocation(saved, Date.now()).grant, saved.version);
    await service.close();

    // Behind Latchkey's back: Alice's assignment is deleted, and Dave is given ReadOnlyAccess by hand.
    const aws = connectIdentityCenter(
      await loadConfig(deployed.installation.configPath),
      deployed.sims.ic.url,
      { adapter: QUICK_POLL },
    ).identityCenter;
    const productionRead = await aws.resolveTarget(PROD_READ);
    await aws.revoke(alice, productionRead);
    await aws.grant(dave, productionRead);

    const found = await reconcile();
    expect(found.code, found.stderr).toBe(2);
    expect(kinds(found.findings)).toEqual(
      [`missing ${alice} reported`, `orphaned ${erin} reported`, `unexplained ${dave} reported`].sort(),
    );

    const fixed = await reconcile('--fix');
    expect(fixed.code, fixed.stderr).toBe(2);
    expect(kinds(fixed.findings)).toEqual(
      [`missing ${alice} fixed`, `orphaned ${erin} fixed`, `unexplained ${dave} reported`].sort(),
    );
    expect(sim.holds('alice@example.com', PROD_READ)).toBe(true);
    expect(sim.holds('erin@example.com', STAGING_ADMIN)).toBe(false);
    expect(sim.holds('dave@example.com', PROD_READ)).toBe(true);
    expect(sim.holds('carol@example.com', PROD_READ)).toBe(true);
    expect(sim.holds('dave@example.com', { kind: 'group', group: 'BillingReaders' })).toBe(true);

    // What is left is access only a person can judge; accepted, it is standing access from then on.
    const left = await reconcile();
    expect(left.code).toBe(2);
    expect(kinds(left.findings)).toEqual([`unexplained ${dave} reported`]);
    expect((await reconcile('--accept')).code).toBe(2);
    const clean = await reconcile();
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.findings).toEqual([]);
    expect(sim.holds('dave@example.com', PROD_READ)).toBe(true);
  }, 60_000);
});
