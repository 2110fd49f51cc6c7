// Runs CloudTrail Lake queries: StartQuery, then GetQueryResults until the query finishes (its answer
// carries the query's status, and once FINISHED the first page of rows), then the SDK's paginator over
// GetQueryResults from that page's NextToken. A query CloudTrail ends without results (FAILED, CANCELLED,
// TIMED_OUT) or refuses is an `ActivityQueryFailed`; one still running when the wait is over is answered as
// such, so the caller can look at the same query again later instead of starting another.

import { setTimeout as delay } from 'node:timers/promises';
import {
  type CloudTrailClient,
  CloudTrailServiceException,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  paginateGetQueryResults,
  StartQueryCommand,
} from '@aws-sdk/client-cloudtrail';
import type { ActivityEvent } from '../core/activity-digest.js';
import { ActivityQueryFailed, ActivityQueryUnfinished } from '../core/activity-errors.js';
import type { ActivityRows, ActivitySource } from '../core/activity-ports.js';
import { type Clock, systemClock } from '../core/ports.js';

export interface CloudTrailOptions {
  client: CloudTrailClient;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The longest one look at a query waits for it (default 20 s: it must fit in a sweeper Lambda's run and in
   * the digest's lease); a query still running is looked at again by a later pass.
   */
  waitMs?: number;
  /** The first pause between two looks at a running query; it doubles to 5 s. */
  pollMs?: number;
}

/** The most rows GetQueryResults answers in one page. */
const PAGE_SIZE = 1000;

/** How Lake ends a query without results. */
const ENDED = new Set(['FAILED', 'CANCELLED', 'TIMED_OUT']);

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

export class CloudTrailActivitySource implements ActivitySource {
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CloudTrailOptions) {
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? ((ms: number) => delay(ms));
  }

  async start(sql: string): Promise<string> {
    const started = await this.options.client
      .send(new StartQueryCommand({ QueryStatement: sql }))
      .catch(refused);
    if (!started.QueryId) throw new ActivityQueryFailed('REFUSED', 'StartQuery answered no QueryId');
    return started.QueryId;
  }

  async results(queryId: string, limit: number): Promise<ActivityRows | undefined> {
    const first = await this.finished(queryId);
    if (!first) return undefined;
    const events: ActivityEvent[] = (first.QueryResultRows ?? []).map(eventOf);
    if (first.NextToken) {
      // The rest from where the finished answer left off, with the SDK's paginator.
      const rest = paginateGetQueryResults(
        { client: this.options.client, startingToken: first.NextToken },
        { QueryId: queryId, MaxQueryResults: PAGE_SIZE },
      );
      try {
        for await (const page of rest) {
          if (page.QueryStatus !== 'FINISHED')
            throw new ActivityQueryFailed(
              page.QueryStatus ?? 'UNKNOWN',
              page.ErrorMessage ?? 'no results',
              queryId,
            );
          for (const row of page.QueryResultRows ?? []) events.push(eventOf(row));
        }
      } catch (error) {
        refused(error);
      }
    }
    return { events, truncated: events.length >= limit, queryId };
  }

  async run(sql: string, limit: number): Promise<ActivityRows> {
    const queryId = await this.start(sql);
    const rows = await this.results(queryId, limit);
    if (!rows) throw new ActivityQueryUnfinished(queryId, 'RUNNING');
    return rows;
  }

  /**
   * Asks for the query's results until it has finished: the first page of its rows once FINISHED, undefined
   * if it still runs when the wait is over; throws if Lake ended it otherwise.
   */
  private async finished(queryId: string): Promise<GetQueryResultsCommandOutput | undefined> {
    const deadline = this.clock.now() + (this.options.waitMs ?? 20_000);
    let pause = this.options.pollMs ?? 500;
    for (;;) {
      const page = await this.page(queryId);
      const status = page.QueryStatus ?? 'UNKNOWN';
      if (status === 'FINISHED') return page;
      if (ENDED.has(status))
        throw new ActivityQueryFailed(status, page.ErrorMessage ?? 'no reason given', queryId);
      if (this.clock.now() + pause > deadline) return undefined;
      await this.sleep(pause);
      pause = Math.min(5000, pause * 2);
    }
  }

  private page(queryId: string): Promise<GetQueryResultsCommandOutput> {
    return this.options.client
      .send(new GetQueryResultsCommand({ QueryId: queryId, MaxQueryResults: PAGE_SIZE }))
      .catch(refused);
  }
}

function refused(error: unknown): never {
  if (error instanceof CloudTrailServiceException && REFUSALS.has(error.name))
    throw new ActivityQueryFailed('REFUSED', `${error.name}: ${error.message}`, undefined, { cause: error });
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
