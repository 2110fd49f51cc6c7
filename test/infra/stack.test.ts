// The synthesised stack: the table matches the store's definition, the functions, their wiring, the
// schedule, the failure handling and the Slack secret.

import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { NODE_ESM } from '../../infra/bundle.js';
import packageJson from '../../package.json' with { type: 'json' };
import { ENV, HANDLER_CALL_BOUND_MS } from '../../src/lambda/runtime.js';
import { FINISH_RESERVE_MS, SWEEP_EVERY_MS, watchUntil } from '../../src/lambda/sweep-window.js';
import { TTL_ATTRIBUTE, tableDefinition } from '../../src/store/table.js';
import { asList, functionOf, standInBundles, statementsOf, synth } from './synth.js';

let template: Template;

beforeAll(async () => {
  ({ template } = await synth('latchkey.yml', await standInBundles()));
}, 120_000);

const onlyResource = (type: string) => {
  const found = Object.entries(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as [string, { Properties: Record<string, unknown> } & Record<string, unknown>];
};
const logicalIdOf = (type: string, prefix: string) => {
  const id = Object.keys(template.findResources(type)).find((key) => key.startsWith(prefix));
  if (!id) throw new Error(`no ${type} named ${prefix}…`);
  return id;
};
const functionId = (name: 'SlackHandler' | 'Worker' | 'Sweeper') =>
  logicalIdOf('AWS::Lambda::Function', `${name}Function`);

describe('the grant table', () => {
  const definition = tableDefinition('any');

  it('has exactly the keys and indexes of the store’s tableDefinition()', () => {
    const [, table] = onlyResource('AWS::DynamoDB::Table');
    const props = table.Properties;
    expect(props.KeySchema).toEqual(definition.KeySchema);
    const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
      String(a.AttributeName).localeCompare(String(b.AttributeName));
    expect([...(props.AttributeDefinitions as { AttributeName: string }[])].sort(byName)).toEqual(
      [...(definition.AttributeDefinitions ?? [])].sort(byName),
    );
    expect(props.GlobalSecondaryIndexes).toEqual(
      definition.GlobalSecondaryIndexes?.map(({ IndexName, KeySchema, Projection }) => ({
        IndexName,
        KeySchema,
        Projection,
      })),
    );
  });

  it('is on-demand, recoverable, protected from deletion and archives by TTL', () => {
    const [, table] = onlyResource('AWS::DynamoDB::Table');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
    expect(table.DeletionPolicy).toBe('Retain');
  });
});

describe('the functions', () => {
  it('run the Node major that engines admits first, the bundles target and the tests run on', () => {
    const runtimes = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (fn) => fn.Properties.Runtime as string,
    );
    const major = (text: string | undefined) => /(\d+)/.exec(text ?? '')?.[1];
    const lambda = major(runtimes[0]);

    expect(new Set(runtimes.map(major))).toEqual(new Set([lambda]));
    expect(major(packageJson.engines.node)).toBe(lambda);
    expect(major(String(NODE_ESM.target))).toBe(lambda);
    expect(major(packageJson.devDependencies.node)).toBe(lambda);
    expect(major(process.versions.node)).toBe(lambda);
  });

  it('run Node.js 24 on arm64, each with its own role and a log group with a retention', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(3);
    const roles = new Set(functions.map((fn) => JSON.stringify(fn.Properties.Role)));
    expect(roles.size).toBe(3);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
      });
    }
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(logGroups).toHaveLength(3);
    for (const group of logGroups) expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('puts the Slack handler behind a Function URL without IAM auth (Bolt checks Slack’s signature)', () => {
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [functionId('SlackHandler'), 'Arn'] },
    });
    template.hasOutput('SlackRequestUrl', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SlackHandlerFunctionFunctionUrl'), 'FunctionUrl'] },
    });
  });

  it('lets the Slack handler invoke the worker and nothing else', () => {
    const invokes = statementsOf(template).filter(({ statement }) =>
      asList(statement.Action).some((action) => action.startsWith('lambda:')),
    );
    expect(invokes.map(({ holder }) => functionOf(holder))).toEqual(['SlackHandler']);
    expect(invokes[0]?.statement).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Resource: { 'Fn::GetAtt': [functionId('Worker'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [ENV.workerFunction]: { 'Fn::GetAtt': [functionId('Worker'), 'Arn'] },
        }),
      },
    });
  });
});

