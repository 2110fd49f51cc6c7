// The AWS around the three Latchkey functions, on loopback: the Identity Center simulator, dynalite, the
// Secrets Manager and Lambda stand-ins and the simulated Slack workspace, with the environment the stack
// gives each function (infra/stack.ts) plus the AWS_ENDPOINT_URL_* variables that lead the real SDK clients
// here. The config lives outside the task root, so LATCHKEY_CONFIG names it by its absolute path.

import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduledEvent } from 'aws-lambda';
import { ENV } from '../../../src/lambda/runtime.js';
import {
  type RunningSim,
  type StartOptions,
  startIdentityCenterSim,
} from '../../../src/sim/identity-center/index.js';
import { type RunningCloudTrailSim, startCloudTrailSim } from '../../../src/sim/cloudtrail/index.js';
import { SAMPLE_CONFIG, SAMPLE_ORG } from '../../../src/sim/sandbox.js';
import type { SlackSim } from '../../../src/sim/slack/index.js';
import { BOT_TOKEN, SIGNING_SECRET, startSim } from '../slack-sim.js';
import { startTestStore, type TestStore } from '../store.js';
import { ACCOUNT, functionArn, REGION } from './context.js';
import { type LambdaDouble, startLambdaService } from './lambda-service.js';
import { type SecretsManagerDouble, startSecretsManager } from './secrets-manager.js';

export const WORKER = 'latchkey-worker';
export const SLACK_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:latchkey-slack-Xy12Zq`;
/** The table startTestStore creates. */
export const TABLE = 'latchkey-test';

export interface LambdaStack {
  /** What every function sees in process.env. */
  env: Record<string, string>;
  slack: SlackSim;
  ic: RunningSim;
  /** CloudTrail Lake, for the sample config's activity digests. */
  ct: RunningCloudTrailSim;
  db: TestStore;
  secrets: SecretsManagerDouble;
  lambda: LambdaDouble;
  /** The folder that stands for /var/task. */
  taskRoot: string;
  close(): Promise<void>;
}

export interface LambdaStackOptions {
  identityCenter?: Omit<StartOptions, 'orgFile' | 'seed'>;
}

export async function startLambdaStack(options: LambdaStackOptions = {}): Promise<LambdaStack> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-lambda-'));
  const taskRoot = join(dir, 'task');
  await mkdir(taskRoot);
  const configFile = join(dir, 'config', 'latchkey.yml');
  await mkdir(join(dir, 'config'));
  await copyFile(SAMPLE_CONFIG, configFile);

  const ic = await startIdentityCenterSim({
    orgFile: SAMPLE_ORG,
    provisioningMs: 30,
    ...options.identityCenter,
  });
  const slack = await startSim();
  const ct = await startCloudTrailSim();
  const db = await startTestStore();
  const secrets = await startSecretsManager([
    {
      arn: SLACK_SECRET_ARN,
      secretString: JSON.stringify({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }),
    },
  ]);
  const lambda = await startLambdaService();

  const env: Record<string, string> = {
    [ENV.table]: TABLE,
    [ENV.slackSecretArn]: SLACK_SECRET_ARN,
    [ENV.workerFunction]: functionArn(WORKER),
    [ENV.config]: configFile,
    LAMBDA_TASK_ROOT: taskRoot,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'ASIALATCHKEYLAMBDA01',
    AWS_SECRET_ACCESS_KEY: 'lambda-role-secret',
    AWS_SESSION_TOKEN: 'lambda-role-session',
    AWS_ENDPOINT_URL_SSO_ADMIN: ic.url,
    AWS_ENDPOINT_URL_IDENTITYSTORE: ic.url,
    AWS_ENDPOINT_URL_STS: ic.url,
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: ct.url,
    SLACK_API_URL: slack.apiUrl,
    LATCHKEY_LOG_LEVEL: process.env.LATCHKEY_TEST_LOG ?? 'silent',
  };

  return {
    env,
    slack,
    ic,
    ct,
    db,
    secrets,
    lambda,
    taskRoot,
    close: async () => {
      await lambda.idle();
      await lambda.close();
      await secrets.close();
      await slack.close();
      await ic.close();
      await ct.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** EventBridge's event for a scheduled rule (what the sweeper receives every minute). */
export function scheduledEvent(ruleName = 'Latchkey-SweepSchedule'): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${ruleName}`],
    detail: {},
  };
}
