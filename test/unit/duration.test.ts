import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/core/duration.js';

describe('Duration: parse', () => {
  it.each<[string, number]>([
    ['90s', 90],
    ['30m', 1800],
    ['2h', 7200],
    ['1d', 86_400],
    ['1h30m', 5400],
    ['1h 30m', 5400],
    ['1d2h3m4s', 93_784],
    ['2H', 7200],
    ['  45m  ', 2700],
    ['2 h', 7200],
    ['0h30m', 1800],
  ])('reads %j as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    '',
    '   ',
    '2',
    'h',
    '2x',
    '1.5h',
    '-2h',
    '+2h',
    '2h30',
    'two hours',
    '0m',
    '0s0m',
    '2h and 5m',
    '99999999999999999999d',
  ])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('does not carry state from one call to the next', () => {
    expect(parseDuration('2x')).toBeUndefined();
    expect(parseDuration('5m')).toBe(300);
    expect(parseDuration('1h1m')).toBe(3660);
    expect(parseDuration('5m')).toBe(300);
  });
});

describe('Duration: format', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [-5, '0s'],
    [45, '45s'],
    [60, '1m'],
    [90, '1m 30s'],
    [7200, '2h'],
    [5400, '1h 30m'],
    [86_400, '1d'],
    [93_784, '1d 2h 3m 4s'],
    [89.6, '1m 30s'],
  ])('writes %d seconds as %j', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('what it writes reads back as the same number of seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 * 86_400 }), (seconds) => {
        expect(parseDuration(formatDuration(seconds))).toBe(seconds);
      }),
    );
  });
});
