// Cold-start wiring of the worker and the sweeper: the config, the Slack credentials, the DynamoDB store,
// Identity Center and the application, built once per container (see runtime.ts).

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../config/load.js';
import { connectIdentityCenter } from '../runtime/identity-center.js';
import { createLogger } from '../runtime/logger.js';
import { connectOrganizations } from '../runtime/organizations.js';
import { connectPagerDuty } from '../runtime/pagerduty.js';
import { DynamoGrantStore } from '../store/dynamo-store.js';
import { createLambdaApp, type LambdaApp } from './app.js';
import { configPath, ENV, once, readSlackCredentials, required } from './runtime.js';

async function start(): Promise<LambdaApp> {
  const [config, slack] = await Promise.all([loadConfig(configPath()), readSlackCredentials()]);
  const store = new DynamoGrantStore(
    new DynamoDBClient({}),
    required(ENV.table),
    config.audit.retainSec !== undefined ? { retainMs: config.audit.retainSec * 1000 } : {},
  );
  const log = createLogger(process.env.LATCHKEY_LOG_LEVEL ?? 'info');
  const { identityCenter, clients } = connectIdentityCenter(config);
  const organizations = connectOrganizations(config, clients);
  // PAGERDUTY_TOKEN in the environment wins; the secret is where a deployment keeps it.
  const onCall = connectPagerDuty({
    token: process.env.PAGERDUTY_TOKEN || slack.pagerdutyToken,
    apiUrl: process.env.PAGERDUTY_API_URL || undefined,
  });
  // As for `latchkey serve`: the Web API base for GovSlack or a proxy, slack.com when unset.
  const slackApiUrl = process.env.SLACK_API_URL || undefined;
  return createLambdaApp({
    config,
    store,
    slack: { botToken: slack.botToken, signingSecret: slack.signingSecret },
    ...(onCall && { onCall }),
    identityCenter,
    organizations,
    log,
    ...(slackApiUrl && { slackApiUrl }),
  });
}

/** The worker's and the sweeper's application for this container, started on first use. */
export const lambdaApp: () => Promise<LambdaApp> = once(start);
