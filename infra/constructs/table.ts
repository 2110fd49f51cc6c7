// The grant table, built from the store's own `tableDefinition()` so that the deployed keys and indexes
// cannot drift from what src/store/dynamo-store.ts queries.

import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { INDEX, TTL_ATTRIBUTE, tableDefinition } from '../../src/store/table.js';

type KeySchema = NonNullable<ReturnType<typeof tableDefinition>['KeySchema']>;

const DEFINITION = tableDefinition('latchkey');

function attribute(name: string): dynamodb.Attribute {
  const type = DEFINITION.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType;
  const types = {
    S: dynamodb.AttributeType.STRING,
    N: dynamodb.AttributeType.NUMBER,
    B: dynamodb.AttributeType.BINARY,
  };
  if (!type) throw new Error(`tableDefinition() does not define attribute ${name}`);
  return { name, type: types[type] };
}

function keysOf(schema: KeySchema | undefined): {
  partitionKey: dynamodb.Attribute;
  sortKey?: dynamodb.Attribute;
} {
  const hash = schema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
  const range = schema?.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  if (!hash) throw new Error('tableDefinition() has a key schema without a partition key');
  return { partitionKey: attribute(hash), ...(range ? { sortKey: attribute(range) } : {}) };
}

/**
 * On-demand, with point-in-time recovery and deletion protection: the table is the audit trail. The TTL
 * attribute only archives long-finished items; expiry of access never depends on it.
 */
export function grantTable(scope: Construct, id = 'Grants'): dynamodb.Table {
  const table = new dynamodb.Table(scope, id, {
    ...keysOf(DEFINITION.KeySchema),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    timeToLiveAttribute: TTL_ATTRIBUTE,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of DEFINITION.GlobalSecondaryIndexes ?? []) {
    if (!index.IndexName) throw new Error('tableDefinition() has an index without a name');
    if (index.Projection?.ProjectionType !== 'ALL')
      throw new Error(`${index.IndexName}: only ALL projections`);
    table.addGlobalSecondaryIndex({
      indexName: index.IndexName,
      ...keysOf(index.KeySchema),
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
}

/** Exactly the calls DynamoGrantStore makes: item reads and conditional writes (an update only to move an index key), and queries by index. */
export const TABLE_ACTIONS = {
  items: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  query: ['dynamodb:Query'],
} as const;

export function grantTableAccess({ table, fn }: { table: dynamodb.ITable; fn: lambda.IFunction }): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'GrantItems',
      actions: [...TABLE_ACTIONS.items],
      resources: [table.tableArn],
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'GrantQueries',
      actions: [...TABLE_ACTIONS.query],
      resources: [table.tableArn, ...Object.values(INDEX).map((name) => `${table.tableArn}/index/${name}`)],
    }),
  );
}
