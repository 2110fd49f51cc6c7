// A Slack request as it reaches the function URL: verified against the signing secret (Slack's v0
// signature over the raw body, and a timestamp no older than five minutes, so a captured request cannot be
// replayed later) and parsed the way Bolt parses it: a slash command's form fields, an interaction's
// `payload` JSON, or an Events API envelope.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LambdaFunctionURLEvent } from 'aws-lambda';

/** Slack's limit on a request's age; older ones are refused as replays. */
export const MAX_AGE_SEC = 5 * 60;

export interface SlackRequest {
  body: Record<string, unknown>;
  rawBody: string;
  /** `x-slack-retry-num`: Slack delivers an event again when it had no answer in time. */
  retryNum?: number;
  retryReason?: string;
}

export type ReadOutcome = { ok: true; request: SlackRequest } | { ok: false; status: 400 | 401; why: string };

export function rawBodyOf(event: LambdaFunctionURLEvent): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function isSignedBySlack(
  signingSecret: string,
  headers: Record<string, string | undefined>,
  rawBody: string,
  nowMs: number,
): boolean {
  const timestamp = Number(headers['x-slack-request-timestamp']);
  const signature = headers['x-slack-signature'] ?? '';
  if (!Number.isInteger(timestamp) || Math.abs(nowMs / 1000 - timestamp) > MAX_AGE_SEC) return false;
  if (!signature.startsWith('v0=')) return false;
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseBody(rawBody: string, contentType: string): Record<string, unknown> | undefined {
  try {
    if (contentType.startsWith('application/json')) return JSON.parse(rawBody) as Record<string, unknown>;
    const form = new URLSearchParams(rawBody);
    const payload = form.get('payload');
    if (payload !== null) return JSON.parse(payload) as Record<string, unknown>;
    return Object.fromEntries(form);
  } catch {
    // A body that is not JSON or a form is refused with a 400 by the caller, which logs why.
    return undefined;
  }
}

export function readSlackRequest(
  event: LambdaFunctionURLEvent,
  signingSecret: string,
  nowMs: number,
): ReadOutcome {
  const rawBody = rawBodyOf(event);
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  if (!isSignedBySlack(signingSecret, headers, rawBody, nowMs))
    return { ok: false, status: 401, why: 'not signed by Slack' };
  const body = parseBody(rawBody, (headers['content-type'] ?? '').toLowerCase());
  if (!body || typeof body !== 'object') return { ok: false, status: 400, why: 'unreadable body' };
  const retryNum = Number(headers['x-slack-retry-num']);
  return {
    ok: true,
    request: {
      body,
      rawBody,
      ...(Number.isInteger(retryNum) && { retryNum }),
      ...(headers['x-slack-retry-reason'] && { retryReason: headers['x-slack-retry-reason'] }),
    },
  };
}
