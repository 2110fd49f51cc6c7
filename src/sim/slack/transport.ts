// Delivery of signed requests to the bot's request URL, timed, as Slack makes them. Options let a test
// break the signature or age the timestamp on purpose, or mark a delivery as a retry.

import { slackSignature } from './signing.js';

export interface DeliveryOptions {
  /** `wrong` signs with another secret, `missing` leaves the signature header out. */
  signature?: 'valid' | 'wrong' | 'missing';
  /** Seconds to subtract from the request timestamp; Slack apps refuse anything older than five minutes. */
  ageSec?: number;
  retryNum?: number;
  retryReason?: 'http_timeout' | 'http_error' | 'too_many_requests' | 'ssl_error' | 'connection_failed';
  headers?: Record<string, string>;
}

/** Slack waits three seconds for an app's acknowledgement; a later answer counts as none. */
export const SLACK_ACK_DEADLINE_MS = 3_000;

export interface Delivery {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON when it is JSON; undefined otherwise (Bolt acks with an empty body). */
  json: unknown;
  /** Milliseconds from sending the request to reading the whole answer. */
  ms: number;
}

export class SignedTransport {
  constructor(
    private readonly signingSecret: string,
    private readonly botUrl: () => string | undefined,
  ) {}

  async deliver(body: string, contentType: string, options: DeliveryOptions = {}): Promise<Delivery> {
    const url = this.botUrl();
    if (!url) throw new Error('No bot URL: pass botUrl to startSlackSim or call setBotUrl first.');
    // Signatures use wall-clock time even when the workspace runs on a test clock: the bot checks them
    // against its own clock.
    const timestamp = Math.floor(Date.now() / 1000) - (options.ageSec ?? 0);
    const secret = options.signature === 'wrong' ? `${this.signingSecret}-not` : this.signingSecret;
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(timestamp),
      ...(options.signature === 'missing'
        ? {}
        : { 'x-slack-signature': slackSignature(secret, timestamp, body) }),
      ...(options.retryNum !== undefined
        ? {
            'x-slack-retry-num': String(options.retryNum),
            'x-slack-retry-reason': options.retryReason ?? 'http_timeout',
          }
        : {}),
      ...options.headers,
    };
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers, body });
    const text = await response.text();
    const ms = performance.now() - started;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: text,
      json,
      ms,
    };
  }

  deliverForm(fields: Record<string, string>, options?: DeliveryOptions): Promise<Delivery> {
    return this.deliver(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** Interactivity payloads travel as a form with one field, `payload`, holding JSON. */
  deliverPayload(payload: unknown, options?: DeliveryOptions): Promise<Delivery> {
    return this.deliverForm({ payload: JSON.stringify(payload) }, options);
  }

  deliverJson(body: unknown, options?: DeliveryOptions): Promise<Delivery> {
    return this.deliver(JSON.stringify(body), 'application/json', options);
  }
}
