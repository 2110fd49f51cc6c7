// Structured JSON logs (pino). Secrets are redacted by path wherever they might appear.

import { type Logger, pino } from 'pino';

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
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { app: 'latchkey' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
