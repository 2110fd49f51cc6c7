// Amazon DynamoDB (prefix `dynamodb`): item and table calls are authorized against the table, a Query or
// Scan on an index against the index (`table/<name>/index/<index>`).

import { type Input, type ServiceAuthorization, str } from '../service.js';

export interface DynamoContext {
  region: string;
  accountId: string;
}

const table = (input: Input, c: DynamoContext) =>
  `arn:aws:dynamodb:${c.region}:${c.accountId}:table/${str(input, 'TableName')}`;
const tableOrIndex = (input: Input, c: DynamoContext) => [
  typeof input.IndexName === 'string' ? `${table(input, c)}/index/${input.IndexName}` : table(input, c),
];
const onTable = (input: Input, c: DynamoContext) => [table(input, c)];

export const dynamoDbAuthorization: ServiceAuthorization<DynamoContext> = {
  prefix: 'dynamodb',
  operations: {
    GetItem: onTable,
    PutItem: onTable,
    UpdateItem: onTable,
    DeleteItem: onTable,
    Query: tableOrIndex,
    Scan: tableOrIndex,
    DescribeTable: onTable,
    CreateTable: onTable,
    DeleteTable: onTable,
    UpdateTable: onTable,
    DescribeTimeToLive: onTable,
    UpdateTimeToLive: onTable,
    ListTables: () => ['*'],
  },
};
