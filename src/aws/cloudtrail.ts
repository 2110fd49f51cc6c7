// Runs CloudTrail Lake queries: StartQuery, DescribeQuery until the query ends, then GetQueryResults page by
// page. A query CloudTrail ends without results (FAILED, CANCELLED, TIMED_OUT) or refuses is an
// `ActivityQueryFailed`; one still running when the wait is over is an `ActivityQueryUnfinished`. Either
// way the caller keeps the digest due and tries again later.

import {
  type CloudTrailClient,
  CloudTrailServiceException,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudtrail';
import type { ActivityEvent } from '../core/activity-digest.js';
import { ActivityQueryFailed, ActivityQueryUnfinished } from '../core/activity-errors.js';
import type { ActivityRows, ActivitySource } from '../core/activity-ports.js';
import type { Clock } from '../core/ports.js';

export interface CloudTrailOptions {
  client: CloudTrailClient;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** The longest a query is waited for (default 2 minutes); it must fit in the digest's lease. */
  waitMs?: number;
  /** The first pause between two looks at a running query; it doubles to 5 s. */
  pollMs?: number;
}

/** Errors that say the query itself is wrong or not allowed: asking again the same way will not help soon. */
const REFUSALS = new Set([
  'InvalidQueryStatementException',
  'EventDataStoreNotFoundException',
  'EventDataStoreARNInvalidException',
  'InactiveEventDataStoreException',
  'InvalidParameterException',
  'OperationNotPermittedException',
  'UnsupportedOperationException',
  'AccessDeniedException',
]);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class CloudTrailActivitySource implements ActivitySource {
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CloudTrailOptions) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.sleep = options.sleep ?? realSleep;
  }

  async run(sql: string, limit: number): Promise<ActivityRows> {
    const { client } = this.options;
    const started = await client.send(new StartQueryCommand({ QueryStatement: sql })).catch(refused);
    const queryId = started.QueryId;
    if (!queryId) throw new ActivityQueryFailed('REFUSED', 'StartQuery answered no QueryId');
    await this.waitFor(queryId);

    const events: ActivityEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client
        .send(new GetQueryResultsCommand({ QueryId: queryId, MaxQueryResults: 1000, NextToken: nextToken }))
        .catch(refused);
      if (page.QueryStatus !== 'FINISHED')
        throw new ActivityQueryFailed(
          page.QueryStatus ?? 'UNKNOWN',
          page.ErrorMessage ?? 'no results',
          queryId,
        );
      for (const row of page.QueryResultRows ?? []) events.push(eventOf(row));
      nextToken = page.NextToken;
    } while (nextToken);
    return { events, truncated: events.length >= limit, queryId };
  }

  private async waitFor(queryId: string): Promise<void> {
    const deadline = this.clock.now() + (this.options.waitMs ?? 120_000);
    let pause = this.options.pollMs ?? 500;
    for (;;) {
      const query = await this.options.client
        .send(new DescribeQueryCommand({ QueryId: queryId }))
        .catch(refused);
      const status = query.QueryStatus ?? 'UNKNOWN';
      if (status === 'FINISHED') return;
      if (status === 'FAILED' || status === 'CANCELLED' || status === 'TIMED_OUT')
        throw new ActivityQueryFailed(status, query.ErrorMessage ?? 'no reason given', queryId);
      if (this.clock.now() + pause > deadline) throw new ActivityQueryUnfinished(queryId, status);
      await this.sleep(pause);
      pause = Math.min(5000, pause * 2);
    }
  }
}

function refused(error: unknown): never {
  if (error instanceof CloudTrailServiceException && REFUSALS.has(error.name))
    throw new ActivityQueryFailed('REFUSED', `${error.name}: ${error.message}`);
  throw error;
}

/** A result row is a list of one-column maps; every value is a string. */
export function eventOf(row: Record<string, string>[]): ActivityEvent {
  const fields: Record<string, string> = Object.assign({}, ...row);
  const readOnly = fields.readOnly?.toLowerCase();
  return {
    at: lakeTimeToMs(fields.eventTime ?? ''),
    source: fields.eventSource ?? '',
    name: fields.eventName ?? '',
    readOnly: readOnly === 'true' ? true : readOnly === 'false' ? false : undefined,
    ...(fields.errorCode && { errorCode: fields.errorCode }),
    ...(fields.recipientAccountId && { account: fields.recipientAccountId }),
  };
}

/** `2026-12-01 22:05:00.000` (UTC) or ISO 8601. */
export function lakeTimeToMs(text: string): number {
  const iso = text.includes('T') ? text : `${text.replace(' ', 'T')}Z`;
  const ms = Date.parse(/[Zz]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? 0 : ms;
}
