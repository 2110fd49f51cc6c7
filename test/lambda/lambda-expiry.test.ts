// Revocation on Lambda starts within 2 s of a grant's end, not at the next minute: the scheduled sweeper
// sweeps at once and then at each due moment it finds in the store, until the next scheduled run has
// certainly begun. A deadline written while it watches is found too, and nothing ends early. The functions
// run on a clock the test moves on to each end: the sweeper must have set its own timer for that moment
// (or look again in time) to act on it, and whatever its pass takes in real time counts as lateness.

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
import { eventually } from '../support/eventually.js';
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
import { TestClock } from '../support/test-clock.js';

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
const clock = new TestClock();
beforeAll(async () => {
  latchkey = await deployLatchkey({ clock });
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

const eventAt = async (id: string, action: 'expired' | 'started') => {
  const grant = await latchkey.stack.db.store.get(id);
  return grant?.events.find((e) => e.action === action)?.at;
};

const sweeperRun = (watchMs: number) =>
  latchkey.sweeper(scheduledEvent(), lambdaContext('latchkey-sweeper', FINISH_RESERVE_MS + watchMs));

/** Waits until a timer is set on the functions' clock for a moment between `from` and `to`. */
const timerBetween = (from: number, to: number) =>
  eventually(() => clock.moments.some((at) => at >= from && at <= to), {
    what: `a timer between ${from} and ${to}`,
  });

/** Moves the clock to `at` and waits for the sweeper to record `action` on the grant, as it must by itself. */
async function reach(at: number, id: string, action: 'expired' | 'started'): Promise<number> {
  clock.advanceTo(at);
  return eventually(() => eventAt(id, action), { what: `${id} ${action}` });
}

describe('Latchkey on Lambda: the scheduled sweeper', () => {
  it('starts each revocation within 2 s after its end, including an end written while it watches', async () => {
    const alice = await activeGrant('U0ALICE', 'alice@example.com');
    const dave = await activeGrant('U0DAVE', 'dave@example.com');
    const erin = await activeGrant('U0ERIN', 'erin@example.com');
    const now = clock.now();
    const ends = new Map([
      [alice.id, await endAt(alice, now + 3_000)],
      [dave.id, await endAt(dave, now + 5_000)],
    ]);

    // A run with time to watch for 12 s (the stack gives it minutes). It sleeps until each end it finds.
    const run = sweeperRun(12_000);
    const expired = new Map<string, number>();
    await timerBetween(now + 3_000, now + 4_000);
    expired.set(alice.id, await reach(now + 3_000, alice.id, 'expired'));
    await timerBetween(now + 5_000, now + 6_000);
    expired.set(dave.id, await reach(now + 5_000, dave.id, 'expired'));
    // Nothing else is due: it will look at the store again. Erin's end is written after its last look, and
    // comes after the next.
    await timerBetween(clock.now() + 1, clock.now() + POLL_MS);
    const erinEnd = await endAt(erin, clock.now() + POLL_MS + 1_000);
    ends.set(erin.id, erinEnd);
    expired.set(erin.id, await reach(erinEnd, erin.id, 'expired'));
    // Past the end of its watch: the run returns.
    clock.advance(12_000);
    await run;
    await latchkey.stack.lambda.idle();

    for (const [id, end] of ends) {
      const lateness = (expired.get(id) as number) - end;
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
    const startAt = clock.now() + 3_000;
    await stack.db.store.save({ ...scheduled, startAt }, scheduled.version);

    const run = sweeperRun(6_000);
    await timerBetween(startAt, startAt + 1_000);
    const started = await reach(startAt, scheduled.id, 'started');
    clock.advance(6_000);
    await run;
    await stack.lambda.idle();

    const lateness = started - startAt;
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThanOrEqual(2_000);
    expect(await grantOf(latchkey, request)).toMatchObject({ state: 'active' });
    expect(stack.ic.sim.holds('alice@example.com', PROD_READ)).toBe(true);
  }, 120_000);
});
