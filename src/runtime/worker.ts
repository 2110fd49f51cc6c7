// The grant service without the Slack listener: for `latchkey sweep`, `latchkey reconcile` and the Lambda
// functions, which act on the store and Identity Center and talk to Slack only to tell people.

import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { ServiceDeps } from '../service/deps.js';
import type { InProcessDispatcher } from '../service/in-process.js';
import { openStore } from '../store/open.js';
import { type Environment, EnvironmentError } from './environment.js';
import { connectIdentityCenter, type IdentityCenterParts } from './identity-center.js';
import { assembleService } from './service.js';

export interface Worker {
  config: Config;
  deps: ServiceDeps;
  dispatcher: InProcessDispatcher;
  aws: IdentityCenterParts;
  close(): Promise<void>;
}

export async function openWorker(env: Environment, log: Logger): Promise<Worker> {
  if (!env.slack) {
    throw new EnvironmentError([
      'No Slack credentials are set, which is sandbox mode: there `latchkey serve` sweeps and reconciles by itself. Set SLACK_BOT_TOKEN to run this against a real workspace.',
    ]);
  }
  const config = await loadConfig(env.configPath ?? './latchkey.yml');
  const opened = await openStore({
    table: env.table,
    dataDir: env.dataDir,
    region: config.identityCenter.region,
    ...(config.audit.retainSec !== undefined && { retainMs: config.audit.retainSec * 1000 }),
  });
  const aws = connectIdentityCenter(config);
  const slack = new WebClient(env.slack.botToken, env.slack.apiUrl ? { slackApiUrl: env.slack.apiUrl } : {});
  const { deps, inProcess, homes } = assembleService({
    config,
    store: opened.store,
    identityCenter: aws.identityCenter,
    slack,
    log,
  });
  return {
    config,
    deps,
    dispatcher: inProcess!,
    aws,
    close: async () => {
      await homes.close();
      await opened.close();
    },
  };
}
