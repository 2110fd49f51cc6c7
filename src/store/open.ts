// Chooses the store from the environment: a DynamoDB table when LATCHKEY_TABLE is set (the SDK's own
// endpoint and credential settings apply, AWS_ENDPOINT_URL_DYNAMODB included), else the embedded one.

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
}): Promise<OpenedStore> {
  if (options.table) {
    const client = new DynamoDBClient(options.region ? { region: options.region } : {});
    return {
      store: new DynamoGrantStore(client, options.table),
      description: `DynamoDB table ${options.table}`,
      close: async () => client.destroy(),
    };
  }
  const embedded = await startEmbeddedDynamo(options.dataDir);
  const client = localDynamoClient(embedded.endpoint);
  await ensureTable(client, EMBEDDED_TABLE);
  return {
    store: new DynamoGrantStore(client, EMBEDDED_TABLE),
    description: `embedded store in ${options.dataDir}`,
    close: async () => {
      client.destroy();
      await embedded.close();
    },
  };
}
