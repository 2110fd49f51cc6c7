import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { README_CONFIG } from '../support/config.js';

describe('Config: schedule', () => {
  it('defaults to a warning 10 minutes before the end, reminders after 15 minutes, reconcile hourly', () => {
    expect(parseConfig(README_CONFIG).schedule).toEqual({
      expiryWarning: 600,
      reminderAfter: 900,
      reconcileEvery: 3600,
    });
  });

  it('takes durations as everywhere else', () => {
    const config = parseConfig(
      `${README_CONFIG}schedule:\n  expiryWarning: 5m\n  reminderAfter: 30m\n  reconcileEvery: 6h\n`,
    );

    expect(config.schedule).toEqual({ expiryWarning: 300, reminderAfter: 1800, reconcileEvery: 21_600 });
  });

  it('reports a bad one at its path', () => {
    const parse = () => parseConfig(`${README_CONFIG}schedule:\n  expiryWarning: soon\n`);

    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/schedule\.expiryWarning: "soon" is not a duration/);
  });
});
