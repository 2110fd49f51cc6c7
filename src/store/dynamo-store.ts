// The GrantStore on DynamoDB: the same code for the embedded dynalite and a real table. Every state change
// is one conditional write on the item's version; the SDK's ConditionalCheckFailedException is turned into
// the core's VersionConflict here, so nothing above this file sees an SDK error.

import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { dueOf } from '../core/due.js';
import { VersionConflict } from '../core/errors.js';
import { type AuditEvent, FINAL_STATES, type Grant, type GrantState } from '../core/grant.js';
import type { Baseline, GrantStore, Holding, MessageLink } from '../core/ports.js';
import { DUE, INDEX, keys, TTL_ATTRIBUTE, timeKey } from './table.js';

/** Finished grants are archived by the real table's TTL this long after they end (audit retention). */
const ARCHIVE_AFTER_MS = 400 * 86_400_000;

export class DynamoGrantStore implements GrantStore {
  private eventCounter = 0;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async create(grant: Grant): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall(grantItem(grant)),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new VersionConflict(grant.id, -1, { cause: error });
      throw error;
    }
  }

  async get(id: string): Promise<Grant | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.table, Key: marshall(keys.grant(id)), ConsistentRead: true }),
    );
    return out.Item ? (JSON.parse(unmarshall(out.Item).body as string) as Grant) : undefined;
  }

  async save(next: Grant, expectedVersion: number): Promise<Grant> {
    const saved = { ...next, version: expectedVersion + 1 };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall(grantItem(saved)),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: marshall({ ':expected': expectedVersion }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new VersionConflict(next.id, expectedVersion, { cause: error });
      }
      throw error;
    }
    return saved;
  }

  async linkMessage(channel: string, ts: string, link: MessageLink): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.table,
        Item: marshall({ ...keys.message(channel, ts), ...link }),
      }),
    );
  }

  async findByMessage(channel: string, ts: string): Promise<MessageLink | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.table, Key: marshall(keys.message(channel, ts)) }),
    );
    if (!out.Item) return undefined;
    const item = unmarshall(out.Item);
    return { grantId: item.grantId as string, purpose: item.purpose as MessageLink['purpose'] };
  }

  dueForRevocation(until: number, limit?: number): Promise<Grant[]> {
    return this.dueIn(DUE.expiry, until, limit);
  }

  duePending(until: number, limit?: number): Promise<Grant[]> {
    return this.dueIn(DUE.deadline, until, limit);
  }

  /** In-flight grants whose next attempt is due: recovery after a crash and retries after a failure. */
  dueRetries(until: number, limit?: number): Promise<Grant[]> {
    return this.dueIn(DUE.retry, until, limit);
  }

  async nextDeadline(after: number): Promise<number | undefined> {
    const firsts = await Promise.all(
      Object.values(DUE).map(async (partition) => {
        const items = await this.query(
          {
            IndexName: INDEX.due,
            KeyConditionExpression: 'duepk = :p AND duesk > :after',
            ExpressionAttributeValues: marshall({ ':p': partition, ':after': `${timeKey(after)}~` }),
          },
          1,
        );
        return items[0] ? Number((items[0].duesk as string).slice(0, 15)) : undefined;
      }),
    );
    const times = firsts.filter((t): t is number => t !== undefined);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  async listByState(...states: GrantState[]): Promise<Grant[]> {
    const lists = await Promise.all(
      states.map((state) =>
        this.query({
          IndexName: INDEX.byState,
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: marshall({ ':p': `STATE#${state}` }),
        }),
      ),
    );
    return lists.flat().map((item) => JSON.parse(item.body as string) as Grant);
  }

  async getHolding(principalId: string, targetKey: string): Promise<Holding | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.table,
        Key: marshall(keys.holding(principalId, targetKey)),
        ConsistentRead: true,
      }),
    );
    return out.Item ? (JSON.parse(unmarshall(out.Item).body as string) as Holding) : undefined;
  }

  async createHolding(holding: Omit<Holding, 'version'>): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall(holdingItem({ ...holding, version: 1 })),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async saveHolding(next: Holding, expectedVersion: number): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall(holdingItem({ ...next, version: expectedVersion + 1 })),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: marshall({ ':expected': expectedVersion }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new VersionConflict(`holding ${next.principalId}/${next.targetKey}`, expectedVersion, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async deleteHolding(principalId: string, targetKey: string, expectedVersion: number): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: marshall(keys.holding(principalId, targetKey)),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: marshall({ ':expected': expectedVersion }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new VersionConflict(`holding ${principalId}/${targetKey}`, expectedVersion, { cause: error });
      }
      throw error;
    }
  }

  async listHoldings(): Promise<Holding[]> {
    const items = await this.query({
      IndexName: INDEX.byState,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: marshall({ ':p': 'HOLDINGS' }),
    });
    return items.map((item) => JSON.parse(item.body as string) as Holding);
  }

  async getBaseline(targetKey: string): Promise<Baseline | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.table,
        Key: marshall(keys.baseline(targetKey)),
        ConsistentRead: true,
      }),
    );
    return out.Item ? (JSON.parse(unmarshall(out.Item).body as string) as Baseline) : undefined;
  }

  async saveBaseline(baseline: Baseline, expectedVersion: number): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall({
            ...keys.baseline(baseline.targetKey),
            version: expectedVersion + 1,
            body: JSON.stringify({ ...baseline, version: expectedVersion + 1 }),
          }),
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: marshall({ ':expected': expectedVersion }),
              }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new VersionConflict(`baseline ${baseline.targetKey}`, expectedVersion, { cause: error });
      }
      throw error;
    }
  }

  async remember(key: string, now: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall({
            pk: `SEEN#${key}`,
            sk: 'SEEN',
            at: now,
            [TTL_ATTRIBUTE]: Math.floor(now / 1000) + 86_400,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async appendEvent(event: AuditEvent): Promise<void> {
    // The counter and a random suffix keep two events of the same millisecond apart, across processes too.
    const seq = `${(this.eventCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    await this.client.send(
      new PutItemCommand({
        TableName: this.table,
        Item: marshall({
          pk: keys.eventDay(event.at),
          sk: `${timeKey(event.at)}#${seq}`,
          body: JSON.stringify(event),
          [TTL_ATTRIBUTE]: Math.floor((event.at + ARCHIVE_AFTER_MS) / 1000),
        }),
      }),
    );
  }

  async events(query: { since: number; until: number; grantId?: string }): Promise<AuditEvent[]> {
    const inRange = (e: AuditEvent) => e.at >= query.since && e.at <= query.until;
    if (query.grantId !== undefined) {
      const grant = await this.get(query.grantId);
      return (grant?.events ?? []).filter(inRange);
    }
    const grants = await this.query({
      IndexName: INDEX.history,
      KeyConditionExpression: 'histpk = :p AND histsk >= :since',
      ExpressionAttributeValues: marshall({ ':p': 'GRANTS', ':since': timeKey(query.since) }),
    });
    const fromGrants = grants.flatMap((item) =>
      (JSON.parse(item.body as string) as Grant).events.filter(inRange),
    );
    const standalone: AuditEvent[] = [];
    for (let day = startOfDay(query.since); day <= query.until; day += 86_400_000) {
      const items = await this.query({
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: marshall({
          ':p': keys.eventDay(day),
          ':a': timeKey(query.since),
          ':b': `${timeKey(query.until)}~`,
        }),
      });
      standalone.push(...items.map((item) => JSON.parse(item.body as string) as AuditEvent));
    }
    return [...fromGrants, ...standalone].sort((a, b) => a.at - b.at);
  }

  private async dueIn(partition: string, until: number, limit?: number): Promise<Grant[]> {
    const items = await this.query(
      {
        IndexName: INDEX.due,
        KeyConditionExpression: 'duepk = :p AND duesk <= :until',
        ExpressionAttributeValues: marshall({ ':p': partition, ':until': `${timeKey(until)}~` }),
      },
      limit,
    );
    return items.map((item) => JSON.parse(item.body as string) as Grant);
  }

  /** Runs a query to the end (or to `limit` items), following LastEvaluatedKey. */
  private async query(
    input: Omit<QueryCommandInput, 'TableName'>,
    limit?: number,
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: QueryCommandInput['ExclusiveStartKey'];
    do {
      const page = await this.client.send(
        new QueryCommand({
          ...input,
          TableName: this.table,
          ExclusiveStartKey: start,
          ...(limit !== undefined && { Limit: limit - out.length }),
        }),
      );
      out.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      start = page.LastEvaluatedKey;
    } while (start && (limit === undefined || out.length < limit));
    return out;
  }
}

