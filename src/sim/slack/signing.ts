// Slack's request signing, version v0: HMAC-SHA256 over `v0:<timestamp>:<raw body>` with the app's
// signing secret, sent as `X-Slack-Signature: v0=<hex>` beside `X-Slack-Request-Timestamp`.

import { createHmac } from 'node:crypto';

export function slackSignature(signingSecret: string, timestampSec: number, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex');
  return `v0=${digest}`;
}
