// Chooses the store from the environment: a DynamoDB table when LATCHKEY_TABLE is set (the SDK's own
// region, endpoint and credential settings apply, AWS_ENDPOINT_URL_DYNAMODB included), else the embedded one.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoGrantStore } from './dynamo-store.js';
import { ensureTable, localDynamoClient, startEmbeddedDynamo } from './embedded.js';

export const EMBEDDED_TABLE = 'latchkey';

export interface OpenedStore {
  store: DynamoGrantStore;
  /** Where it lives, for the start-up line. */
  description: string;
  close(): Promise<void>;
}

export async function openStore(options: {
  table?: string;
  dataDir: string;
  region?: string;
  /** How long finished grants and audit events are kept (`audit.retain`); for good when not given. */
  retainMs?: number;
}): Promise<OpenedStore> {
  const retention = options.retainMs !== undefined ? { retainMs: options.retainMs } : {};
  if (options.table) {
    const client = await tableClient(options.region);
    await createIfMissing(client, options.table);
    return {
      store: new DynamoGrantStore(client, options.table, retention),
      description: `DynamoDB table ${options.table}`,
      close: async () => client.destroy(),
    };
  }
  const embedded = await startEmbeddedDynamo(options.dataDir);
  const client = localDynamoClient(embedded.endpoint);
  await ensureTable(client, EMBEDDED_TABLE);
  return {
    store: new DynamoGrantStore(client, EMBEDDED_TABLE, retention),
    description: `embedded store in ${options.dataDir}`,
    close: async () => {
      client.destroy();
      await embedded.close();
    },
  };
}

/**
 * A table that does not exist yet (a fresh local DynamoDB, a first run) is created with the store's keys
 * and indexes. Where the credentials may not describe or create tables, the table is taken to exist, as
 * the AWS stack creates it: the first real call says otherwise soon enough.
 */
async function createIfMissing(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await ensureTable(client, table);
  } catch (error) {
    if ((error as { name?: string }).name !== 'AccessDeniedException') throw error;
  }
}

/**
 * A client for the table in the region the SDK's own settings name (AWS_REGION, the profile), as for every
 * other AWS setting; `fallback` (the Identity Center region) only when they name none.
 */
export async function tableClient(fallback?: string): Promise<DynamoDBClient> {
  const client = new DynamoDBClient({});
  try {
    await client.config.region();
    return client;
  } catch {
    client.destroy();
    return new DynamoDBClient(fallback ? { region: fallback } : {});
  }
}
