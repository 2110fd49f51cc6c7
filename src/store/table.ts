// The single-table layout, shared by the store and the CDK stack so that both agree on keys and indexes.
//
//   item        pk                         sk       indexes it appears in
//   grant       GRANT#<id>                 GRANT    byState, due (while something is due), history
//   message     MSG#<channel>#<ts>         MSG      —
//   holding     HOLD#<principal>#<target>  HOLD     byState (partition HOLDINGS)
//   event       AUDIT#<yyyy-mm-dd>         <at>#<n> —   (events that belong to no grant)
//   seen        SEEN#<key>                 SEEN     —   (Slack deliveries already handled)
//   baseline    BASE#<target>              BASE     —   (who held a target before Latchkey looked)
//   recent      RECENT#<requester>         RECENT   —   (the requests a person made lately)
//
// Grant audit events live inside the grant item and are appended in the same conditional write as the
// state change: DynamoDB has no transactions here (dynalite), so a separate item could be lost in a crash.

import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const INDEX = {
  /**
   * gsi1pk = STATE#<state> while a grant is open, ENDED#<requester> once it is final, HOLDINGS for holdings.
   * An open grant's gsi1sk starts with its requester (`P#<requester>#…`, or `X#<requester>#…` while an
   * extension of it waits for a decision), so one person's grants, the extensions waiting, and one person's
   * latest ended grants are each read without reading everyone's.
   */
  byState: 'byState',
  /**
   * duepk = EXPIRY (active, by end time) | DEADLINE (pending, by approval deadline) | RETRY (in flight)
   * | START (scheduled, by start time) | ACTIVITY (revoked, its activity digest not yet posted).
   */
  due: 'due',
  /** histpk = GRANTS, histsk = the time of the grant's latest event: audit export by time without a scan. */
  history: 'history',
} as const;

export const DUE = {
  expiry: 'EXPIRY',
  deadline: 'DEADLINE',
  retry: 'RETRY',
  start: 'START',
  activity: 'ACTIVITY',
} as const;

/** The attribute that the real table's TTL archives old items by; never relied on for correctness. */
export const TTL_ATTRIBUTE = 'archiveAt';

/** Fixed-width epoch milliseconds, so string order is time order. */
export const timeKey = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(15, '0');

export const keys = {
  grant: (id: string) => ({ pk: `GRANT#${id}`, sk: 'GRANT' }),
  message: (channel: string, ts: string) => ({ pk: `MSG#${channel}#${ts}`, sk: 'MSG' }),
  holding: (principalId: string, targetKey: string) => ({
    pk: `HOLD#${principalId}#${targetKey}`,
    sk: 'HOLD',
  }),
  baseline: (targetKey: string) => ({ pk: `BASE#${targetKey}`, sk: 'BASE' }),
  recent: (requester: string) => ({ pk: `RECENT#${requester}`, sk: 'RECENT' }),
  eventDay: (at: number) => `AUDIT#${new Date(at).toISOString().slice(0, 10)}`,
};

const S = 'S' as const;

export function tableDefinition(tableName: string): CreateTableCommandInput {
  const gsi = (name: string, pk: string, sk: string) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: pk, KeyType: 'HASH' as const },
      { AttributeName: sk, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'duepk', 'duesk', 'histpk', 'histsk'].map(
      (name) => ({
        AttributeName: name,
        AttributeType: S,
      }),
    ),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      gsi(INDEX.byState, 'gsi1pk', 'gsi1sk'),
      gsi(INDEX.due, 'duepk', 'duesk'),
      gsi(INDEX.history, 'histpk', 'histsk'),
    ],
  };
}
