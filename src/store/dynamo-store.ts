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
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { VersionConflict } from '../core/errors.js';
import { type AuditEvent, FINAL_STATES, GRANT_STATES, type Grant, type GrantState } from '../core/grant.js';
import type { Baseline, GrantStore, Holding, MessageLink, RecentRequests } from '../core/ports.js';
import { bodyOf, grantItem, holdingItem, OPEN_SORT, stateIndexKeys } from './items.js';
import { DUE, INDEX, keys, TTL_ATTRIBUTE, timeKey } from './table.js';

type Key = { pk: string; sk: string };
type Item = Record<string, unknown>;
/** What a conditional write expects to find: nothing yet, or the item at a version. */
type Expect = 'absent' | { version: number };

const DAY_MS = 86_400_000;

export class DynamoGrantStore implements GrantStore {
  private eventCounter = 0;

  /**
   * `retainMs`: how long finished grants and audit events are kept (`audit.retain`); without it they are
   * never given an expiry, so the table's TTL never removes the audit trail.
   */
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly options: { retainMs?: number } = {},
  ) {}

  async create(grant: Grant): Promise<void> {
    await this.putIf(grantItem(grant, this.options.retainMs), 'absent', grant.id);
  }

  get(id: string): Promise<Grant | undefined> {
    return this.getBody<Grant>(keys.grant(id));
  }

  async save(next: Grant, expectedVersion: number): Promise<Grant> {
    const saved = { ...next, version: expectedVersion + 1 };
    await this.putIf(grantItem(saved, this.options.retainMs), { version: expectedVersion }, next.id);
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
    const item = await this.getItem(keys.message(channel, ts), false);
    return item && { grantId: item.grantId as string, purpose: item.purpose as MessageLink['purpose'] };
  }

  dueForRevocation(until: number, limit?: number): Promise<Grant[]> {
    return this.dueIn(DUE.expiry, until, limit);
  }

  duePending(until: number, limit?: number): Promise<Grant[]> {
    return this.dueIn(DUE.deadline, until, limit);
  }

  dueRetries(until: number, limit?: number): Promise<Grant[]> {
    return this.dueIn(DUE.retry, until, limit);
  }

  dueActivity(until: number, limit?: number): Promise<Grant[]> {
    return this.dueIn(DUE.activity, until, limit);
  }

  dueStarts(until: number, limit?: number): Promise<Grant[]> {
    return this.dueIn(DUE.start, until, limit);
  }

  async nextDeadline(after: number): Promise<number | undefined> {
    const firsts = await Promise.all(
      Object.values(DUE).map(async (partition) => {
        const [first] = await this.query(
          {
            IndexName: INDEX.due,
            KeyConditionExpression: 'duepk = :p AND duesk > :after',
            ExpressionAttributeValues: marshall({ ':p': partition, ':after': `${timeKey(after)}~` }),
          },
          1,
        );
        return first ? Number((first.duesk as string).slice(0, 15)) : undefined;
      }),
    );
    const times = firsts.filter((t): t is number => t !== undefined);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  async listByState(...states: GrantState[]): Promise<Grant[]> {
    const lists = await Promise.all(states.map((state) => this.byState(`STATE#${state}`)));
    return lists.flat().map((item) => bodyOf<Grant>(item));
  }

  async openOf(requester: string): Promise<Grant[]> {
    const open = GRANT_STATES.filter((state) => !FINAL_STATES.has(state));
    const prefixes = (state: GrantState) =>
      state === 'active' ? [OPEN_SORT.open, OPEN_SORT.extensionAwaited] : [OPEN_SORT.open];
    const lists = await Promise.all(
      open.flatMap((state) =>
        prefixes(state).map((prefix) => this.byStateFrom(`STATE#${state}`, `${prefix}${requester}#`)),
      ),
    );
    return lists.flat().map((item) => bodyOf<Grant>(item));
  }

  async extensionsAwaited(): Promise<Grant[]> {
    const items = await this.byStateFrom('STATE#active', OPEN_SORT.extensionAwaited);
    return items.map((item) => bodyOf<Grant>(item));
  }

  async endedOf(requester: string, limit: number): Promise<Grant[]> {
    const items = await this.query(
      {
        IndexName: INDEX.byState,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: marshall({ ':p': `ENDED#${requester}` }),
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map((item) => bodyOf<Grant>(item));
  }

  async reindex(): Promise<number> {
    let moved = 0;
    for (const state of GRANT_STATES.filter((s) => !FINAL_STATES.has(s))) {
      // Page by page and keys only: with ten thousand grants open, a start reads them without holding
      // them; only a grant still in the earlier layout is read in full.
      let start: QueryCommandInput['ExclusiveStartKey'];
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: INDEX.byState,
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: marshall({ ':p': `STATE#${state}` }),
            ProjectionExpression: 'pk, gsi1sk',
            ExclusiveStartKey: start,
          }),
        );
        for (const raw of page.Items ?? []) {
          const { pk, gsi1sk } = unmarshall(raw) as { pk: string; gsi1sk: string };
          if (gsi1sk.startsWith(OPEN_SORT.open) || gsi1sk.startsWith(OPEN_SORT.extensionAwaited)) continue;
          if (await this.moveToPerPersonLayout({ pk, sk: 'GRANT' })) moved++;
        }
        start = page.LastEvaluatedKey;
      } while (start);
    }
    return moved;
  }

  /** Rewrites one grant's state-index keys, unless it was written meanwhile (the write put it right). */
  private async moveToPerPersonLayout(key: Key): Promise<boolean> {
    const item = await this.getItem(key);
    if (!item) return false;
    const grant = bodyOf<Grant>(item);
    const { gsi1pk, gsi1sk } = stateIndexKeys(grant);
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall(key),
          UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: marshall({ ':pk': gsi1pk, ':sk': gsi1sk, ':v': grant.version }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  getHolding(principalId: string, targetKey: string): Promise<Holding | undefined> {
    return this.getBody<Holding>(keys.holding(principalId, targetKey));
  }

  async createHolding(holding: Omit<Holding, 'version'>): Promise<boolean> {
    try {
      await this.putIf(holdingItem({ ...holding, version: 1 }), 'absent', 'holding');
      return true;
    } catch (error) {
      if (error instanceof VersionConflict) return false;
      throw error;
    }
  }

  async saveHolding(next: Holding, expectedVersion: number): Promise<void> {
    const what = `holding ${next.principalId}/${next.targetKey}`;
    await this.putIf(
      holdingItem({ ...next, version: expectedVersion + 1 }),
      { version: expectedVersion },
      what,
    );
  }

  async deleteHolding(principalId: string, targetKey: string, expectedVersion: number): Promise<void> {
    await this.conditionally(`holding ${principalId}/${targetKey}`, expectedVersion, () =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: marshall(keys.holding(principalId, targetKey)),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: marshall({ ':expected': expectedVersion }),
        }),
      ),
    );
  }

  async listHoldings(): Promise<Holding[]> {
    return (await this.byState('HOLDINGS')).map((item) => bodyOf<Holding>(item));
  }

  getRecentRequests(requester: string): Promise<RecentRequests | undefined> {
    return this.getBody<RecentRequests>(keys.recent(requester));
  }

  async saveRecentRequests(recent: RecentRequests, expectedVersion: number): Promise<void> {
    const latest = Math.max(0, ...recent.requests.map((r) => r.at));
    // Only the last few minutes matter: the item goes a day after the latest request.
    await this.saveVersioned(keys.recent(recent.requester), recent, expectedVersion, {
      what: `recent requests of ${recent.requester}`,
      extra: { [TTL_ATTRIBUTE]: Math.floor(latest / 1000) + 86_400 },
    });
  }

  getBaseline(targetKey: string): Promise<Baseline | undefined> {
    return this.getBody<Baseline>(keys.baseline(targetKey));
  }

  async saveBaseline(baseline: Baseline, expectedVersion: number): Promise<void> {
    await this.saveVersioned(keys.baseline(baseline.targetKey), baseline, expectedVersion, {
      what: `baseline ${baseline.targetKey}`,
    });
  }

  /** Writes a versioned body if the item is still at `expectedVersion` (0 = absent). */
  private async saveVersioned(
    key: Key,
    body: { version: number },
    expectedVersion: number,
    options: { what: string; extra?: Record<string, unknown> },
  ): Promise<void> {
    const version = expectedVersion + 1;
    await this.putIf(
      { ...key, version, body: JSON.stringify({ ...body, version }), ...options.extra },
      expectedVersion === 0 ? 'absent' : { version: expectedVersion },
      options.what,
    );
  }

  async remember(key: string, now: number): Promise<boolean> {
    try {
      const item = {
        pk: `SEEN#${key}`,
        sk: 'SEEN',
        at: now,
        [TTL_ATTRIBUTE]: Math.floor(now / 1000) + 86_400,
      };
      await this.putIf(item, 'absent', key);
      return true;
    } catch (error) {
      if (error instanceof VersionConflict) return false;
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
          ...(this.options.retainMs !== undefined && {
            [TTL_ATTRIBUTE]: Math.floor((event.at + this.options.retainMs) / 1000),
          }),
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
    // Grants whose latest event is in range carry their events; events about no grant live by day.
    const grants = await this.query({
      IndexName: INDEX.history,
      KeyConditionExpression: 'histpk = :p AND histsk >= :since',
      ExpressionAttributeValues: marshall({ ':p': 'GRANTS', ':since': timeKey(query.since) }),
    });
    const fromGrants = grants.flatMap((item) => bodyOf<Grant>(item).events.filter(inRange));
    const standalone: AuditEvent[] = [];
    for (let day = query.since - (query.since % DAY_MS); day <= query.until; day += DAY_MS) {
      const items = await this.query({
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: marshall({
          ':p': keys.eventDay(day),
          ':a': timeKey(query.since),
          ':b': `${timeKey(query.until)}~`,
        }),
      });
      standalone.push(...items.map((item) => bodyOf<AuditEvent>(item)));
    }
    return [...fromGrants, ...standalone].sort((a, b) => a.at - b.at);
  }

  /** Writes the item only if it is absent, or at the expected version; `VersionConflict` otherwise. */
  private async putIf(item: Item, expect: Expect, what: string): Promise<void> {
    const condition =
      expect === 'absent'
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: marshall({ ':expected': expect.version }),
          };
    await this.conditionally(what, expect === 'absent' ? 0 : expect.version, () =>
      this.client.send(new PutItemCommand({ TableName: this.table, Item: marshall(item), ...condition })),
    );
  }

  private async conditionally(
    what: string,
    expectedVersion: number,
    write: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new VersionConflict(what, expectedVersion, { cause: error });
      }
      throw error;
    }
  }

  private async getItem(key: Key, consistent = true): Promise<Item | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.table, Key: marshall(key), ConsistentRead: consistent }),
    );
    return out.Item && unmarshall(out.Item);
  }

  private async getBody<T>(key: Key): Promise<T | undefined> {
    const item = await this.getItem(key);
    return item && bodyOf<T>(item);
  }

  private byState(partition: string): Promise<Item[]> {
    return this.query({
      IndexName: INDEX.byState,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: marshall({ ':p': partition }),
    });
  }

  private byStateFrom(partition: string, prefix: string): Promise<Item[]> {
    return this.query({
      IndexName: INDEX.byState,
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: marshall({ ':p': partition, ':prefix': prefix }),
    });
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
    return items.map((item) => bodyOf<Grant>(item));
  }

  /** Runs a query to the end (or to `limit` items), following LastEvaluatedKey. */
  private async query(input: Omit<QueryCommandInput, 'TableName'>, limit?: number): Promise<Item[]> {
    const out: Item[] = [];
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
