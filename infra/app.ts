// CDK entry point: reads latchkey.yml (LATCHKEY_CONFIG), bundles the Lambdas with that config inside them
// and defines the one stack. Run through infra/cdk.json by the pinned CLI: `npm run deploy` (docs/deploy.md).

import { resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from '../src/config/load.js';
import { bundleDirs, bundleLambdas, DEFAULT_BUNDLE_DIR } from './bundle.js';
import { LatchkeyStack } from './stack.js';

const configFile = resolve(process.env.LATCHKEY_CONFIG ?? './latchkey.yml');
const config = await loadConfig(configFile);
const bundles = await bundleLambdas(DEFAULT_BUNDLE_DIR, { configFile });
const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
new LatchkeyStack(app, process.env.LATCHKEY_STACK_NAME ?? 'Latchkey', {
  config,
  bundleDirs: bundleDirs(bundles),
  identityStoreAccount: process.env.LATCHKEY_IDENTITY_STORE_ACCOUNT,
  alarmTopicArn: process.env.LATCHKEY_ALARM_TOPIC_ARN,
  slackApiUrl: process.env.SLACK_API_URL,
});
