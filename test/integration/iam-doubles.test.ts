// The AWS doubles around the Lambda functions with IAM enforced, reached by the real SDK clients: dynalite
// behind its authorizing front, Secrets Manager and Lambda's Invoke. Each allows what the caller's policy
// allows and refuses the rest with the AccessDeniedException its service sends.

import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbAuthorization, Iam, type RunningProxy, startJsonProxy } from '../../src/sim/iam/index.js';
import { ACCOUNT, functionArn, REGION } from '../support/lambda/context.js';
import { type LambdaDouble, startLambdaService } from '../support/lambda/lambda-service.js';
import { type SecretsManagerDouble, startSecretsManager } from '../support/lambda/secrets-manager.js';
import { startTestStore, type TestStore } from '../support/store.js';

const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/latchkey-test`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:latchkey-slack-Xy12Zq`;
const credentials = { accessKeyId: 'ASIAREADER', secretAccessKey: 'secret', sessionToken: 'token' };

let db: TestStore;
let proxy: RunningProxy;
let secrets: SecretsManagerDouble;
let lambda: LambdaDouble;

beforeAll(async () => {
  const iam = new Iam();
  iam.bind('ASIAREADER', {
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/reader/test`,
    policies: [
      {
        Statement: [
          { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE_ARN },
          {
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: 'arn:aws:secretsmanager:*:*:secret:other-*',
          },
          { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: functionArn('allowed') },
        ],
      },
    ],
  });
  db = await startTestStore();
  proxy = await startJsonProxy({
    upstream: db.endpoint,
    iam,
    service: dynamoDbAuthorization,
    context: { region: REGION, accountId: ACCOUNT },
    contentType: 'application/x-amz-json-1.0',
    coral: true,
  });
  secrets = await startSecretsManager([{ arn: SECRET, secretString: '{}' }], { iam });
  lambda = await startLambdaService({ iam });
  lambda.deploy('allowed', async () => 'ran');
  lambda.deploy('forbidden', async () => 'ran');
});

afterAll(async () => {
  await lambda?.close();
  await secrets?.close();
  await proxy?.close();
  await db?.close();
});

describe('the doubles enforcing IAM', () => {
  it('DynamoDB: reads the item the policy allows, refuses a write and a table call', async () => {
    const client = new DynamoDBClient({ endpoint: proxy.url, region: REGION, credentials, maxAttempts: 1 });
    const key = { pk: { S: 'nothing' }, sk: { S: 'here' } };
    await expect(
      client.send(new GetItemCommand({ TableName: 'latchkey-test', Key: key })),
    ).resolves.toBeDefined();
    const denied = await client
      .send(new PutItemCommand({ TableName: 'latchkey-test', Item: key }))
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
      message: expect.stringContaining(`dynamodb:PutItem on resource: ${TABLE_ARN}`),
    });
    await expect(client.send(new DescribeTableCommand({ TableName: 'latchkey-test' }))).rejects.toMatchObject(
      {
        name: 'AccessDeniedException',
      },
    );
  });

  it('Secrets Manager: refuses a secret the policy does not name', async () => {
    const client = new SecretsManagerClient({
      endpoint: secrets.url,
      region: REGION,
      credentials,
      maxAttempts: 1,
    });
    await expect(client.send(new GetSecretValueCommand({ SecretId: SECRET }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(`secretsmanager:GetSecretValue on resource: ${SECRET}`),
    });
  });

  it('Lambda: invokes the function the policy names, and no other', async () => {
    const client = new LambdaClient({ endpoint: lambda.url, region: REGION, credentials, maxAttempts: 1 });
    const ok = await client.send(new InvokeCommand({ FunctionName: functionArn('allowed') }));
    expect(ok.StatusCode).toBe(200);
    await expect(client.send(new InvokeCommand({ FunctionName: 'forbidden' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining(`lambda:InvokeFunction on resource: ${functionArn('forbidden')}`),
    });
  });
});
