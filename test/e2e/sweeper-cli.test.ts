// `latchkey sweep`, the real command as a child process against the simulators: one pass, then exit 0 when
// everything due is done, non-zero when a due revocation could not be finished (it is retried next time).

import { describe, expect, it } from 'vitest';
import type { SweepReport } from '../../src/service/sweeper.js';
import { activeGrant, emailOf } from '../support/active-grants.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import { openService, readStore, runLatchkey, useInstallation } from '../support/latchkey-process.js';
import { PROD_READ } from '../support/slack-flows.js';

const BILLING = { kind: 'group', group: 'BillingReaders' } as const;

describe('latchkey sweep: one pass, and an exit code that says whether everything due was finished', () => {
  const deployed = useInstallation({ minDuration: '1s' });

  const sweep = async () => {
    const run = await runLatchkey(['sweep'], deployed.installation.env());
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as SweepReport;
    return { ...run, report };
  };

  it('exits non-zero while Identity Center refuses a due revocation, and 0 once it is done', async () => {
    const service = await openService(deployed.sims, deployed.installation, { adapter: QUICK_POLL });
    const denied = await activeGrant(
      service.deps,
      { requester: 'U0ALICE', entitlementId: 'incident-breakglass' },
      '1s',
    );
    const grouped = await activeGrant(
      service.deps,
      { requester: 'U0BOB', entitlementId: 'billing-read' },
      '1s',
    );
    await service.close();
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, (denied.expiresAt ?? 0) - Date.now()) + 100),
    );

    // Latchkey's role lost its permission to delete assignments: that revocation cannot be finished.
    deployed.sims.ic.sim.injectFault({
      operation: 'DeleteAccountAssignment',
      error: 'AccessDeniedException',
      times: 100,
    });
    const failing = await sweep();
    expect(failing.code, failing.stderr).not.toBe(0);
    expect(failing.report.unfinished).toEqual([denied.id]);
    expect(deployed.sims.ic.sim.holds(emailOf('U0ALICE'), PROD_READ)).toBe(true);
    expect(deployed.sims.ic.sim.holds(emailOf('U0BOB'), BILLING)).toBe(false);
    const thread = deployed.sims.slack.workspace
      .thread(denied.channel ?? '', denied.messageTs ?? '')
      .map((m) => m.text);
    expect(thread.join('\n')).toContain(':warning: Revoking the access failed');

    let state = await readStore(deployed.installation.dataDir, [denied.id, grouped.id]);
    expect(state.grants.map((g) => g.state)).toEqual(['revoking', 'revoked']);

    deployed.sims.ic.sim.faults.clear();
    const finishing = await sweep();
    expect(finishing.code, finishing.stderr).toBe(0);
    expect(finishing.report.unfinished).toEqual([]);
    expect(deployed.sims.ic.sim.holds(emailOf('U0ALICE'), PROD_READ)).toBe(false);
    expect(deployed.sims.ic.sim.holds('carol@example.com', PROD_READ)).toBe(true);
    state = await readStore(deployed.installation.dataDir, [denied.id, grouped.id]);
    expect(state.grants.map((g) => g.state)).toEqual(['revoked', 'revoked']);

    const idle = await sweep();
    expect(idle.code).toBe(0);
    expect(idle.report).toMatchObject({ expired: 0, resumed: 0, unfinished: [] });
  }, 60_000);
});
