// The Lambda adapters' own checks: a worker job is validated on arrival, and a malformed Slack secret is
// reported without echoing what it holds.

import { describe, expect, it } from 'vitest';
import { parseJob } from '../../src/lambda/jobs.js';
import { parseSlackCredentials } from '../../src/lambda/runtime.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:latchkey-slack';

describe('parseJob', () => {
  it('accepts provision and revoke jobs', () => {
    expect(parseJob({ kind: 'provision', grantId: 'g1' })).toEqual({ kind: 'provision', grantId: 'g1' });
    expect(parseJob({ kind: 'revoke', grantId: 'g2', extra: 1 })).toEqual({ kind: 'revoke', grantId: 'g2' });
  });

  it.each([
    null,
    'revoke',
    { kind: 'delete', grantId: 'g' },
    { kind: 'revoke' },
    { kind: 'revoke', grantId: '' },
  ])('rejects %j', (event) => {
    expect(() => parseJob(event)).toThrow(/not a Latchkey worker job/);
  });
});

describe('parseSlackCredentials', () => {
  it('reads the two values', () => {
    const text = JSON.stringify({ botToken: 'xoxb-1', signingSecret: 's3cr3t' });
    expect(parseSlackCredentials(text, ARN)).toEqual({ botToken: 'xoxb-1', signingSecret: 's3cr3t' });
  });

  it('reads the PagerDuty token for on-call auto-approval when the secret has one', () => {
    const text = JSON.stringify({ botToken: 'xoxb-1', signingSecret: 's3cr3t', pagerdutyToken: 'u+pd' });
    expect(parseSlackCredentials(text, ARN)).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's3cr3t',
      pagerdutyToken: 'u+pd',
    });
  });

  it.each([
    undefined,
    JSON.stringify({ botToken: 'xoxb-1', signingSecret: 's3cr3t', pagerdutyToken: 42 }),
    'xoxb-not-json-but-a-token',
    JSON.stringify({ botToken: 'xoxb-only-the-token' }),
    JSON.stringify({ botToken: '', signingSecret: 'leaky-value' }),
  ])('names the secret and the fix, never its content: %s', (text) => {
    let message = '';
    try {
      parseSlackCredentials(text, ARN);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(ARN);
    expect(message).not.toMatch(/not-json|only-the-token|leaky-value/);
  });
});
