// Claiming a grant whose time is up, on a real store (dynalite): a sweep claims from the copy its due index
// listed, which may be older than the table; that saves a read per grant, and must never cost a claim.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import type { Note } from '../../src/core/ports.js';
import type { ServiceDeps } from '../../src/service/deps.js';
import { claimExpiry } from '../../src/service/revoker.js';
import { active, HOUR, T0 } from '../support/grants.js';
import { startTestStore, type TestStore } from '../support/store.js';

let db: TestStore;
beforeAll(async () => {
  db = await startTestStore();
});
afterAll(async () => {
  await db?.close();
});

/** What claiming needs: the store, a clock two hours on (the grants ended an hour ago), and a notifier. */
function claimDeps(told: Note[]): ServiceDeps {
  return {
    store: db.store,
    clock: { now: () => T0 + 2 * HOUR },
    notifier: { notify: async (_grant: Grant, note: Note) => void told.push(note) },
  } as unknown as ServiceDeps;
}

const ended = (id: string): Grant => ({ ...active(), id });

describe('claimExpiry', () => {
  it('claims from a copy the index listed before the grant changed, on a fresh read', async () => {
    // Prepare: the index's copy is one version behind the table.
    await db.store.create(ended('g-stale001'));
    const listed = (await db.store.get('g-stale001'))!;
    await db.store.save({ ...listed, warnedAt: T0 }, listed.version);
    const told: Note[] = [];

    // Act
    const claimed = await claimExpiry(claimDeps(told), 'g-stale001', listed);

    // Assess
    expect(claimed).toMatchObject({ state: 'revoking', version: listed.version + 2, warnedAt: T0 });
    expect((await db.store.get('g-stale001'))?.state).toBe('revoking');
    expect(told).toHaveLength(1);
  });

  it('of two sweepers holding the same copy, exactly one claims, and the other tells nobody', async () => {
    await db.store.create(ended('g-twice001'));
    const listed = (await db.store.get('g-twice001'))!;
    const told: Note[] = [];

    const claims = await Promise.all([
      claimExpiry(claimDeps(told), 'g-twice001', listed),
      claimExpiry(claimDeps(told), 'g-twice001', listed),
    ]);

    expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
    expect(told).toHaveLength(1);
    expect((await db.store.get('g-twice001'))?.version).toBe(listed.version + 1);
  });
});
