// A fresh store on an in-memory (or on-disk) dynalite over real HTTP, for tests.

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoGrantStore } from '../../src/store/dynamo-store.js';
import { ensureTable, localDynamoClient, startEmbeddedDynamo } from '../../src/store/embedded.js';

export interface TestStore {
  store: DynamoGrantStore;
  endpoint: string;
  /** The SDK client and table under the store, for writing items as another version of it would. */
  client: DynamoDBClient;
  table: string;
  close(): Promise<void>;
}

export async function startTestStore(dataDir?: string): Promise<TestStore> {
  const dynamo = await startEmbeddedDynamo(dataDir);
  const client = localDynamoClient(dynamo.endpoint);
  await ensureTable(client, 'latchkey-test');
  return {
    store: new DynamoGrantStore(client, 'latchkey-test'),
    endpoint: dynamo.endpoint,
    client,
    table: 'latchkey-test',
    close: async () => {
      client.destroy();
      await dynamo.close();
    },
  };
}
