// The Slack handler on Lambda. Lambda freezes a function once it has answered, so nothing may be left to
// run after the answer; and Slack wants the answer within three seconds. The handler therefore verifies the
// request, answers it with the acknowledgement alone (decided from the request and the config, see
// slack/acknowledgement.ts) and hands the listener's work, with the verified request, to the worker. It
// never waits on the store, Slack's Web API or Identity Center: only on one asynchronous Invoke.

import { createHash } from 'node:crypto';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import type { Logger } from 'pino';
import type { Clock } from '../core/ports.js';
import { type AckSettings, acknowledge } from '../slack/acknowledgement.js';
import type { SlackJob } from './jobs.js';
import { readSlackRequest } from './slack-request.js';

export interface SlackFrontDeps {
  signingSecret: string;
  settings: AckSettings;
  /** Queues the listener's work on the worker (an asynchronous invoke). */
  enqueue(job: SlackJob): Promise<void>;
  clock: Clock;
  log: Logger;
}

/** The function URL's answer: a status, and the acknowledgement's JSON when it has one. */
export interface SlackAnswer {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
}

export type SlackFront = (event: LambdaFunctionURLEvent) => Promise<SlackAnswer>;

/**
 * What makes a delivery the same delivery: Slack's event id, else the interaction's trigger id (unique
 * per command, click or submission), else the request itself.
 */
export function deliveryKey(body: Record<string, unknown>, rawBody: string): string {
  if (typeof body.event_id === 'string' && body.event_id) return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string' && body.trigger_id) return `trigger:${body.trigger_id}`;
  return `body:${createHash('sha256').update(rawBody).digest('hex')}`;
}

export function createSlackFront(deps: SlackFrontDeps): SlackFront {
  return async (event) => {
    const now = deps.clock.now();
    const read = readSlackRequest(event, deps.signingSecret, now);
    if (!read.ok) {
      deps.log.warn({ status: read.status, why: read.why }, 'refused a request to the Slack handler');
      return { statusCode: read.status, body: '' };
    }
    const { body, rawBody, retryNum, retryReason } = read.request;
    const ack = acknowledge(body, deps.settings, now);
    if (ack.work) {
      const job: SlackJob = {
        kind: 'slack',
        key: deliveryKey(body, rawBody),
        body,
        ...(retryNum !== undefined && { retryNum }),
        ...(retryReason !== undefined && { retryReason }),
      };
      // Not answered before it is queued: an answer Slack gets for work that is nowhere would be a lie.
      await deps.enqueue(job);
    }
    if (!ack.body) return { statusCode: 200, body: '' };
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ack.body),
    };
  };
}
