// Structured JSON logs (pino). Secrets are redacted by path wherever they might appear, and the text of
// every message (Bolt's included, which prints whole Slack events) is cleared of Slack tokens, response
// URLs and payload bodies, at every level.

import { type Logger, pino } from 'pino';
import { redactSlackText } from '../slack/redact.js';

export const REDACTED_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'pagerdutyToken',
  '*.pagerdutyToken',
  '*.pagerduty.token',
  '*.headers.Authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.secretAccessKey',
  '*.sessionToken',
  'credentials',
  '*.credentials',
  'response_url',
  '*.response_url',
  '*.*.response_url',
  'trigger_id',
  '*.trigger_id',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { app: 'latchkey' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(this: Logger, args: Parameters<pino.LogFn>, method: pino.LogFn) {
        const clean = args.map((arg: unknown) => (typeof arg === 'string' ? redactSlackText(arg) : arg));
        method.apply(this, clean as Parameters<pino.LogFn>);
      },
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
