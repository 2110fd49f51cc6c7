// The Latchkey deployment: the grant table, the Slack credentials secret, three functions (the Slack
// handler behind a Function URL, the asynchronous worker, the sweeper run every minute, which sweeps at
// each due moment in between) and the alarms that say when revocation is not happening.

import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Config } from '../src/config/schema.js';
import { ENV, HANDLER_CALL_BOUND_MS } from '../src/lambda/runtime.js';
import { SWEEPER_CONCURRENCY, SWEEPER_TIMEOUT_MS } from '../src/lambda/sweep-window.js';
import type { LambdaName } from './bundle.js';
import { grantActivityQueries } from './constructs/cloudtrail.js';
import { DeadLetterDestination, deadLetterQueue, failureAlarms } from './constructs/failures.js';
import { LatchkeyFunction } from './constructs/functions.js';
import { grantIdentityCenterAccess, roleAccount } from './constructs/identity-center.js';
import { grantSecretValue, slackSecret } from './constructs/secret.js';
import { grantTable, grantTableAccess } from './constructs/table.js';

export interface LatchkeyStackProps extends StackProps {
  config: Config;
  /** Pre-built bundle folders, one per function (infra/bundle.ts). */
  bundleDirs: Record<LambdaName, string>;
  /** The account owning the identity store; defaults to the role's account, else this stack's. */
  identityStoreAccount?: string;
  alarmTopicArn?: string;
  /** The Slack Web API base when it is not slack.com (GovSlack, a proxy). */
  slackApiUrl?: string;
}

/** The worker retries a failed job twice (Lambda's maximum) before dead-lettering it. */
export const WORKER_RETRY_ATTEMPTS = 2;

/**
 * The Slack handler waits on two calls at most, each bounded (src/lambda/runtime.ts): the secret's read in
 * a cold start and the Invoke that queues the work. Its timeout outlasts both with room for the start-up.
 */
export const HANDLER_TIMEOUT = Duration.seconds(Math.ceil((2 * HANDLER_CALL_BOUND_MS + 2_000) / 1000));

export class LatchkeyStack extends Stack {
  readonly handler: LatchkeyFunction;
  readonly worker: LatchkeyFunction;
  readonly sweeper: LatchkeyFunction;

  constructor(scope: Construct, id: string, props: LatchkeyStackProps) {
    super(scope, id, props);
    const { config } = props;
    const table = grantTable(this);
    const secret = slackSecret(this);
    const deadLetters = deadLetterQueue(this);
    const identityStoreAccount =
      props.identityStoreAccount ??
      (config.identityCenter.roleArn ? roleAccount(config.identityCenter.roleArn) : undefined) ??
      Aws.ACCOUNT_ID;
    const environment = {
      [ENV.table]: table.tableName,
      [ENV.slackSecretArn]: secret.secretArn,
      // GovSlack or a proxy: the functions talk to this Web API base instead of slack.com.
      ...(props.slackApiUrl && { SLACK_API_URL: props.slackApiUrl }),
    };

    this.worker = new LatchkeyFunction(this, 'Worker', {
      description: 'Provisions and revokes one grant in Identity Center',
      bundleDir: props.bundleDirs.worker,
      environment,
      // Assignment changes are asynchronous in Identity Center; the worker waits for them to settle.
      timeout: Duration.minutes(5),
    });
    this.worker.fn.configureAsyncInvoke({
      retryAttempts: WORKER_RETRY_ATTEMPTS,
      maxEventAge: Duration.hours(1),
      onFailure: new DeadLetterDestination(deadLetters),
    });

    this.handler = new LatchkeyFunction(this, 'SlackHandler', {
      description: 'Answers Slack commands, interactions and events',
      bundleDir: props.bundleDirs.slack,
      environment: { ...environment, [ENV.workerFunction]: this.worker.fn.functionArn },
      // Slack wants an answer within three seconds: the handler acknowledges and queues everything else on
      // the worker, so it waits on nothing downstream (store, Slack, Identity Center).
      timeout: HANDLER_TIMEOUT,
    });
    this.handler.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'QueueWork',
        actions: ['lambda:InvokeFunction'],
        resources: [this.worker.fn.functionArn],
      }),
    );
    const url = this.handler.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    this.sweeper = new LatchkeyFunction(this, 'Sweeper', {
      description: 'Revokes expired grants and expires unanswered requests on time, run every minute',
      bundleDir: props.bundleDirs.sweeper,
      environment,
      // A run sweeps at each due moment until the next run has certainly begun (about two minutes at most,
      // src/lambda/sweep-window.ts), then finishes its last revocations.
      timeout: Duration.millis(SWEEPER_TIMEOUT_MS),
      // It mostly waits: a quarter of a gigabyte is plenty, and the waiting is what it costs.
      memorySize: 256,
      // Consecutive runs overlap while one hands over to the next; more than that would be runs piling up.
      reservedConcurrentExecutions: SWEEPER_CONCURRENCY,
    });
    this.sweeper.fn.configureAsyncInvoke({
      // The next run a minute later is the retry. A run held back by the concurrency limit is still
      // welcome a little later, so it is kept for two minutes before being dead-lettered.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(2),
      onFailure: new DeadLetterDestination(deadLetters),
    });
    new events.Rule(this, 'EveryMinute', {
      description: 'Runs the Latchkey sweeper',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [
        new targets.LambdaFunction(this.sweeper.fn, { deadLetterQueue: deadLetters, retryAttempts: 0 }),
      ],
    });

    // The handler reads the signing secret and queues work, nothing else: the store and Identity Center are
    // the worker's and the sweeper's.
    grantSecretValue(secret, this.handler.role);
    // The worker and the sweeper act on the store and Identity Center.
    const actors = [this.worker, this.sweeper];
    for (const fn of actors) {
      grantTableAccess({ table, fn: fn.fn });
      grantSecretValue(secret, fn.role);
      grantIdentityCenterAccess({ role: fn.role, config, identityStoreAccount });
    }
    // The digest after a grant ends (sweeper) and on demand (`/access activity`, queued by the Slack
    // handler on the worker).
    for (const fn of [this.sweeper, this.worker]) grantActivityQueries({ role: fn.role, config });

    failureAlarms(this, {
      handler: this.handler.fn,
      sweeper: this.sweeper.fn,
      deadLetters,
      alarmTopicArn: props.alarmTopicArn,
    });

    new CfnOutput(this, 'SlackRequestUrl', {
      value: url.url,
      description: 'Request URL for the Slack app manifest (slash commands, interactivity, events)',
    });
    new CfnOutput(this, 'SlackSecretArn', {
      value: secret.secretArn,
      description: 'Put {"botToken","signingSecret"} here with aws secretsmanager put-secret-value',
    });
    if (config.identityCenter.roleArn) {
      // The role in identityCenter.roleArn must trust exactly these.
      for (const fn of actors) {
        new CfnOutput(this, `${fn.node.id}RoleArn`, { value: fn.role.roleArn });
      }
    }
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: deadLetters.queueUrl });
  }
}
