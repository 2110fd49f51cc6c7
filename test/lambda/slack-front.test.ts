// The Slack handler's front door on its own: what it answers and what it queues for the worker, decided
// from the signed request and the config alone. No store, no Slack, no Identity Center is reachable here,
// which is the point: the acknowledgement cannot wait on them.

import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { SlackJob } from '../../src/lambda/jobs.js';
import { createSlackFront, type SlackFront } from '../../src/lambda/slack-front.js';
import { Catalogue } from '../../src/service/catalogue.js';
import { SAMPLE_CONFIG } from '../../src/sim/sandbox.js';
import { slackSignature } from '../../src/sim/slack/signing.js';
import { REQUEST_VIEW, requestView } from '../../src/slack/modal.js';

const SECRET = 'front-door-signing-secret';
const NOW = Date.UTC(2026, 11, 1, 12);

let front: SlackFront;
let queued: SlackJob[];

beforeAll(async () => {
  const config = await loadConfig(SAMPLE_CONFIG);
  queued = [];
  front = createSlackFront({
    signingSecret: SECRET,
    settings: {
      catalogue: new Catalogue(config.entitlements),
      approveReaction: config.slack.approveReaction,
      denyReaction: config.slack.denyReaction,
    },
    enqueue: async (job) => {
      queued.push(job);
    },
    clock: { now: () => NOW },
    log: pino({ level: 'silent' }),
  });
});

interface Sent {
  form?: Record<string, string>;
  json?: unknown;
  signature?: 'valid' | 'wrong';
  ageSec?: number;
  headers?: Record<string, string>;
}

/** A request as the function URL hands it over: a form arrives base64-encoded, JSON as text. */
function urlEvent(sent: Sent): LambdaFunctionURLEvent {
  const body = sent.form ? new URLSearchParams(sent.form).toString() : JSON.stringify(sent.json);
  const timestamp = Math.floor(NOW / 1000) - (sent.ageSec ?? 0);
  const secret = sent.signature === 'wrong' ? 'another-secret' : SECRET;
  return {
    version: '2.0',
    rawPath: '/slack/events',
    headers: {
      'content-type': sent.form ? 'application/x-www-form-urlencoded' : 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(secret, timestamp, body),
      ...sent.headers,
    },
    body: sent.form ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: Boolean(sent.form),
  } as unknown as LambdaFunctionURLEvent;
}

const command = (text: string) => ({
  form: { command: '/access', text, user_id: 'U0ALICE', trigger_id: `trig-${text || 'form'}` },
});

async function send(sent: Sent) {
  const before = queued.length;
  const answer = await front(urlEvent(sent));
  return { answer, queued: queued.slice(before) };
}

describe('the Slack handler', () => {
  it('refuses a wrong signature and a stale timestamp with 401, and queues nothing', async () => {
    const forged = await send({ ...command('prod-read 1h x'), signature: 'wrong' });
    const replayed = await send({ ...command('prod-read 1h x'), ageSec: 6 * 60 });
    expect(forged).toEqual({ answer: { statusCode: 401, body: '' }, queued: [] });
    expect(replayed).toEqual({ answer: { statusCode: 401, body: '' }, queued: [] });
  });

  it('answers Slack’s URL check with its challenge', async () => {
    const { answer } = await send({ json: { type: 'url_verification', challenge: 'c-123', token: 't' } });
    expect(JSON.parse(String(answer.body))).toEqual({ challenge: 'c-123' });
  });

  it('answers help and a typo inside the acknowledgement, and queues nothing', async () => {
    const help = await send(command('help'));
    const typo = await send(command('revoke'));
    expect(JSON.parse(String(help.answer.body))).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.parse(String(typo.answer.body)).text).toContain('Give one grant id');
    expect([...help.queued, ...typo.queued]).toEqual([]);
  });

  it('acknowledges a request empty and queues it, the verified request and its trigger as the key', async () => {
    const { answer, queued: jobs } = await send(command('prod-read 1h checking logs'));
    expect(answer).toEqual({ statusCode: 200, body: '' });
    expect(jobs).toEqual([
      {
        kind: 'slack',
        key: 'trigger:trig-prod-read 1h checking logs',
        body: expect.objectContaining({ command: '/access', text: 'prod-read 1h checking logs' }),
      },
    ]);
  });

  it('queues an approving reaction under its event id, Slack’s retry included, and ignores other emoji', async () => {
    const reaction = (name: string) => ({
      type: 'event_callback',
      event_id: `Ev-${name}`,
      event: {
        type: 'reaction_added',
        user: 'U0BOB',
        reaction: name,
        item: { type: 'message', channel: 'C1', ts: '1.2' },
      },
    });
    const approve = await send({
      json: reaction('white_check_mark'),
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    const party = await send({ json: reaction('tada') });
    expect(approve.answer.statusCode).toBe(200);
    expect(approve.queued).toMatchObject([
      { kind: 'slack', key: 'event:Ev-white_check_mark', retryNum: 1, retryReason: 'http_timeout' },
    ]);
    expect(party).toEqual({ answer: { statusCode: 200, body: '' }, queued: [] });
  });

  it('answers the request form’s field errors inside the form, and queues only a valid submission', async () => {
    const config = await loadConfig(SAMPLE_CONFIG);
    const view = requestView(config.entitlements.slice(0, 2), 'C0GENERAL');
    const submission = (duration: string, reason: string) => ({
      form: {
        payload: JSON.stringify({
          type: 'view_submission',
          trigger_id: `trig-${duration}`,
          user: { id: 'U0ALICE' },
          view: {
            ...view,
            callback_id: REQUEST_VIEW,
            state: {
              values: {
                entitlement: { value: { selected_option: { value: config.entitlements[0]?.id } } },
                duration: { value: { value: duration } },
                reason: { value: { value: reason } },
              },
            },
          },
        }),
      },
    });
    const bad = await send(submission('99d', ''));
    const good = await send(submission('1h', 'checking logs'));
    expect(JSON.parse(String(bad.answer.body))).toMatchObject({
      response_action: 'errors',
      errors: { duration: expect.any(String), reason: expect.any(String) },
    });
    expect(bad.queued).toEqual([]);
    expect(good.answer).toEqual({ statusCode: 200, body: '' });
    expect(good.queued).toMatchObject([{ kind: 'slack', key: 'trigger:trig-1h' }]);
  });
});
