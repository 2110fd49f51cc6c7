// The whole system for end-to-end tests: the simulated Slack workspace sends signed requests to the real
// Bolt receiver, the grant service runs on dynalite over HTTP, and the real SDK clients reach the Identity
// Center simulator. Only the clock of the world is real.

import { type AwsClients, createAwsClients } from '../../src/aws/clients.js';
import { AwsIdentityCenter } from '../../src/aws/identity-center.js';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { Clock } from '../../src/core/ports.js';
import { PagerDutyOnCall } from '../../src/pagerduty/on-call.js';
import { cloudTrailSource } from '../../src/runtime/activity.js';
import { connectIdentityCenter, type IdentityCenterTuning } from '../../src/runtime/identity-center.js';
import { type LatchkeyParts, type RunningLatchkey, startLatchkey } from '../../src/runtime/latchkey.js';
import { createLogger } from '../../src/runtime/logger.js';
import { connectOrganizations } from '../../src/runtime/organizations.js';
import {
  type CloudTrailSimOptions,
  type RunningCloudTrailSim,
  startCloudTrailSim,
} from '../../src/sim/cloudtrail/index.js';
import { Iam } from '../../src/sim/iam/index.js';
import {
  type RunningSim,
  type StartOptions,
  startIdentityCenterSim,
} from '../../src/sim/identity-center/index.js';
import {
  type OrganizationsStartOptions,
  type RunningOrganizationsSim,
  startOrganizationsSim,
} from '../../src/sim/organizations/index.js';
import { type RunningPagerDutySim, startPagerDutySim } from '../../src/sim/pagerduty/index.js';
import { SAMPLE_CONFIG, SAMPLE_ORG } from '../../src/sim/sandbox.js';
import type { SlackSim } from '../../src/sim/slack/index.js';
import { TEST_CREDENTIALS } from './identity-center-sim.js';
import { BOT_TOKEN, SIGNING_SECRET, sandboxOrg, startSim } from './slack-sim.js';
import { startSocketModeBridge } from './socket-mode.js';
import { startTestStore, type TestStore } from './store.js';

export const APP_TOKEN = 'xapp-1-A0LATCHKEY-test';

export interface SystemOptions {
  /** Config text (YAML); the sandbox sample config by default. */
  config?: string;
  identityCenter?: Omit<StartOptions, 'orgFile' | 'seed'>;
  /** The Identity Center adapter's timing and the SDK's retries (the production defaults unless given). */
  identityCenterTuning?: IdentityCenterTuning;
  organizations?: Omit<OrganizationsStartOptions, 'orgFile'>;
  scheduler?: LatchkeyParts['scheduler'];
  checkpoint?: LatchkeyParts['checkpoint'];
  /** The server's scheduled reconcile; off unless a test asks for it. */
  reconcileEveryMs?: number;
  /** Slack's Socket Mode (an app-level token, requests down a WebSocket) instead of HTTP. */
  socketMode?: boolean;
  /** Where the logs go, at debug level (otherwise nowhere, unless LATCHKEY_TEST_LOG names a level). */
  logTo?: NodeJS.WritableStream;
  /** The PagerDuty token Latchkey is given (default: the one the simulator accepts). */
  pagerDutyToken?: string;
  /** The CloudTrail Lake simulator for activity digests (started when the config has `activity`). */
  cloudTrail?: CloudTrailSimOptions;
  clock?: Clock;
  /**
   * IAM enforced, for a config with `identityCenter.roleArn`: Latchkey's own credentials may only assume
   * that role, and the role holds `rolePolicy` (what `infra/role-policy.ts` prints for the config).
   */
  assumeRole?: { rolePolicy: unknown };
}

export const PAGERDUTY_TOKEN = 'u+pagerduty-sim-token';

