// When a request asks its access to begin: `at 22:00`, `at 2026-03-29T02:30`, `at 2026-03-29T01:00Z` or
// `in 2h`. Wall-clock times are read in the requester's IANA time zone through Intl, so a start across a
// daylight-saving change lands on the hour the person meant. Pure: the clock's reading comes in.

import { parseDuration } from './duration.js';
import { StartNotAccepted } from './errors.js';

/** A start as typed: a time (`at`) or a delay (`in`). */
export type StartSpec = { kind: 'at' | 'in'; text: string };

const HOUR_MINUTE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const INSTANT =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/i;

/** Whether `word` reads as a start after `at` (a time) or `in` (a duration). */
export function isStartWord(kind: StartSpec['kind'], word: string): boolean {
  if (kind === 'in') return parseDuration(word) !== undefined;
  return HOUR_MINUTE.test(word) || validLocal(word) !== undefined || instant(word) !== undefined;
}

/** A valid IANA zone, or UTC when Slack gave none or one this runtime does not know. */
export function usableTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    // Intl refuses a zone it does not know: UTC, as documented above; the person sees the time in UTC.
    return 'UTC';
  }
}

/** The epoch milliseconds a start spec names, for a person in `timeZone`, read at `now`. */
export function resolveStart(spec: StartSpec, now: number, timeZone: string): number {
  const zone = usableTimeZone(timeZone);
  if (spec.kind === 'in') {
    const seconds = parseDuration(spec.text);
    if (seconds !== undefined) return now + seconds * 1000;
  } else {
    const hm = HOUR_MINUTE.exec(spec.text);
    if (hm) return nextWallClock(Number(hm[1]), Number(hm[2]), now, zone);
    const local = validLocal(spec.text);
    if (local) return zonedToEpoch(local, zone);
    const at = instant(spec.text);
    if (at !== undefined) return at;
  }
  throw new StartNotAccepted(spec.text, { why: 'unreadable', kind: spec.kind });
}

/** Refuses a start in the past or further ahead than `maxLeadTimeSec`. */
export function assertStartAccepted(
  startAt: number,
  now: number,
  maxLeadTimeSec: number,
  given: string,
): void {
  if (startAt < now) {
    throw new StartNotAccepted(given, { why: 'past' });
  }
  if (startAt - now > maxLeadTimeSec * 1000) {
    throw new StartNotAccepted(given, { why: 'too-far', maxLeadTimeSec });
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function validLocal(text: string): WallClock | undefined {
  const m = LOCAL.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const wall = { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! };
  // 2026-02-30 is not a date: Date.UTC would quietly roll it over into March.
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  if (check.getUTCMonth() !== wall.month - 1 || check.getUTCDate() !== wall.day) return undefined;
  return wall;
}

function instant(text: string): number | undefined {
  if (!INSTANT.test(text)) return undefined;
  // Date.parse reads ISO 8601 with Z or ±hh:mm; spell a ±hhmm offset with its colon first.
  const normal = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = Date.parse(normal.toUpperCase());
  return Number.isNaN(at) ? undefined : at;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timeZone` at `ms`. */
export function wallClockAt(ms: number, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** How far the zone's wall clock is ahead of UTC at `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return asUtc(wallClockAt(whole, timeZone)) - whole;
}

/**
 * The instant a wall-clock time in `timeZone` names. A time the clocks skip (02:30 when they jump from 02:00
 * to 03:00) is read as the same distance past the jump (03:30); a time they pass twice, as the first.
 */
export function zonedToEpoch(wall: WallClock, timeZone: string): number {
  const naive = asUtc(wall);
  // The offsets a day either side cover any change near this time.
  const offsets = [offsetAt(naive - 86_400_000, timeZone), offsetAt(naive + 86_400_000, timeZone)];
  const valid = offsets.map((o) => naive - o).filter((t) => asUtc(wallClockAt(t, timeZone)) === naive);
  if (valid.length > 0) return Math.min(...valid);
  return naive - offsets[0]!;
}

/** The next moment after `now` when the clocks in `timeZone` show hour:minute (today or tomorrow). */
function nextWallClock(hour: number, minute: number, now: number, timeZone: string): number {
  const today = wallClockAt(now, timeZone);
  for (let days = 0; days <= 2; days++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
    const at = zonedToEpoch(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour,
        minute,
        second: 0,
      },
      timeZone,
    );
    if (at > now) return at;
  }
  // Unreachable: two days on, hour:minute is always ahead.
  return now;
}