describe('the Slack handler', () => {
  const handler = () => template.findResources('AWS::Lambda::Function')[functionId('SlackHandler')];

  it('outlasts everything it waits for: a cold start’s secret read and one Invoke, each at its bound', () => {
    const timeoutSec = handler()?.Properties.Timeout as number;
    expect(timeoutSec * 1000).toBeGreaterThan(2 * HANDLER_CALL_BOUND_MS);
  });

  it('may read the Slack secret and invoke the worker, and touches neither the table nor Identity Center', () => {
    const actions = statementsOf(template)
      .filter(({ holder }) => functionOf(holder) === 'SlackHandler')
      .flatMap(({ statement }) => asList(statement.Action));
    expect(actions.filter((a) => !a.startsWith('logs:')).sort()).toEqual([
      'lambda:InvokeFunction',
      'secretsmanager:GetSecretValue',
    ]);
  });

  it('has an alarm on its errors', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId('SlackHandler') } }],
      Threshold: 1,
      EvaluationPeriods: 1,
    });
  });
});

describe('the asynchronous work', () => {
  const deadLetterArn = () => ({ 'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'FailedWork'), 'Arn'] });

  it('retries a failed worker job, then sends it to the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId('Worker') },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: deadLetterArn() } },
    });
  });

  it('runs the sweeper every minute, for long enough to watch until the next run and finish, dead-lettering a failed run', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [functionId('Sweeper'), 'Arn'] },
          DeadLetterConfig: { Arn: deadLetterArn() },
        }),
      ],
    });
    const sweeper = template.findResources('AWS::Lambda::Function')[functionId('Sweeper')]?.Properties;
    expect(sweeper).toMatchObject({ Description: expect.stringMatching(/every minute/) });
    // A run that starts at the very beginning of its minute watches the longest; its timeout still leaves
    // the reserve for its last pass.
    const longest = watchUntil(0, Number.POSITIVE_INFINITY);
    expect(sweeper?.Timeout * 1000).toBeGreaterThanOrEqual(longest + FINISH_RESERVE_MS);
    // The run of the next minute starts while this one watches, and a third may start during the handover.
    expect(longest).toBeGreaterThan(2 * SWEEP_EVERY_MS);
    expect(sweeper?.ReservedConcurrentExecutions).toBe(3);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId('Sweeper') },
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: deadLetterArn() } },
    });
  });

  it('alarms on failing sweeps and on anything in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId('Sweeper') } }],
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', 'FailedWork'), 'QueueName'] },
        },
      ],
      Threshold: 1,
    });
  });
});

describe('the Slack credentials', () => {
  const secretRef = () => ({ Ref: logicalIdOf('AWS::SecretsManager::Secret', 'SlackCredentials') });

  it('reach the functions as the secret’s ARN only, next to the table name', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    for (const fn of functions) {
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(variables[ENV.slackSecretArn]).toEqual(secretRef());
      expect(variables[ENV.table]).toEqual({ Ref: logicalIdOf('AWS::DynamoDB::Table', 'Grants') });
      expect(Object.keys(variables).some((key) => /TOKEN|SIGNING/i.test(key))).toBe(false);
    }
  });

  it('never appear in the template', () => {
    const [, secret] = onlyResource('AWS::SecretsManager::Secret');
    expect(secret.Properties).not.toHaveProperty('SecretString');
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/xox[abpr]-|signingSecret"\s*:\s*"[^"]/);
  });

  it('may be read by each function from that one secret only', () => {
    const reads = statementsOf(template).filter(({ statement }) =>
      asList(statement.Action).some((action) => action.startsWith('secretsmanager:')),
    );
    expect(reads.map(({ holder }) => functionOf(holder)).sort()).toEqual([
      'SlackHandler',
      'Sweeper',
      'Worker',
    ]);
    for (const { statement } of reads) {
      expect(statement.Resource).toEqual(secretRef());
      expect(asList(statement.Action)).toEqual(['secretsmanager:GetSecretValue']);
    }
  });
});
