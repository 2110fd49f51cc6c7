// Cold-start wiring shared by the three Lambda entry points: the config shipped in the bundle, the Slack
// credentials from Secrets Manager, the DynamoDB store and the application. Each is built once per
// container and cached; a failed start-up is not cached, so the next invocation tries again.

import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsLambdaReceiver } from '@slack/bolt';
import { loadConfig } from '../config/load.js';
import { connectIdentityCenter } from '../runtime/identity-center.js';
import { createLogger } from '../runtime/logger.js';
import { connectOrganizations } from '../runtime/organizations.js';
import { connectPagerDuty } from '../runtime/pagerduty.js';
import { boltLogger } from '../slack/app.js';
import { DynamoGrantStore } from '../store/dynamo-store.js';
import { createLambdaApp, type LambdaApp, type SlackCredentials } from './app.js';
import type { WorkerJob } from './jobs.js';

/** The environment the stack gives every function (infra/constructs/functions.ts). */
export const ENV = {
  table: 'LATCHKEY_TABLE',
  slackSecretArn: 'LATCHKEY_SLACK_SECRET_ARN',
  config: 'LATCHKEY_CONFIG',
  workerFunction: 'LATCHKEY_WORKER_FUNCTION',
} as const;

/** The config file's name inside each bundle, next to index.mjs. */
export const BUNDLED_CONFIG = 'latchkey.yml';

function required(name: string): string {
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

async function readSlackCredentials(): Promise<SecretCredentials> {
  const secretArn = required(ENV.slackSecretArn);
  const client = new SecretsManagerClient({});
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    return parseSlackCredentials(out.SecretString, secretArn);
  } finally {
    client.destroy();
  }
}

/** The config next to the code, or LATCHKEY_CONFIG: relative to the task root, or an absolute path as is. */
function configPath(): string {
  return resolve(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env[ENV.config] ?? BUNDLED_CONFIG);
}

let lambdaClient: LambdaClient | undefined;

/** Queues a job on the worker: an asynchronous invoke, so Lambda's retries and dead-letter queue apply. */
async function enqueue(job: WorkerJob): Promise<void> {
  lambdaClient ??= new LambdaClient({});
  await lambdaClient.send(
    new InvokeCommand({
      FunctionName: required(ENV.workerFunction),
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(job)),
    }),
  );
}

async function start(): Promise<LambdaApp> {
  const [config, slack] = await Promise.all([loadConfig(configPath()), readSlackCredentials()]);
  const store = new DynamoGrantStore(
    new DynamoDBClient({}),
    required(ENV.table),
    config.audit.retainSec !== undefined ? { retainMs: config.audit.retainSec * 1000 } : {},
  );
  // Bolt's own messages (a bad signature, say) go through the same structured, redacted log.
  const log = createLogger(process.env.LATCHKEY_LOG_LEVEL ?? 'info');
  const receiver = new AwsLambdaReceiver({ signingSecret: slack.signingSecret, logger: boltLogger(log) });
  const { identityCenter, clients } = connectIdentityCenter(config);
  const organizations = connectOrganizations(config, clients);
  // As for `latchkey serve`: the Web API base for GovSlack or a proxy, slack.com when unset.
  const slackApiUrl = process.env.SLACK_API_URL || undefined;
  // PAGERDUTY_TOKEN in the environment wins; the secret is where a deployment keeps it.
  const onCall = connectPagerDuty({
    token: process.env.PAGERDUTY_TOKEN || slack.pagerdutyToken,
    apiUrl: process.env.PAGERDUTY_API_URL || undefined,
  });
  return createLambdaApp({
    config,
    store,
    slack: { botToken: slack.botToken, signingSecret: slack.signingSecret },
    ...(onCall && { onCall }),
    receiver,
    enqueue,
    identityCenter,
    organizations,
    log,
    ...(slackApiUrl && { slackApiUrl }),
  });
}

let app: Promise<LambdaApp> | undefined;

/** The application for this container, started on first use. */
export function lambdaApp(): Promise<LambdaApp> {
  if (!app) {
    app = start();
    app.catch(() => {
      app = undefined;
    });
  }
  return app;
}
