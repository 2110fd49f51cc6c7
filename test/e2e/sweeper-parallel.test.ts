// Several sweepers at once over the same due grants — passes in parallel on one service, and other service
// instances (their own Identity Center clients and Slack client) on the same store: the conditional write
// that claims a grant lets exactly one of them revoke it. They all read the test's clock, which the test moves
// past the grants' ends rather than waiting for them.

import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import { beginRevocation } from '../../src/core/lifecycle.js';
import { connectIdentityCenter } from '../../src/runtime/identity-center.js';
import { createLogger } from '../../src/runtime/logger.js';
import { assembleService } from '../../src/runtime/service.js';
import type { ServiceDeps } from '../../src/service/deps.js';
import { DEFAULT_SWEEP, type SweepReport, sweepOnce } from '../../src/service/sweeper.js';
import { activeGrants, EVERYONE, emailOf, shortGrantsConfig } from '../support/active-grants.js';
import { QUICK_POLL } from '../support/identity-center-sim.js';
import { BOT_TOKEN, quietLogger } from '../support/slack-sim.js';
import { type System, startSystem } from '../support/system.js';
import { TestClock } from '../support/test-clock.js';

describe('Sweepers at once: each due grant is revoked exactly once', () => {
  let system: System;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    // The adapters look at a change when the simulator's provisioning is done, not a second later.
    system = await startSystem({
      config: await shortGrantsConfig(),
      clock,
      identityCenterTuning: { adapter: QUICK_POLL },
    });
    // The sweepers under test are the only ones.
    await system.latchkey.scheduler.stop();
  });
  afterEach(async () => {
    await system.close();
  });

  /** Another Latchkey on the same store: its own Identity Center and Slack clients. */
  function anotherInstance(): ServiceDeps {
    return assembleService({
      config: system.config,
      store: system.db.store,
      identityCenter: connectIdentityCenter(system.config, system.ic.url, { adapter: QUICK_POLL })
        .identityCenter,
      slack: new WebClient(BOT_TOKEN, { slackApiUrl: system.slack.apiUrl, logger: quietLogger }),
      log: createLogger('silent'),
      clock,
    }).deps;
  }

  it('three passes on one service and two other instances, all at once, over fifteen due grants', async () => {
    const { deps } = system.latchkey;
    const { sim } = system.ic;
    const grants = await activeGrants(deps, EVERYONE, '1s');
    const lastEnd = Math.max(...grants.map((g) => g.expiresAt ?? 0));
    clock.advanceTo(lastEnd + 1);
    const deletionsBefore = sim.callsTo('DeleteAccountAssignment').length;

    const sweepers = [deps, deps, deps, anotherInstance(), anotherInstance()];
    const reports: SweepReport[] = await Promise.all(sweepers.map((d) => sweepOnce(d, DEFAULT_SWEEP)));

    expect(reports.reduce((n, r) => n + r.expired, 0)).toBe(grants.length);
    const ended = (await Promise.all(grants.map((g) => deps.store.get(g.id)))) as Grant[];
    for (const grant of ended) {
      expect(grant.state, grant.id).toBe('revoked');
      expect(
        grant.events.filter((e) => e.action === 'expired'),
        grant.id,
      ).toHaveLength(1);
      expect(
        grant.events.filter((e) => e.action === 'revoked'),
        grant.id,
      ).toHaveLength(1);
      expect(sim.holds(emailOf(grant.requester), grant.target), grant.id).toBe(false);
    }
    const permissionSetGrants = ended.filter((g) => g.target.kind === 'permissionSet').length;
    expect(sim.callsTo('DeleteAccountAssignment').slice(deletionsBefore)).toHaveLength(permissionSetGrants);
    expect(sim.callsTo('DeleteGroupMembership')).toHaveLength(ended.length - permissionSetGrants);
    expect(
      sim.holds('carol@example.com', {
        kind: 'permissionSet',
        accountId: '123456789012',
        permissionSet: 'ReadOnlyAccess',
      }),
    ).toBe(true);
    expect(await deps.store.listHoldings()).toEqual([]);

    // Each thread says once that time is up and once that the access was revoked.
    for (const grant of ended) {
      const thread = system.slack.workspace
        .thread(grant.channel ?? '', grant.messageTs ?? '')
        .map((m) => m.text);
      expect(
        thread.filter((t) => t.startsWith(':lock: Time is up')),
        grant.id,
      ).toHaveLength(1);
      expect(
        thread.filter((t) => t.startsWith(':lock: Access revoked')),
        grant.id,
      ).toHaveLength(1);
    }
  }, 60_000);

  it('revocations a dead process left half done, its lease run out, are finished once by racing sweepers', async () => {
    const { deps } = system.latchkey;
    const { sim } = system.ic;
    const grants = await activeGrants(deps, EVERYONE.slice(0, 8), '1s');
    const lastEnd = Math.max(...grants.map((g) => g.expiresAt ?? 0));
    clock.advanceTo(lastEnd + 1);
    // A process claimed them for revocation and died; its lease has run out.
    for (const grant of grants) {
      const current = (await deps.store.get(grant.id))!;
      const claimed = beginRevocation(current, 'system', clock.now()).grant;
      await deps.store.save({ ...claimed, nextAttemptAt: clock.now() - 1 }, current.version);
    }
    const deletionsBefore = sim.callsTo('DeleteAccountAssignment').length;

    const sweepers = [deps, deps, anotherInstance(), anotherInstance()];
    const reports = await Promise.all(sweepers.map((d) => sweepOnce(d, DEFAULT_SWEEP)));

    expect(reports.flatMap((r) => r.unfinished)).toEqual([]);
    const ended = (await Promise.all(grants.map((g) => deps.store.get(g.id)))) as Grant[];
    for (const grant of ended) {
      expect(grant.state, grant.id).toBe('revoked');
      expect(
        grant.events.filter((e) => e.action === 'revoked'),
        grant.id,
      ).toHaveLength(1);
      expect(sim.holds(emailOf(grant.requester), grant.target), grant.id).toBe(false);
    }
    const permissionSetGrants = ended.filter((g) => g.target.kind === 'permissionSet').length;
    expect(sim.callsTo('DeleteAccountAssignment').slice(deletionsBefore)).toHaveLength(permissionSetGrants);
  }, 60_000);
});
