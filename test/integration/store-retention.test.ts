// The audit trail is kept: finished grants (which carry their events) and events about no grant are given
// no expiry unless the owner chose a retention with `audit.retain`; then the table's TTL removes them that
// long after they ended. Read from the items as DynamoDB holds them.

import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approve, beginProvisioning, fail, request } from '../../src/core/lifecycle.js';
import { DynamoGrantStore } from '../../src/store/dynamo-store.js';
import { localDynamoClient } from '../../src/store/embedded.js';
import { keys, TTL_ATTRIBUTE } from '../../src/store/table.js';
import { entitlement, person } from '../support/entitlements.js';
import { startTestStore, type TestStore } from '../support/store.js';

const T0 = Date.UTC(2026, 10, 29, 12, 0, 0);
const DAY = 86_400_000;
const TABLE = 'latchkey-test';

describe('Store: how long the audit trail is kept', () => {
  let db: TestStore;
  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => {
    await db.close();
  });

  /** A grant that failed at T0 + 1 h, and an event about no grant, written through `store`. */
  async function finishedGrantAndEvent(store: DynamoGrantStore) {
    let grant = request({
      id: 'g-aaaaaaaa',
      entitlement: entitlement(),
      requester: 'U0DEV',
      durationSec: 3600,
      reason: 'deploy',
      now: T0,
    }).grant;
    await store.create(grant);
    grant = await store.save(approve(grant, entitlement(), person('U0LEAD1'), T0).grant, grant.version);
    grant = await store.save(beginProvisioning(grant, T0).grant, grant.version);
    await store.save(fail(grant, 'no such account', T0 + 3_600_000).grant, grant.version);
    await store.appendEvent({
      at: T0,
      grantId: '-',
      actor: 'system',
      action: 'drift-found:missing',
      from: null,
      to: null,
    });
    const client = localDynamoClient(db.endpoint);
    const grantItem = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: marshall(keys.grant(grant.id)), ConsistentRead: true }),
    );
    const events = await client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: marshall({ ':p': keys.eventDay(T0) }),
      }),
    );
    client.destroy();
    return {
      grant: unmarshall(grantItem.Item!),
      event: unmarshall(events.Items![0]!),
    };
  }

  it('by default, finished grants and their events never expire', async () => {
    const { grant, event } = await finishedGrantAndEvent(db.store);

    expect(grant.state).toBe('failed');
    expect(grant[TTL_ATTRIBUTE]).toBeUndefined();
    expect(event[TTL_ATTRIBUTE]).toBeUndefined();
  });

  it('with a retention, they expire that long after the grant ended (or the event happened)', async () => {
    const client = localDynamoClient(db.endpoint);
    const store = new DynamoGrantStore(client, TABLE, { retainMs: 730 * DAY });

    const { grant, event } = await finishedGrantAndEvent(store);
    client.destroy();

    expect(grant[TTL_ATTRIBUTE]).toBe((T0 + 3_600_000 + 730 * DAY) / 1000);
    expect(event[TTL_ATTRIBUTE]).toBe((T0 + 730 * DAY) / 1000);
  });
});
