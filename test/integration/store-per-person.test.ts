// One person's grants, on a real store (dynalite): what a Home tab and the per-person cap read. They must
// come from that person's part of the state index, never from everyone's, and grants written by an earlier
// version (whose index keys started with the time) are moved there by `reindex`.

import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestExtension } from '../../src/core/extension.js';
import type { Grant } from '../../src/core/grant.js';
import { beginRevocation, cancel, completeRevocation } from '../../src/core/lifecycle.js';
import { grantItem } from '../../src/store/items.js';
import { timeKey } from '../../src/store/table.js';
import { entitlement } from '../support/entitlements.js';
import { active, HOUR, MINUTE, requested, T0 } from '../support/grants.js';
import { startTestStore, type TestStore } from '../support/store.js';

let db: TestStore;
beforeEach(async () => {
  db = await startTestStore();
});
afterEach(async () => {
  await db.close();
});

const ent = entitlement({ maxDurationSec: 8 * 3600 });
const asked = (id: string, requester: string, at = T0): Grant => ({
  ...requested(ent, { requester, now: at }),
  id,
});
const holding = (id: string, requester: string, at = T0): Grant => ({
  ...active(ent, { requester, now: at }),
  id,
});
const ended = (grant: Grant, at: number): Grant =>
  completeRevocation(beginRevocation(grant, 'system', at).grant, at, 'removed').grant;
const ids = (grants: Grant[]) => grants.map((g) => g.id).sort();

describe('Store: one person’s grants', () => {
  it('finds a person’s open grants in every state, and nobody else’s', async () => {
    // Prepare: Alice asked, holds one, and is extending another; Bob holds one; Alice's old one ended.
    await db.store.create(asked('g-alice001', 'U0ALICE'));
    await db.store.create(holding('g-alice002', 'U0ALICE'));
    const extending = holding('g-alice003', 'U0ALICE');
    await db.store.create(requestExtension(extending, ent, 'U0ALICE', 3600, T0 + 10 * MINUTE).grant);
    await db.store.create(holding('g-bob00001', 'U0BOB'));
    await db.store.create(ended(holding('g-alice004', 'U0ALICE'), T0 + 2 * HOUR));

    // Act
    const open = await db.store.openOf('U0ALICE');
    const awaited = await db.store.extensionsAwaited();

    // Assess
    expect(ids(open)).toEqual(['g-alice001', 'g-alice002', 'g-alice003']);
    expect(ids(awaited)).toEqual(['g-alice003']);
    expect(ids(await db.store.listByState('active'))).toEqual(['g-alice002', 'g-alice003', 'g-bob00001']);
    // A person whose handle is the start of another's sees only their own.
    await db.store.create(asked('g-alice005', 'U0ALICEX'));
    expect(ids(await db.store.openOf('U0ALICE'))).toEqual(['g-alice001', 'g-alice002', 'g-alice003']);
  });

  it('lists a person’s latest ended grants, the latest first, as many as asked', async () => {
    for (let i = 0; i < 5; i++) {
      await db.store.create(ended(holding(`g-ended00${i}`, 'U0ALICE'), T0 + 2 * HOUR + i * MINUTE));
    }
    const cancelled = asked('g-cancel01', 'U0ALICE');
    await db.store.create(cancel(cancelled, 'U0ALICE', T0 + 3 * HOUR).grant);
    await db.store.create(ended(holding('g-bobended', 'U0BOB'), T0 + 4 * HOUR));

    const latest = await db.store.endedOf('U0ALICE', 3);

    expect(latest.map((g) => g.id)).toEqual(['g-cancel01', 'g-ended004', 'g-ended003']);
  });

  it('moves open grants an earlier version wrote into the per-person layout, once', async () => {
    // Prepare: items as an earlier version wrote them, the index's sort key starting with the time.
    const legacy = [asked('g-legacy01', 'U0ALICE'), holding('g-legacy02', 'U0ALICE')];
    for (const grant of legacy) {
      const item = { ...grantItem(grant), gsi1sk: `${timeKey(grant.requestedAt)}#${grant.id}` };
      await db.client.send(new PutItemCommand({ TableName: db.table, Item: marshall(item) }));
    }
    expect(await db.store.openOf('U0ALICE')).toEqual([]);

    // Act
    const moved = await db.store.reindex();

    // Assess
    expect(moved).toBe(2);
    expect(ids(await db.store.openOf('U0ALICE'))).toEqual(['g-legacy01', 'g-legacy02']);
    expect(await db.store.reindex()).toBe(0);
    // The grants themselves are untouched: same version, same body.
    expect(await db.store.get('g-legacy02')).toEqual(legacy[1]);
  });
});
