import { PassThrough } from 'node:stream';
import { AwsLambdaReceiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/logger.js';
import { boltLogger } from '../../src/slack/app.js';
import { eventually } from '../support/eventually.js';
import { APPROVALS, APPROVE, GENERAL, PROD_READ } from '../support/slack-flows.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-sim.js';
import { startSystem } from '../support/system.js';

function capture() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  return { stream, lines };
}

describe('Logs', () => {
  it('are JSON lines, and secrets given to a log call come out redacted', () => {
    const { stream, lines } = capture();
    const log = createLogger('info', stream);

    log.info(
      {
        token: 'xoxb-secret-1',
        slack: { botToken: 'xoxb-secret-2', signingSecret: 'shh' },
        aws: { secretAccessKey: 'abc' },
      },
      'wired',
    );

    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(JSON.parse(line)).toMatchObject({ msg: 'wired', token: '[redacted]' });
    for (const secret of ['xoxb-secret-1', 'xoxb-secret-2', 'shh', 'abc']) expect(line).not.toContain(secret);
  });

  it('of a whole grant, at debug level, carry the grant id and never the bot token or the signing secret', async () => {
    const { stream, lines } = capture();
    const system = await startSystem({ logTo: stream });
    try {
      await system.slack.sender.runSlashCommand('U0ALICE', GENERAL, 'prod-read 1h looking at the logs');
      const request = await eventually(() => system.slack.workspace.history(APPROVALS).at(-1));
      await system.slack.sender.clickButton('U0BOB', APPROVALS, request.ts, APPROVE);
      await eventually(() => system.ic.sim.holds('alice@example.com', PROD_READ));
      await system.settle();
    } finally {
      await system.close();
    }

    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(20);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
    for (const msg of ['request created', 'decision recorded', 'grant active']) {
      const line = lines.find((l) => l.includes(`"msg":"${msg}"`));
      expect(JSON.parse(line ?? '{}').grantId).toMatch(/^g-/);
    }
  });

  it('of the Lambda receiver at debug level never carry the Slack event: no token, response_url or body', async () => {
    const { stream, lines } = capture();
    const log = createLogger('debug', stream);
    const receiver = new AwsLambdaReceiver({ signingSecret: SIGNING_SECRET, logger: boltLogger(log) });
    const responseUrl = 'https://hooks.slack.com/commands/T0LATCHKEY/1234567890/AbCdEfGhIjKlMnOpQrStUvWx';
    const form = new URLSearchParams({
      token: 'verification-token-secret',
      command: '/access',
      text: 'prod-read 1h reading the logs',
      user_id: 'U0ALICE',
      response_url: responseUrl,
      trigger_id: '1234.5678.trigger-secret',
    }).toString();
    const event = (body: string, isBase64Encoded: boolean) => ({
      body,
      isBase64Encoded,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Slack-Signature': 'v0=signature-secret',
        'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)),
        Authorization: `Bearer ${BOT_TOKEN}`,
      },
    });
    const handler = receiver.toHandler();

    for (const e of [event(form, false), event(Buffer.from(form).toString('base64'), true)]) {
      await handler(e as never, {}).catch(() => undefined);
    }

    const all = lines.join('\n');
    expect(all).toContain('AWS event');
    for (const secret of [
      'verification-token-secret',
      'hooks.slack.com',
      'hooks.slack.com'.replace(/\./g, '%2E'),
      'AbCdEfGhIjKlMnOpQrStUvWx',
      'trigger-secret',
      'signature-secret',
      BOT_TOKEN,
      Buffer.from(form).toString('base64').slice(0, 40),
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
