import { describe, expect, it } from 'vitest';
import { EnvironmentError, readEnvironment } from '../../src/runtime/environment.js';

describe('Environment', () => {
  it('no Slack credentials at all is sandbox mode', () => {
    const env = readEnvironment({});

    expect(env.mode).toBe('sandbox');
    expect(env.port).toBe(3000);
    expect(env.sandboxPort).toBe(3001);
    expect(env.dataDir).toBe('./.latchkey');
  });

  it('a bot token and a signing secret is HTTP mode on PORT', () => {
    const env = readEnvironment({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '8080' });

    expect(env.mode).toBe('slack');
    expect(env.slack).toEqual({ kind: 'http', botToken: 'xoxb-1', signingSecret: 's', apiUrl: undefined });
    expect(env.port).toBe(8080);
  });

  it('an app token is Socket Mode, and needs no signing secret', () => {
    const env = readEnvironment({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });

    expect(env.slack?.kind).toBe('socket');
  });

  it('a Web API base without its trailing slash gets one', () => {
    const env = readEnvironment({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: 'http://127.0.0.1:9000/api',
    });

    expect(env.slack?.apiUrl).toBe('http://127.0.0.1:9000/api/');
  });

  it.each([
    [{ SLACK_SIGNING_SECRET: 's' }, /SLACK_BOT_TOKEN is missing/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET is missing/],
    [{ LATCHKEY_TABLE: 'grants' }, /sandbox mode runs wholly on this machine/],
    [{ PORT: 'eighty' }, /PORT/],
    [{ LATCHKEY_CRASH_AT: 'somewhere' }, /LATCHKEY_CRASH_AT/],
  ])('half a setup is an error, never a silent simulation: %o', (vars, message) => {
    expect(() => readEnvironment(vars)).toThrow(EnvironmentError);
    expect(() => readEnvironment(vars)).toThrow(message);
  });
});