export interface System {
  config: Config;
  /** With `assumeRole`: the IAM the simulator enforces. */
  iam?: Iam;
  slack: SlackSim;
  ic: RunningSim;
  /** The simulated PagerDuty, seeded from the sandbox organisation. */
  pagerduty: RunningPagerDutySim;
  /** AWS Organizations, for entitlements on an OU and accounts named by name. */
  orgs: RunningOrganizationsSim;
  db: TestStore;
  latchkey: RunningLatchkey;
  /** The CloudTrail Lake simulator, when the config has `activity`. */
  ct: RunningCloudTrailSim | undefined;
  /** Waits until the work started after Slack's acks (provisioning, revocation) is done. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startSystem(options: SystemOptions = {}): Promise<System> {
  const config = options.config ? parseConfig(options.config) : await loadConfig(SAMPLE_CONFIG);
  const iam = options.assumeRole ? new Iam() : undefined;
  const ic = await startIdentityCenterSim({
    orgFile: SAMPLE_ORG,
    provisioningMs: 30,
    ...options.identityCenter,
    ...(iam && { iam }),
  });
  const orgs = await startOrganizationsSim({
    orgFile: SAMPLE_ORG,
    ...options.organizations,
    ...(iam && { iam }),
  });
  const slack = await startSim();
  const pagerduty = await startPagerDutySim({ org: await sandboxOrg(), token: PAGERDUTY_TOKEN });
  const db = await startTestStore();
  const { roleArn } = config.identityCenter;
  let identityCenter: AwsIdentityCenter;
  let clients: AwsClients;
  if (iam && options.assumeRole) {
    if (!roleArn) throw new Error('assumeRole needs identityCenter.roleArn in the config');
    iam.defineRole(roleArn, [options.assumeRole.rolePolicy]);
    iam.bind(TEST_CREDENTIALS.accessKeyId, {
      arn: 'arn:aws:iam::111111111111:user/latchkey-host',
      policies: [{ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }] }],
    });
    // As `latchkey serve` connects with a roleArn: the host's credentials, then the assumed role.
    clients = createAwsClients({
      region: config.identityCenter.region,
      endpoint: ic.url,
      credentials: TEST_CREDENTIALS,
      roleArn,
      ...(options.identityCenterTuning?.retryStrategy && {
        retryStrategy: options.identityCenterTuning.retryStrategy,
      }),
    });
    identityCenter = new AwsIdentityCenter({
      ssoAdmin: clients.ssoAdmin,
      identityStore: clients.identityStore,
      instanceArn: config.identityCenter.instanceArn,
      identityStoreId: config.identityCenter.identityStoreId,
      userMatch: config.identityCenter.userMatch,
      ...options.identityCenterTuning?.adapter,
    });
  } else {
    ({ identityCenter, clients } = connectIdentityCenter(config, ic.url, options.identityCenterTuning));
  }
  const bridge = options.socketMode
    ? await startSocketModeBridge({ simApiUrl: slack.apiUrl, appToken: APP_TOKEN })
    : undefined;
  const ct = config.activity ? await startCloudTrailSim(options.cloudTrail) : undefined;
  const activitySource = ct && cloudTrailSource(config, { endpoint: ct.url, pollMs: 20 });
  const latchkey = await startLatchkey({
    config,
    store: db.store,
    identityCenter,
    organizations: connectOrganizations(config, clients, orgs.url),
    slack: bridge
      ? { kind: 'socket', botToken: BOT_TOKEN, appToken: APP_TOKEN, apiUrl: bridge.apiUrl }
      : { kind: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: slack.apiUrl },
    port: 0,
    log: options.logTo
      ? createLogger('debug', options.logTo)
      : createLogger(process.env.LATCHKEY_TEST_LOG ?? 'silent'),
    scheduler: { backstopMs: 500, ...options.scheduler },
    ...(options.checkpoint && { checkpoint: options.checkpoint }),
    reconcileEveryMs: options.reconcileEveryMs ?? 0,
    onCall: new PagerDutyOnCall({ token: options.pagerDutyToken ?? PAGERDUTY_TOKEN, apiUrl: pagerduty.url }),
    ...(activitySource && { activitySource }),
    ...(options.clock && { clock: options.clock }),
  });
  if (bridge) {
    await bridge.connected();
    slack.setBotUrl(bridge.deliveryUrl);
  } else {
    slack.setBotUrl(`http://127.0.0.1:${latchkey.port}/slack/events`);
  }
  return {
    config,
    ...(iam && { iam }),
    slack,
    ic,
    pagerduty,
    orgs,
    db,
    latchkey,
    ct,
    settle: () => latchkey.dispatcher.idle(),
    close: async () => {
      await latchkey.stop();
      await bridge?.close();
      await slack.close();
      await pagerduty.close();
      await ic.close();
      await ct?.close();
      await orgs.close();
      await db.close();
    },
  };
}
