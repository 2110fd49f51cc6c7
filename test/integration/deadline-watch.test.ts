// The watch a scheduled sweeper run keeps between its passes, on a real store (dynalite) and a clock that
// moves only when the watch sleeps: a pass just after each due moment the due index holds, never before
// it, one for a moment written while it sleeps, and none past the end of the watch.

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import { watchDeadlines } from '../../src/service/deadline-watch.js';
import { active, T0 } from '../support/grants.js';
import { startTestStore, type TestStore } from '../support/store.js';

let db: TestStore;
beforeAll(async () => {
  db = await startTestStore();
});
afterAll(async () => {
  await db?.close();
});

/** An active grant whose end is `endsAt`. */
const endingAt = (id: string, endsAt: number): Grant => {
  const grant = active(undefined, { now: T0 - 10 * 60_000 });
  return { ...grant, id, expiresAt: endsAt };
};

describe('watchDeadlines', () => {
  it('runs a pass just after each due moment, finds one written meanwhile, and stops at its end', async () => {
    // Prepare
    let now = T0;
    const clock = { now: () => now };
    await db.store.create(endingAt('g-watch001', T0 + 10_000));
    await db.store.create(endingAt('g-watch002', T0 + 25_000));
    await db.store.create(endingAt('g-watch003', T0 + 90_000));
    let written = false;
    const sleep = async (ms: number) => {
      now += ms;
      // While the watch sleeps past 12 s, a grant that ends at 20 s is written.
      if (!written && now >= T0 + 12_000) {
        written = true;
        await db.store.create(endingAt('g-watch004', T0 + 20_000));
      }
    };
    const passes: number[] = [];

    // Act
    const count = await watchDeadlines(
      { store: db.store, clock, log: pino({ level: 'silent' }) },
      { until: T0 + 60_000, pollMs: 5_000, pass: async () => passes.push(now), sleep },
    );

    // Assess
    expect(count).toBe(3);
    const dues = [10_000, 20_000, 25_000];
    expect(passes).toHaveLength(dues.length);
    passes.forEach((at, i) => {
      const due = dues[i] ?? Number.NaN;
      expect(at - T0, 'never before the moment').toBeGreaterThanOrEqual(due);
      expect(at - T0, 'just after it').toBeLessThanOrEqual(due + 100);
    });
    // The grant ending at 90 s is the next run's.
    expect(now).toBe(T0 + 60_000);
  });
});
