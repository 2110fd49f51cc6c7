import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../../src/core/lifecycle.js';
import { ensureTable, localDynamoClient, startEmbeddedDynamo } from '../../src/store/embedded.js';
import { openStore, tableClient } from '../../src/store/open.js';
import { entitlement } from '../support/entitlements.js';

const VARIABLES = [
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_REGION',
  'AWS_CONFIG_FILE',
] as const;

describe('Store: a DynamoDB table named by LATCHKEY_TABLE', () => {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('is created with the store’s keys and indexes when it does not exist yet', async () => {
    const dynamo = await startEmbeddedDynamo(undefined);
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDTABLETEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'table-test';

    const opened = await openStore({
      table: 'fresh-grants',
      dataDir: '/nonexistent/never-created',
      region: 'eu-west-1',
    });
    const due = await opened.store.dueForRevocation(Date.now());
    await opened.close();
    await dynamo.close();

    expect(due).toEqual([]);
  });

  it('is reached through the SDK’s own settings (AWS_ENDPOINT_URL_DYNAMODB), with no embedded store started', async () => {
    // Prepare: a "real" table, created the way an operator (or the CDK stack) would
    const dynamo = await startEmbeddedDynamo(undefined);
    const admin = localDynamoClient(dynamo.endpoint);
    await ensureTable(admin, 'latchkey-grants');
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDTABLETEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'table-test';

    // Act
    const opened = await openStore({
      table: 'latchkey-grants',
      dataDir: '/nonexistent/never-created',
      region: 'eu-west-1',
    });
    const { grant } = request({
      id: 'g-tab1etst',
      entitlement: entitlement(),
      requester: 'U0DEV',
      durationSec: 3600,
      reason: 'reach the table',
      now: Date.now(),
    });
    await opened.store.create(grant);
    const read = await opened.store.get(grant.id);
    await opened.close();
    admin.destroy();
    await dynamo.close();

    // Assess
    expect(opened.description).toBe('DynamoDB table latchkey-grants');
    expect(read?.reason).toBe('reach the table');
  });

  it('is in the region the SDK’s settings name (AWS_REGION), not the Identity Center region', async () => {
    process.env.AWS_REGION = 'us-west-2';

    const client = await tableClient('eu-west-1');

    expect(await client.config.region()).toBe('us-west-2');
    client.destroy();
  });

  it('is in the Identity Center region when the SDK’s settings name none', async () => {
    delete process.env.AWS_REGION;
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';

    const client = await tableClient('eu-west-1');

    expect(await client.config.region()).toBe('eu-west-1');
    client.destroy();
  });
});
