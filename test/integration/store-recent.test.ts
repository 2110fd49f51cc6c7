import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancel, request } from '../../src/core/lifecycle.js';
import { entitlement } from '../support/entitlements.js';
import { startTestStore, type TestStore } from '../support/store.js';

const T0 = Date.UTC(2026, 10, 29, 12, 0, 0);

describe('Store: recent grants, for the Home tab’s "recently ended"', () => {
  let db: TestStore;
  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => {
    await db.close();
  });

  it('lists grants by their latest change, newest first, a page at a time before a time', async () => {
    // Prepare: 30 grants asked a minute apart; every third one cancelled an hour later.
    for (let i = 0; i < 30; i++) {
      const id = `g-${String(i).padStart(8, '0')}`;
      const asked = request({
        id,
        entitlement: entitlement(),
        requester: 'U0DEV',
        durationSec: 3600,
        reason: 'r',
        now: T0 + i * 60_000,
      }).grant;
      await db.store.create(asked);
      if (i % 3 === 0) {
        const stored = (await db.store.get(id))!;
        await db.store.save(cancel(stored, 'U0DEV', T0 + 3600_000 + i).grant, stored.version);
      }
    }

    // Act
    const first = await db.store.recent({ limit: 5 });
    const latest = (g: (typeof first)[number]) => g.events.at(-1)!.at;
    const next = await db.store.recent({ limit: 5, before: latest(first.at(-1)!) });

    // Assess: the ten cancellations are the latest changes, newest first; the page after continues them.
    expect(first.map((g) => g.id)).toEqual([
      'g-00000027',
      'g-00000024',
      'g-00000021',
      'g-00000018',
      'g-00000015',
    ]);
    expect(next.map((g) => g.id)).toEqual([
      'g-00000012',
      'g-00000009',
      'g-00000006',
      'g-00000003',
      'g-00000000',
    ]);
    expect((await db.store.recent({ limit: 3, before: T0 + 3600_000 })).map((g) => g.id)).toEqual([
      'g-00000029',
      'g-00000028',
      'g-00000026',
    ]);
  });
});
