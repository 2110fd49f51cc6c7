import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VersionConflict } from '../../src/core/errors.js';
import { activate, approve, beginProvisioning, request } from '../../src/core/lifecycle.js';
import { entitlement, person } from '../support/entitlements.js';
import { startTestStore, type TestStore } from '../support/store.js';

const T0 = Date.UTC(2026, 10, 29, 12, 0, 0);

function newGrant(id: string, durationSec = 3600) {
  return request({
    id,
    entitlement: entitlement(),
    requester: 'U0DEV',
    durationSec,
    reason: 'deploy',
    now: T0,
  }).grant;
}

describe('Store: DynamoDB over real HTTP', () => {
  let db: TestStore;
  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => {
    await db.close();
  });

  it('of two conflicting transitions on one grant, exactly one wins', async () => {
    // Prepare
    const grant = newGrant('g-aaaaaaaa');
    await db.store.create(grant);
    const read = (await db.store.get(grant.id))!;
    // Act: two approvers decide on the same version at once
    const results = await Promise.allSettled([
      db.store.save(approve(read, entitlement(), person('U0LEAD1'), T0 + 1).grant, read.version),
      db.store.save(approve(read, entitlement(), person('U0LEAD2'), T0 + 1).grant, read.version),
    ]);
    // Assess
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(VersionConflict);
    const stored = (await db.store.get(grant.id))!;
    expect(stored.version).toBe(read.version + 1);
    expect(stored.approvals).toHaveLength(1);
  });

  it('the expiry index returns exactly the active grants that are due', async () => {
    for (const [id, durationSec] of [
      ['g-bbbbbbbb', 60],
      ['g-cccccccc', 120],
      ['g-dddddddd', 3600],
    ] as const) {
      let grant = newGrant(id, durationSec);
      await db.store.create(grant);
      grant = await db.store.save(approve(grant, entitlement(), person('U0LEAD1'), T0).grant, grant.version);
      grant = await db.store.save(beginProvisioning(grant, T0).grant, grant.version);
      await db.store.save(activate(grant, T0).grant, grant.version);
    }
    await db.store.create(newGrant('g-eeeeeeee')); // pending: never in the expiry index

    const due = await db.store.dueForRevocation(T0 + 120_000);

    expect(due.map((g) => g.id)).toEqual(['g-bbbbbbbb', 'g-cccccccc']);
    expect(await db.store.nextDeadline(T0 + 120_000)).toBe(T0 + 3600_000);
  });
});

describe('Store: the embedded store on disk', () => {
  it('keeps every grant and audit event across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-store-'));
    try {
      const first = await startTestStore(dir);
      const grant = newGrant('g-ffffffff');
      await first.store.create(grant);
      await first.store.save(approve(grant, entitlement(), person('U0LEAD1'), T0 + 5).grant, grant.version);
      await first.store.appendEvent({
        at: T0 + 10,
        grantId: '-',
        actor: 'system',
        action: 'drift-found',
        from: null,
        to: 'active',
      });
      await first.close();

      const second = await startTestStore(dir);
      const stored = await second.store.get('g-ffffffff');
      const events = await second.store.events({ since: T0, until: T0 + 60_000 });
      await second.close();

      expect(stored?.state).toBe('approved');
      expect(events.map((e) => e.action)).toEqual(['requested', 'approved', 'drift-found']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
