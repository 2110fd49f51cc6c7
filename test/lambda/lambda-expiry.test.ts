// Revocation on Lambda starts within 2 s of a grant's end, not at the next minute: the scheduled sweeper
// sweeps at once and then at each due moment it finds in the store, until the next scheduled run has
// certainly begun. A deadline written while it watches is found too, and nothing ends early. These tests
// measure real timing, so they run on the real clock, with ends a few seconds apart: far enough that each
// is met by a pass of its own, close enough that the watch (which lasts as long as the run's time allows)
// is over in seconds.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../../src/core/grant.js';
import {
  FINISH_RESERVE_MS,
  HANDOVER_MS,
  POLL_MS,
  SWEEP_EVERY_MS,
  watchUntil,
} from '../../src/lambda/sweep-window.js';
import type { SimMessage } from '../../src/sim/slack/index.js';
import { lambdaContext } from '../support/lambda/context.js';
import {
  approvals,
  approveByButton,
  askProdRead,
  type Deployment,
  deployLatchkey,
  grantOf,
} from '../support/lambda/deployment.js';
import { scheduledEvent } from '../support/lambda/stack.js';
import { PROD_READ } from '../support/slack-flows.js';

describe('the sweeper run’s watch', () => {
  const minute = (m: number, s = 0) => m * SWEEP_EVERY_MS + s * 1000;

  it('lasts until just after the next minute ends, wherever in its minute the run began', () => {
    expect(watchUntil(minute(100, 0), 180_000)).toBe(minute(102) + HANDOVER_MS);
    expect(watchUntil(minute(100, 59), 180_000)).toBe(minute(102) + HANDOVER_MS);
  });

  it('leaves the function time to finish its last pass', () => {
    expect(watchUntil(minute(100, 0), 90_000)).toBe(minute(100) + 90_000 - FINISH_RESERVE_MS);
    expect(watchUntil(minute(100, 0), 30_000)).toBeLessThan(minute(100));
  });
});

let latchkey: Deployment;
beforeAll(async () => {
  latchkey = await deployLatchkey();
}, 120_000);
afterAll(async () => {
  await latchkey?.close();
});

async function activeGrant(requester: string, email: string): Promise<Grant> {
  const { request } = await askProdRead(latchkey, requester, `on-call handover for ${requester}`);
  await approveByButton(latchkey, 'U0BOB', request);
  const grant = await grantOf(latchkey, request);
  expect(grant.state).toBe('active');
  expect(latchkey.stack.ic.sim.holds(email, PROD_READ)).toBe(true);
  return grant;
}

/** Moves a grant's end to `at`, as an extension or a short grant would have it. */
async function endAt(grant: Grant, at: number): Promise<number> {
  const { store } = latchkey.stack.db;
  const current = await store.get(grant.id);
  if (!current) throw new Error(`grant ${grant.id} is gone`);
  await store.save({ ...current, expiresAt: at }, current.version);
  return at;
}

const expiredAt = async (id: string) => {
  const grant = await latchkey.stack.db.store.get(id);
  return grant?.events.find((e) => e.action === 'expired')?.at;
};

describe('Latchkey on Lambda: the scheduled sweeper', () => {
  it('starts each revocation within 2 s after its end, including an end written while it watches', async () => {
    const alice = await activeGrant('U0ALICE', 'alice@example.com');
    const dave = await activeGrant('U0DAVE', 'dave@example.com');
    const erin = await activeGrant('U0ERIN', 'erin@example.com');
    const now = Date.now();
    const ends = new Map([
      [alice.id, await endAt(alice, now + 3_000)],
      [dave.id, await endAt(dave, now + 5_000)],
    ]);

    // A run with time to watch for 10 s (the stack gives it minutes).
    const run = latchkey.sweeper(
      scheduledEvent(),
      lambdaContext('latchkey-sweeper', FINISH_RESERVE_MS + 10_000),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Erin's end is written after the run began looking, and comes after its next look at the store.
    ends.set(erin.id, await endAt(erin, Date.now() + POLL_MS + 2_000));
    await run;
    await latchkey.stack.lambda.idle();

    for (const [id, end] of ends) {
      const expired = await expiredAt(id);
      expect(expired, `${id} expired`).toBeDefined();
      const lateness = (expired as number) - end;
      expect(lateness, `${id} began revoking ${lateness} ms after its end`).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThanOrEqual(2_000);
      expect(await latchkey.stack.db.store.get(id)).toMatchObject({ state: 'revoked', endReason: 'expired' });
    }
    for (const email of ['alice@example.com', 'dave@example.com', 'erin@example.com'])
      expect(latchkey.stack.ic.sim.holds(email, PROD_READ)).toBe(false);
  }, 120_000);

  it('starts a scheduled grant within 2 s after its start', async () => {
    const { stack } = latchkey;
    const asked = await stack.slack.sender.runSlashCommand(
      'U0ALICE',
      'C0GENERAL',
      'prod-read 1h in 1h rehearsing the failover',
    );
    expect(asked.delivery.status).toBe(200);
    await stack.lambda.idle();
    const request = approvals(latchkey).at(-1) as SimMessage;
    expect(JSON.stringify(request.blocks)).toContain('rehearsing the failover');
    await approveByButton(latchkey, 'U0BOB', request);
    const scheduled = await grantOf(latchkey, request);
    expect(scheduled.state).toBe('scheduled');
    // Its start comes 3 s from now instead of in an hour.
    const startAt = Date.now() + 3_000;
    await stack.db.store.save({ ...scheduled, startAt }, scheduled.version);

    await latchkey.sweeper(scheduledEvent(), lambdaContext('latchkey-sweeper', FINISH_RESERVE_MS + 6_000));
    await stack.lambda.idle();

    const started = (await grantOf(latchkey, request)).events.find((e) => e.action === 'started')?.at;
    expect(started).toBeDefined();
    const lateness = (started as number) - startAt;
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThanOrEqual(2_000);
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'active' });
    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(true);
  }, 120_000);
});
