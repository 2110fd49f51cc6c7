import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OnCallUnavailable } from '../../src/core/errors.js';
import { PagerDutyOnCall } from '../../src/pagerduty/on-call.js';
import { type RunningPagerDutySim, startPagerDutySim } from '../../src/sim/pagerduty/index.js';
import { whileMovingTime } from '../support/moving-time.js';
import { TestClock } from '../support/test-clock.js';

const TOKEN = 'u+integration-token';
const HOUR = 3600_000;

/**
 * Moves the clock on in steps small beside the budget while a lookup is under way: the simulator answers in
 * this process, between steps, so a request the budget leaves time for is answered in time.
 */
const STEPS = { stepMs: 25, everyMs: 5 };

describe('Class: PagerDutyOnCall, against the simulated PagerDuty over HTTP', () => {
  let pd: RunningPagerDutySim;
  let source: PagerDutyOnCall;
  // The source's time: its budget and a 429's wait pass when the test moves it, not by sitting them out.
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    pd = await startPagerDutySim({ token: TOKEN });
    pd.sim.addSchedule({ id: 'PPRIMARY', name: 'Primary' });
    pd.sim.addSchedule({ id: 'POTHER1', name: 'Other' });
    pd.sim.addUser({ id: 'PALICE1', name: 'Alice Ng', email: 'Alice@Example.com' });
    source = new PagerDutyOnCall({ token: TOKEN, apiUrl: pd.url, clock });
  });
  afterEach(async () => {
    await pd.close();
  });

  describe('Method: lookup', () => {
    it('finds the user by email ignoring case, and their entries now in the asked schedules only', async () => {
      // Prepare
      const now = Date.now();
      pd.sim.putOnCall({ scheduleId: 'PPRIMARY', userId: 'PALICE1', start: now - HOUR, end: now + HOUR });
      pd.sim.putOnCall({ scheduleId: 'POTHER1', userId: 'PALICE1', start: now - HOUR, end: now + 5 * HOUR });
      pd.sim.putOnCall({ scheduleId: 'PPRIMARY', userId: 'PALICE1', start: now + HOUR, end: now + 2 * HOUR });

      // Act
      const lookup = await source.lookup('alice@example.COM', ['PPRIMARY']);

      // Assess
      expect(lookup.user).toEqual({ id: 'PALICE1', name: 'Alice Ng', email: 'Alice@Example.com' });
      expect(lookup.user && lookup.entries).toEqual([
        { scheduleId: 'PPRIMARY', scheduleName: 'Primary', start: now - HOUR, end: now + HOUR },
      ]);
      const asked = pd.sim.callsTo('/oncalls')[0]?.query ?? '';
      expect(new URLSearchParams(asked).getAll('schedule_ids[]')).toEqual(['PPRIMARY']);
      expect(new URLSearchParams(asked).getAll('user_ids[]')).toEqual(['PALICE1']);
    });

    it('takes only an exact email match, though PagerDuty’s query matches parts of addresses', async () => {
      pd.sim.addUser({ id: 'PMALICE', name: 'Malice', email: 'malice@example.com' });
      pd.sim.putOnCall({ scheduleId: 'PPRIMARY', userId: 'PMALICE', start: null, end: null });
      const lookup = await source.lookup('lice@example.com', ['PPRIMARY']);
      expect(lookup.user).toBeUndefined();
      expect(pd.sim.callsTo('/oncalls')).toHaveLength(0);
    });

    it('reads every page of users and of on-call entries', async () => {
      // 130 people whose addresses contain Alice's sort before her: she is on the second page.
      for (let i = 0; i < 130; i++) {
        pd.sim.addUser({ id: `PCLONE${i}`, name: `Aaron ${i}`, email: `x${i}.alice@example.com` });
      }
      const now = Date.now();
      for (let level = 1; level <= 120; level++) {
        pd.sim.putOnCall({
          scheduleId: 'PPRIMARY',
          userId: 'PALICE1',
          start: now - HOUR,
          end: now + level * 60_000,
          escalationLevel: level,
        });
      }
      const lookup = await source.lookup('alice@example.com', ['PPRIMARY']);
      expect(lookup.user?.id).toBe('PALICE1');
      expect(lookup.user && lookup.entries).toHaveLength(120);
      expect(pd.sim.callsTo('/users')).toHaveLength(2);
      expect(pd.sim.callsTo('/oncalls')).toHaveLength(2);
    });

    it('waits as a 429 asks when the answer still fits in the budget', async () => {
      pd.sim.inject({ path: '/users', status: 429, retryAfterSec: 1 });
      const started = clock.now();
      const lookup = await whileMovingTime(clock, source.lookup('alice@example.com', ['PPRIMARY']), STEPS);
      expect(lookup.user?.id).toBe('PALICE1');
      expect(clock.now() - started).toBeGreaterThanOrEqual(1000);
      expect(pd.sim.callsTo('/users')).toHaveLength(2);
    });

    it('does not wait when a 429 asks for longer than the budget allows', async () => {
      pd.sim.inject({ path: '/users', status: 429, retryAfterSec: 30 });
      const started = Date.now();
      await expect(source.lookup('alice@example.com', ['PPRIMARY'])).rejects.toThrow(
        /rate limited \(429, asked to wait 30 s\)/,
      );
      expect(Date.now() - started).toBeLessThan(1000);
    });

    const unavailable: { what: string; plant: () => void | Promise<void>; says: RegExp }[] = [
      { what: 'a 500', plant: () => pd.sim.inject({ path: '/oncalls', status: 500 }), says: /answered 500/ },
      {
        what: 'an answer that never comes',
        plant: () => pd.sim.inject({ hang: true }),
        says: /no answer in time/,
      },
      {
        what: 'an answer later than 2 s',
        plant: () => pd.sim.inject({ path: '/oncalls', delayMs: 2500 }),
        says: /no answer in time/,
      },
    ];
    for (const { what, plant, says } of unavailable) {
      it(`throws OnCallUnavailable on ${what}, within the 2 s budget`, async () => {
        pd.sim.putOnCall({ scheduleId: 'PPRIMARY', userId: 'PALICE1', start: null, end: null });
        await plant();
        const started = clock.now();
        const error = await whileMovingTime(
          clock,
          source.lookup('alice@example.com', ['PPRIMARY']).catch((e: unknown) => e),
          STEPS,
        );
        expect(error).toBeInstanceOf(OnCallUnavailable);
        expect((error as OnCallUnavailable).reason).toMatch(says);
        expect(clock.now() - started).toBeLessThan(2600);
      });
    }

    it('throws OnCallUnavailable when the token is refused, with PagerDuty’s 401 shape read', async () => {
      const wrong = new PagerDutyOnCall({ token: 'not-the-token', apiUrl: pd.url });
      await expect(wrong.lookup('alice@example.com', ['PPRIMARY'])).rejects.toThrow(
        'answered 401 (Authentication failed, code 2006): the token was refused',
      );
      expect(pd.sim.calls.map((c) => c.authorized)).toEqual([false]);
    });

    it('throws OnCallUnavailable when nothing listens', async () => {
      const port = await freePort();
      const nowhere = new PagerDutyOnCall({ token: TOKEN, apiUrl: `http://127.0.0.1:${port}` });
      await expect(nowhere.lookup('alice@example.com', ['PPRIMARY'])).rejects.toThrow(/unreachable/);
    });
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
