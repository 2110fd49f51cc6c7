// Cold-start wiring shared by the three Lambda entry points (the config shipped in the bundle, the Slack
// credentials from Secrets Manager, the worker's queue) and the Slack handler's own: only what its
// acknowledgement needs. The worker's and the sweeper's application is in worker-runtime.ts, so that the
// handler's bundle holds no store or Identity Center client. Each is built once per container and cached;
// a failed start-up is not cached, so the next invocation tries again.

import { resolve } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadConfig } from '../config/load.js';
import { systemClock } from '../core/ports.js';
import { createLogger } from '../runtime/logger.js';
import { Catalogue } from '../service/catalogue.js';
import type { SlackCredentials } from './app.js';
import type { WorkerJob } from './jobs.js';
import { createSlackFront, type SlackFront } from './slack-front.js';

/** The environment the stack gives every function (infra/constructs/functions.ts). */
export const ENV = {
  table: 'LATCHKEY_TABLE',
  slackSecretArn: 'LATCHKEY_SLACK_SECRET_ARN',
  config: 'LATCHKEY_CONFIG',
  workerFunction: 'LATCHKEY_WORKER_FUNCTION',
} as const;

/** The config file's name inside each bundle, next to index.mjs. */
export const BUNDLED_CONFIG = 'latchkey.yml';

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; the Latchkey stack sets it on every function`);
  return value;
}

/** The Slack secret's JSON may also carry the PagerDuty token, for on-call auto-approval. */
export type SecretCredentials = SlackCredentials & { pagerdutyToken?: string };

/** Parses the secret's JSON; the error never echoes the secret's text. */
export function parseSlackCredentials(text: string | undefined, secretArn: string): SecretCredentials {
  const hint = `put {"botToken": "xoxb-…", "signingSecret": "…"} into ${secretArn} (see docs/deploy.md)`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw new Error(`the Slack secret is not JSON: ${hint}`);
  }
  const { botToken, signingSecret, pagerdutyToken } = (parsed ?? {}) as Record<string, unknown>;
  if (
    typeof botToken !== 'string' ||
    botToken === '' ||
    typeof signingSecret !== 'string' ||
    !signingSecret
  ) {
    throw new Error(`the Slack secret lacks botToken or signingSecret: ${hint}`);
  }
  if (pagerdutyToken !== undefined && (typeof pagerdutyToken !== 'string' || pagerdutyToken === '')) {
    throw new Error(`the Slack secret's pagerdutyToken must be a non-empty string: ${hint}`);
  }
  return { botToken, signingSecret, ...(pagerdutyToken && { pagerdutyToken }) };
}

/**
 * What the Slack handler's calls may take at most: Slack gives up after 3 s, so each call is cut short
 * and tried at most twice. The handler's timeout (infra/stack.ts) is longer than a cold start's secret
 * read and one invoke, each at this bound.
 */
export const HANDLER_CALLS = { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 };
/** The longest one call of the handler can take, retries and their backoff included. */
export const HANDLER_CALL_BOUND_MS =
  HANDLER_CALLS.maxAttempts * (HANDLER_CALLS.connectionTimeoutMs + HANDLER_CALLS.requestTimeoutMs) + 1_000;

const handlerClientConfig = {
  maxAttempts: HANDLER_CALLS.maxAttempts,
  requestHandler: {
    connectionTimeout: HANDLER_CALLS.connectionTimeoutMs,
    requestTimeout: HANDLER_CALLS.requestTimeoutMs,
  },
};

export async function readSlackCredentials(bounded = false): Promise<SecretCredentials> {
  const secretArn = required(ENV.slackSecretArn);
  const client = new SecretsManagerClient(bounded ? handlerClientConfig : {});
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    return parseSlackCredentials(out.SecretString, secretArn);
  } finally {
    client.destroy();
  }
}

/** The config next to the code, or LATCHKEY_CONFIG: relative to the task root, or an absolute path as is. */
export function configPath(): string {
  return resolve(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env[ENV.config] ?? BUNDLED_CONFIG);
}

let lambdaClient: LambdaClient | undefined;

/** Queues a job on the worker: an asynchronous invoke, so Lambda's retries and dead-letter queue apply. */
export async function enqueue(job: WorkerJob): Promise<void> {
  lambdaClient ??= new LambdaClient(handlerClientConfig);
  await lambdaClient.send(
    new InvokeCommand({
      FunctionName: required(ENV.workerFunction),
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(job)),
    }),
  );
}

/** The handler's cold start: the config (for acknowledgements) and the signing secret, nothing else. */
async function startFront(): Promise<SlackFront> {
  const [config, slack] = await Promise.all([loadConfig(configPath()), readSlackCredentials(true)]);
  return createSlackFront({
    signingSecret: slack.signingSecret,
    settings: {
      catalogue: new Catalogue(config.entitlements),
      approveReaction: config.slack.approveReaction,
      denyReaction: config.slack.denyReaction,
    },
    enqueue,
    clock: systemClock,
    log: createLogger(process.env.LATCHKEY_LOG_LEVEL ?? 'info'),
  });
}

/** Starts on first use and keeps the result; a failed start is forgotten, so the next call tries again. */
export function once<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => {
    if (!started) {
      started = start();
      // The caller awaits `started` and sees the failure; this only forgets it, so the next call retries.
      started.catch(() => {
        started = undefined;
      });
    }
    return started;
  };
}

/** The Slack handler for this container, started on first use. */
export const slackFront: () => Promise<SlackFront> = once(startFront);
