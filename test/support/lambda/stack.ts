// The AWS around the three Latchkey functions, on loopback: the Identity Center simulator, dynalite, the
// Secrets Manager and Lambda stand-ins and the simulated Slack workspace, with the environment the stack
// gives each function (infra/stack.ts) plus the AWS_ENDPOINT_URL_* variables that lead the real SDK clients
// here. The config lives outside the task root, so LATCHKEY_CONFIG names it by its absolute path.

import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduledEvent } from 'aws-lambda';
import { loadConfig } from '../../../src/config/load.js';
import { ENV } from '../../../src/lambda/runtime.js';
import { type RunningCloudTrailSim, startCloudTrailSim } from '../../../src/sim/cloudtrail/index.js';
import { dynamoDbAuthorization, Iam, type RunningProxy, startJsonProxy } from '../../../src/sim/iam/index.js';
import {
  type RunningSim,
  type StartOptions,
  startIdentityCenterSim,
} from '../../../src/sim/identity-center/index.js';
import { SAMPLE_CONFIG, SAMPLE_ORG } from '../../../src/sim/sandbox.js';
import type { SlackSim } from '../../../src/sim/slack/index.js';
import { BOT_TOKEN, SIGNING_SECRET, startSim } from '../slack-sim.js';
import { startTestStore, type TestStore } from '../store.js';
import { ACCOUNT, functionArn, REGION } from './context.js';
import { type LambdaDouble, startLambdaService } from './lambda-service.js';
import { type LatencyProxy, startLatencyProxy, through } from './latency-proxy.js';
import { FUNCTION_ROLES, type FunctionRole, type RolePolicies, rolePoliciesFor } from './role-policies.js';
import { type SecretsManagerDouble, startSecretsManager } from './secrets-manager.js';
import { cachedRoles } from './synthesized-roles.js';

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
  /** IAM as the doubles enforce it; undefined when the stack runs with `iam: false`. */
  iam?: Iam;
  /** Each function's own role credentials (AWS_ACCESS_KEY_ID…), empty when IAM is off. */
  credentials: Record<FunctionRole, Record<string, string>>;
  /**
   * What each function's container sets over `env`: its credentials and, with `latencyMs`, the endpoints
   * of the proxies that slow its own calls.
   */
  containers: Record<FunctionRole, Record<string, string>>;
  close(): Promise<void>;
}

export type Roles = RolePolicies['roles'];

/** A call a function makes downstream: `operation` is the AWS action or the Slack Web API method. */
export interface HeldCall {
  fn: FunctionRole;
  service: 'dynamodb' | 'slack' | 'identityCenter';
  operation: string;
}

export interface LambdaStackOptions {
  identityCenter?: Omit<StartOptions, 'orgFile' | 'seed'>;
  /**
   * Held on every call the functions make to DynamoDB, Slack's Web API and Identity Center (a proxy in
   * front of each, per function); the tests' own look at them stays direct.
   */
  latencyMs?: number;
  /** Which of those calls are held (all by default): by the function making it, the service, the operation. */
  holds?: (call: HeldCall) => boolean;
  /**
   * By default every double enforces IAM and each function signs with its own role, holding the policies
   * the synthesized stack gives that role. `edit` changes those policies first (to prove a test fails
   * without an action); `false` turns IAM off.
   */
  iam?: false | { edit?(roles: Roles): void };
}

/** The account that owns the simulated identity store (examples/sandbox/org.yml). */
const IDENTITY_STORE_ACCOUNT = '111111111111';
/** The key the test itself signs with: an administrator of the loopback account. */
const OPERATOR_KEY = 'ASIALATCHKEYLAMBDA01';

const synthesized = new Map<string, Promise<Roles>>();

/** The roles of the stack synthesized for `configFile`, once for all test files while the sources stay. */
function rolesFor(configFile: string): Promise<Roles> {
  let roles = synthesized.get(configFile);
  if (!roles) {
    const names = { table: TABLE, secretArn: SLACK_SECRET_ARN, workerName: WORKER };
    const options = { identityStoreAccount: IDENTITY_STORE_ACCOUNT };
    roles = cachedRoles(configFile, { names, options }, async () => {
      const found = await rolePoliciesFor(await loadConfig(configFile), names, options);
      return found.roles;
    });
    synthesized.set(configFile, roles);
  }
  return roles;
}