function grantItem(grant: Grant): Record<string, unknown> {
  const item: Record<string, unknown> = {
    ...keys.grant(grant.id),
    version: grant.version,
    state: grant.state,
    body: JSON.stringify(grant),
    histpk: 'GRANTS',
    histsk: `${timeKey(grant.events.at(-1)?.at ?? grant.requestedAt)}#${grant.id}`,
  };
  if (!FINAL_STATES.has(grant.state)) {
    item.gsi1pk = `STATE#${grant.state}`;
    item.gsi1sk = `${timeKey(grant.requestedAt)}#${grant.id}`;
  } else if (grant.endedAt !== undefined) {
    item[TTL_ATTRIBUTE] = Math.floor((grant.endedAt + ARCHIVE_AFTER_MS) / 1000);
  }
  const due = dueOf(grant);
  if (due) {
    item.duepk = DUE[due.kind];
    item.duesk = `${timeKey(due.at)}#${grant.id}`;
  }
  return item;
}

function holdingItem(holding: Holding): Record<string, unknown> {
  return {
    ...keys.holding(holding.principalId, holding.targetKey),
    version: holding.version,
    body: JSON.stringify(holding),
    gsi1pk: 'HOLDINGS',
    gsi1sk: `${holding.principalId}#${holding.targetKey}`,
  };
}

const startOfDay = (ms: number) => ms - (ms % 86_400_000);
