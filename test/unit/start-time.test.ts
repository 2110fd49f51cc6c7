import { describe, expect, it } from 'vitest';
import { parseAccessCommand } from '../../src/core/command.js';
import { StartNotAccepted } from '../../src/core/errors.js';
import { assertStartAccepted, isStartWord, resolveStart } from '../../src/core/start-time.js';
import { saidOf, thrownBy } from '../support/errors.js';

const at = (iso: string) => Date.parse(iso);

describe('Start time: reading what was typed', () => {
  it('reads HH:MM as the next such moment in the requester’s zone: later today', () => {
    // Prepare: 10:00 in London (UTC+0 in winter)
    const now = at('2026-01-15T10:00:00Z');

    // Act / Assess
    expect(resolveStart({ kind: 'at', text: '22:00' }, now, 'Europe/London')).toBe(
      at('2026-01-15T22:00:00Z'),
    );
    expect(resolveStart({ kind: 'at', text: '22:00' }, now, 'America/New_York')).toBe(
      at('2026-01-15T22:00:00-05:00'),
    );
  });

  it('reads HH:MM that has passed today as tomorrow', () => {
    const now = at('2026-01-15T23:30:00Z');

    expect(resolveStart({ kind: 'at', text: '09:15' }, now, 'Europe/London')).toBe(
      at('2026-01-16T09:15:00Z'),
    );
  });

  it('reads HH:MM across a daylight-saving change with the offset of the day it lands on', () => {
    // Saturday 28 March 2026, 12:00 in Berlin (CET, UTC+1); clocks go to CEST (UTC+2) on Sunday at 02:00.
    const now = at('2026-03-28T11:00:00Z');

    expect(resolveStart({ kind: 'at', text: '10:00' }, now, 'Europe/Berlin')).toBe(
      at('2026-03-29T08:00:00Z'),
    );
    expect(resolveStart({ kind: 'at', text: '23:00' }, now, 'Europe/Berlin')).toBe(
      at('2026-03-28T22:00:00Z'),
    );
  });

  it('reads a wall-clock time the clocks skip as the same distance past the jump', () => {
    // 02:30 does not exist in Berlin on 29 March 2026: it is read as 03:30 CEST.
    expect(
      resolveStart({ kind: 'at', text: '2026-03-29T02:30' }, at('2026-03-28T00:00:00Z'), 'Europe/Berlin'),
    ).toBe(at('2026-03-29T01:30:00Z'));
  });

  it('reads a wall-clock time the clocks pass twice as the first of them', () => {
    // 01:30 happens twice in New York on 1 November 2026 (EDT, then EST): the first is 05:30 UTC.
    expect(
      resolveStart({ kind: 'at', text: '2026-11-01T01:30' }, at('2026-10-30T00:00:00Z'), 'America/New_York'),
    ).toBe(at('2026-11-01T05:30:00Z'));
  });

  it('reads YYYY-MM-DDTHH:MM in the requester’s zone, summer offset included', () => {
    expect(
      resolveStart({ kind: 'at', text: '2026-07-01T09:30' }, at('2026-06-30T00:00:00Z'), 'Europe/London'),
    ).toBe(at('2026-07-01T08:30:00Z'));
  });

  it('reads an ISO 8601 instant with Z or an offset whatever the zone', () => {
    const now = at('2026-06-30T00:00:00Z');

    expect(resolveStart({ kind: 'at', text: '2026-07-01T09:30Z' }, now, 'Asia/Tokyo')).toBe(
      at('2026-07-01T09:30:00Z'),
    );
    expect(resolveStart({ kind: 'at', text: '2026-07-01T09:30:00+05:30' }, now, 'UTC')).toBe(
      at('2026-07-01T04:00:00Z'),
    );
    expect(resolveStart({ kind: 'at', text: '2026-07-01T09:30-0700' }, now, 'UTC')).toBe(
      at('2026-07-01T16:30:00Z'),
    );
  });

  it('reads `in <duration>` from now', () => {
    const now = at('2026-06-30T00:00:00Z');

    expect(resolveStart({ kind: 'in', text: '90m' }, now, 'UTC')).toBe(now + 90 * 60_000);
  });

  it('falls back to UTC for a zone the runtime does not know', () => {
    const now = at('2026-01-15T10:00:00Z');

    expect(resolveStart({ kind: 'at', text: '12:00' }, now, 'Mars/Olympus_Mons')).toBe(
      at('2026-01-15T12:00:00Z'),
    );
  });

  it.each(['25:00', '9:00', '2026-02-30T10:00', 'tomorrow', '2h'])('does not read %s as a time', (word) => {
    expect(isStartWord('at', word)).toBe(false);
  });

  it.each(['the', 'prod', '22:00'])('does not read %s as a delay', (word) => {
    expect(isStartWord('in', word)).toBe(false);
  });
});

describe('Start time: bounds', () => {
  const now = at('2026-06-30T00:00:00Z');

  it('refuses a start in the past', () => {
    const error = thrownBy(
      () => assertStartAccepted(now - 60_000, now, 7 * 86_400, 'at x'),
      StartNotAccepted,
    );

    expect(error.why).toBe('past');
  });

  it('refuses a start beyond the lead time, saying how far ahead one may be', () => {
    const error = thrownBy(
      () => assertStartAccepted(now + 8 * 86_400_000, now, 7 * 86_400, 'in 8d'),
      StartNotAccepted,
    );

    expect(error.why).toBe('too-far');
    expect(saidOf(error)).toContain('at most 7d');
  });

  it('accepts a start at the lead time exactly', () => {
    expect(() => assertStartAccepted(now + 7 * 86_400_000, now, 7 * 86_400, 'in 7d')).not.toThrow();
  });
});

describe('Command: a request with accounts and a start', () => {
  it('reads `at <time>` after the duration as the start', () => {
    expect(parseAccessCommand('prod-read 1h at 22:00 OPS-1 maintenance')).toEqual({
      kind: 'request',
      entitlementId: 'prod-read',
      duration: '1h',
      start: { kind: 'at', text: '22:00' },
      reason: 'OPS-1 maintenance',
    });
  });

  it('reads `in <duration>` after the duration as the start', () => {
    expect(parseAccessCommand('prod-read 1h in 30m checking')).toMatchObject({
      start: { kind: 'in', text: '30m' },
      reason: 'checking',
    });
  });

  it('keeps `at` and `in` in the reason when the next word is not a time or duration', () => {
    const parsed = parseAccessCommand('prod-read 1h in the logs at noon');

    expect(parsed).toEqual({
      kind: 'request',
      entitlementId: 'prod-read',
      duration: '1h',
      reason: 'in the logs at noon',
    });
  });

  it('reads the accounts named after @', () => {
    expect(parseAccessCommand('workloads-read@111111111111,billing 1h OPS-12 checking')).toEqual({
      kind: 'request',
      entitlementId: 'workloads-read',
      accounts: ['111111111111', 'billing'],
      duration: '1h',
      reason: 'OPS-12 checking',
    });
  });

  it('refuses an @ naming no account', () => {
    expect(parseAccessCommand('workloads-read@ 1h x')).toMatchObject({ kind: 'invalid' });
  });
});