async function enforcedIam(edit?: (roles: Roles) => void) {
  const roles = structuredClone(await rolesFor(SAMPLE_CONFIG));
  edit?.(roles);
  const iam = new Iam();
  iam.bind(OPERATOR_KEY, {
    arn: `arn:aws:iam::${ACCOUNT}:role/operator`,
    policies: [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
  });
  const credentials = {} as Record<FunctionRole, Record<string, string>>;
  for (const fn of FUNCTION_ROLES) {
    const key = `ASIA${fn.toUpperCase()}ROLE0001`.slice(0, 20);
    const { roleName, policies } = roles[fn];
    iam.bind(key, { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${fn}`, policies });
    credentials[fn] = {
      AWS_ACCESS_KEY_ID: key,
      AWS_SECRET_ACCESS_KEY: `${fn}-role-secret`,
      AWS_SESSION_TOKEN: `${fn}-role-session`,
    };
  }
  return { iam, credentials };
}

export async function startLambdaStack(options: LambdaStackOptions = {}): Promise<LambdaStack> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-lambda-'));
  const taskRoot = join(dir, 'task');
  await mkdir(taskRoot);
  const configFile = join(dir, 'config', 'latchkey.yml');
  await mkdir(join(dir, 'config'));
  await copyFile(SAMPLE_CONFIG, configFile);

  const enforced = options.iam === false ? undefined : await enforcedIam(options.iam?.edit);
  const iam = enforced?.iam;
  const ic = await startIdentityCenterSim({
    orgFile: SAMPLE_ORG,
    provisioningMs: 30,
    ...options.identityCenter,
    ...(iam && { iam }),
  });
  const slack = await startSim();
  const ct = await startCloudTrailSim();
  const db = await startTestStore();
  // dynalite knows nothing of IAM: the functions reach it through a front that authorizes each call.
  const dynamo: RunningProxy | undefined = iam
    ? await startJsonProxy({
        upstream: db.endpoint,
        iam,
        service: dynamoDbAuthorization,
        context: { region: REGION, accountId: ACCOUNT },
        contentType: 'application/x-amz-json-1.0',
        coral: true,
      })
    : undefined;
  const secrets = await startSecretsManager(
    [
      {
        arn: SLACK_SECRET_ARN,
        secretString: JSON.stringify({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }),
      },
    ],
    { ...(iam && { iam }) },
  );
  const lambda = await startLambdaService({ ...(iam && { iam }) });
  const proxies: LatencyProxy[] = [];
  const dynamoUrl = dynamo?.url ?? db.endpoint;
  const credentials = enforced?.credentials ?? { SlackHandler: {}, Worker: {}, Sweeper: {} };
  // Each function reaches the services through proxies of its own, so a test can slow one function's calls
  // (the Slack handler's, whose answers have a bound) and not another's.
  const containers = {} as Record<FunctionRole, Record<string, string>>;
  for (const fn of FUNCTION_ROLES) {
    containers[fn] = { ...credentials[fn] };
    const { latencyMs } = options;
    if (!latencyMs) continue;
    const slowed = async (service: HeldCall['service'], url: string) => {
      const holds = (operation: string) => options.holds?.({ fn, service, operation }) ?? true;
      const proxy = await startLatencyProxy(url, latencyMs, holds);
      proxies.push(proxy);
      return through(proxy, url);
    };
    const icUrl = await slowed('identityCenter', ic.url);
    Object.assign(containers[fn], {
      AWS_ENDPOINT_URL_DYNAMODB: await slowed('dynamodb', dynamoUrl),
      SLACK_API_URL: await slowed('slack', slack.apiUrl),
      AWS_ENDPOINT_URL_SSO_ADMIN: icUrl,
      AWS_ENDPOINT_URL_IDENTITYSTORE: icUrl,
      AWS_ENDPOINT_URL_STS: icUrl,
    });
  }
  const slackApiUrl = slack.apiUrl;
  const icUrl = ic.url;

  const env: Record<string, string> = {
    [ENV.table]: TABLE,
    [ENV.slackSecretArn]: SLACK_SECRET_ARN,
    [ENV.workerFunction]: functionArn(WORKER),
    [ENV.config]: configFile,
    LAMBDA_TASK_ROOT: taskRoot,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: OPERATOR_KEY,
    AWS_SECRET_ACCESS_KEY: 'lambda-role-secret',
    AWS_SESSION_TOKEN: 'lambda-role-session',
    AWS_ENDPOINT_URL_SSO_ADMIN: icUrl,
    AWS_ENDPOINT_URL_IDENTITYSTORE: icUrl,
    AWS_ENDPOINT_URL_STS: icUrl,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: ct.url,
    SLACK_API_URL: slackApiUrl,
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
    ...(iam && { iam }),
    credentials,
    containers,
    close: async () => {
      await lambda.idle();
      await lambda.close();
      for (const proxy of proxies) await proxy.close();
      await dynamo?.close();
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
