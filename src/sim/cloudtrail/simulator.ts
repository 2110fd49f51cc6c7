// The simulated CloudTrail Lake: event data stores holding events, and queries that run the SQL they are
// given over them. A query is QUEUED, then RUNNING, then FINISHED (or the status a planted fault says) as the
// clock moves on, the way Lake answers asynchronously. Every request passes one authorize hook, where IAM
// enforcement can check the action on the event data store.

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Clock, systemClock } from '../../core/ports.js';
import { authorizeOperation, cloudTrailAuthorization, type Iam, jsonDenial } from '../iam/index.js';
import { knownField, type SimEvent, type SimEventInput, simEventSchema } from './events.js';
import { compileQuery, SqlError, type Value } from './sql.js';

/** An error as CloudTrail answers it: the exception's name in `__type`, a message, a 400 unless said. */
export class CloudTrailError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export type QueryStatus = 'QUEUED' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELLED' | 'TIMED_OUT';

export interface AuthorizeRequest {
  /** `cloudtrail:StartQuery`, … */
  action: string;
  /** The event data store's ARN. */
  resource: string;
  /** The access key that signed the request. */
  accessKeyId: string | undefined;
}
/** Throws (a CloudTrailError AccessDeniedException, say) to refuse the request. */
export type AuthorizeHook = (request: AuthorizeRequest) => void;

export interface CloudTrailSimOptions {
  /** Event data store ARNs; one in eu-west-1 of 111111111111 by default. */
  eventDataStores?: string[];
  queuedMs?: number;
  runningMs?: number;
  /** The most rows GetQueryResults answers in one page, whatever MaxQueryResults asks. */
  pageSize?: number;
  clock?: Clock;
  /** A hook of the test's own; else IAM enforced when `iam` is given; else every request is allowed. */
  authorize?: AuthorizeHook;
  iam?: Iam;
}

export const DEFAULT_EVENT_DATA_STORE =
  'arn:aws:cloudtrail:eu-west-1:111111111111:eventdatastore/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

export const queryFaultSchema = z.object({
  status: z.enum(['FAILED', 'CANCELLED', 'TIMED_OUT']).default('FAILED'),
  message: z.string().default('Query failed: an internal error occurred.'),
  times: z.number().int().min(1).default(1),
});
export const callFaultSchema = z.object({
  operation: z.string().min(1),
  error: z.string().min(1),
  message: z.string().default('Simulated failure.'),
  status: z.number().int().default(400),
  times: z.number().int().min(1).default(1),
});

interface Query {
  id: string;
  sql: string;
  store: string;
  createdAt: number;
  rows: [string, Value][][];
  scanned: number;
  fault?: { status: QueryStatus; message: string };
}

export interface QueryRecord {
  queryId: string;
  sql: string;
  status: QueryStatus;
  rows: number;
}

const QUERY_ID = /^[a-f0-9-]{36}$/;

export class CloudTrailSim {
  readonly stores: string[];
  private events: SimEvent[] = [];
  private readonly queries = new Map<string, Query>();
  private queryFaults: z.output<typeof queryFaultSchema>[] = [];
  private callFaults: z.output<typeof callFaultSchema>[] = [];
  private readonly clock: Clock;
  authorize: AuthorizeHook | undefined;

  constructor(private readonly options: CloudTrailSimOptions = {}) {
    this.stores = options.eventDataStores ?? [DEFAULT_EVENT_DATA_STORE];
    this.clock = options.clock ?? systemClock;
    const iam = options.iam;
    this.authorize = options.authorize ?? (iam && ((request) => enforce(iam, request)));
  }

  addEvents(events: SimEventInput[]): void {
    this.events.push(...events.map((e) => simEventSchema.parse(e)));
  }

  /** How many events the store holds. */
  eventCount(): number {
    return this.events.length;
  }

  /** The next `times` queries end with `status` instead of finishing. */
  failQueries(fault: z.input<typeof queryFaultSchema> = {}): void {
    this.queryFaults.push(queryFaultSchema.parse(fault));
  }

  /** The next `times` calls of `operation` answer `error`. */
  failCalls(fault: z.input<typeof callFaultSchema>): void {
    this.callFaults.push(callFaultSchema.parse(fault));
  }

  /** Every query started, with the SQL it was sent and where it stands. */
  queriesRun(): QueryRecord[] {
    return [...this.queries.values()].map((q) => ({
      queryId: q.id,
      sql: q.sql,
      status: this.statusOf(q),
      rows: q.rows.length,
    }));
  }

  reset(): void {
    this.events = [];
    this.queries.clear();
    this.queryFaults = [];
    this.callFaults = [];
  }

  call(operation: string, input: Record<string, unknown>, accessKeyId: string | undefined): unknown {
    const handler = this.handlers[operation];
    if (!handler) throw new CloudTrailError('UnknownOperationException', `Unknown operation ${operation}.`);
    const index = this.callFaults.findIndex((f) => f.operation === operation || f.operation === '*');
    const fault = this.callFaults[index];
    if (fault) {
      fault.times -= 1;
      if (fault.times === 0) this.callFaults.splice(index, 1);
      throw new CloudTrailError(fault.error, fault.message, fault.status);
    }
    return handler(input, accessKeyId);
  }

  private readonly handlers: Record<
    string,
    (input: Record<string, unknown>, key: string | undefined) => unknown
  > = {
    StartQuery: (input, key) => this.startQuery(input, key),
    DescribeQuery: (input, key) => this.describeQuery(input, key),
    GetQueryResults: (input, key) => this.getQueryResults(input, key),
  };

  private storeNamed(name: string): string | undefined {
    return this.stores.find((arn) => arn === name || arn.endsWith(`/${name}`));
  }

  private startQuery(input: Record<string, unknown>, key: string | undefined) {
    const sql = input.QueryStatement;
    if (input.DeliveryS3Uri !== undefined)
      throw new CloudTrailError('UnsupportedOperationException', 'Delivery to S3 is not simulated.');
    if (typeof sql !== 'string' || sql.length < 1 || sql.length > 10_000)
      throw new CloudTrailError('InvalidParameterException', 'QueryStatement must be 1 to 10000 characters.');
    let compiled: ReturnType<typeof compileQuery>;
    try {
      compiled = compileQuery(sql, knownField);
    } catch (error) {
      if (error instanceof SqlError)
        throw new CloudTrailError('InvalidQueryStatementException', error.message);
      throw error;
    }
    const store = this.storeNamed(compiled.from);
    if (!store)
      throw new CloudTrailError(
        'EventDataStoreNotFoundException',
        `The event data store ${compiled.from} is not found.`,
      );
    this.authorize?.({ action: 'cloudtrail:StartQuery', resource: store, accessKeyId: key });
    const id = randomUUID();
    const query: Query = {
      id,
      sql,
      store,
      createdAt: this.clock.now(),
      rows: [],
      scanned: this.events.length,
    };
    const fault = this.queryFaults[0];
    if (fault) {
      fault.times -= 1;
      if (fault.times === 0) this.queryFaults.shift();
      query.fault = { status: fault.status, message: fault.message };
    } else {
      try {
        query.rows = compiled.run(this.events);
      } catch (error) {
        if (!(error instanceof SqlError)) throw error;
        // A type error found while running: Lake fails the query with the reason.
        query.fault = { status: 'FAILED', message: error.message };
      }
    }
    this.queries.set(id, query);
    return { QueryId: id };
  }

  private queryOf(input: Record<string, unknown>): Query {
    const id = input.QueryId;
    if (typeof id !== 'string' || !QUERY_ID.test(id))
      throw new CloudTrailError('InvalidParameterException', 'QueryId must be a 36-character query id.');
    const query = this.queries.get(id);
    if (!query) throw new CloudTrailError('QueryIdNotFoundException', `The query ID ${id} does not exist.`);
    return query;
  }

  private statusOf(query: Query): QueryStatus {
    const age = this.clock.now() - query.createdAt;
    const queued = this.options.queuedMs ?? 50;
    const running = this.options.runningMs ?? 150;
    if (age < queued) return 'QUEUED';
    if (age < queued + running) return 'RUNNING';
    return query.fault?.status ?? 'FINISHED';
  }

  private describeQuery(input: Record<string, unknown>, key: string | undefined) {
    const query = this.queryOf(input);
    this.authorize?.({ action: 'cloudtrail:DescribeQuery', resource: query.store, accessKeyId: key });
    const status = this.statusOf(query);
    const done = status === 'FINISHED';
    return {
      QueryId: query.id,
      QueryString: query.sql,
      QueryStatus: status,
      QueryStatistics: {
        EventsMatched: done ? query.rows.length : 0,
        EventsScanned: done ? query.scanned : 0,
        BytesScanned: done ? query.scanned * 1024 : 0,
        ExecutionTimeInMillis: Math.max(0, this.clock.now() - query.createdAt),
        CreationTime: query.createdAt / 1000,
      },
      ...(query.fault && status === query.fault.status && { ErrorMessage: query.fault.message }),
    };
  }

  private getQueryResults(input: Record<string, unknown>, key: string | undefined) {
    const query = this.queryOf(input);
    this.authorize?.({ action: 'cloudtrail:GetQueryResults', resource: query.store, accessKeyId: key });
    const max = input.MaxQueryResults;
    if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000))
      throw new CloudTrailError('InvalidMaxResultsException', 'MaxQueryResults must be between 1 and 1000.');
    let start = 0;
    if (input.NextToken !== undefined) {
      const match = typeof input.NextToken === 'string' ? /^(.+)\.(\d+)$/.exec(input.NextToken) : null;
      if (!match || match[1] !== query.id || Number(match[2]) > query.rows.length)
        throw new CloudTrailError('InvalidNextTokenException', 'The NextToken is not valid.');
      start = Number(match[2]);
    }
    const status = this.statusOf(query);
    if (status !== 'FINISHED') {
      return {
        QueryStatus: status,
        ...(query.fault && status === query.fault.status && { ErrorMessage: query.fault.message }),
      };
    }
    const size = Math.min((max as number | undefined) ?? 1000, this.options.pageSize ?? 1000);
    const page = query.rows.slice(start, start + size);
    const end = start + page.length;
    return {
      QueryStatus: status,
      QueryStatistics: {
        ResultsCount: page.length,
        TotalResultsCount: query.rows.length,
        BytesScanned: query.scanned * 1024,
      },
      QueryResultRows: page.map((row) =>
        row.filter(([, value]) => value !== null).map(([name, value]) => ({ [name]: asText(value) })),
      ),
      ...(end < query.rows.length && { NextToken: `${query.id}.${end}` }),
    };
  }
}

/** Lake answers every value as a string. */
function asText(value: Value): string {
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The action on the event data store, as IAM evaluates it; a denial is answered as CloudTrail sends it. */
function enforce(iam: Iam, request: AuthorizeRequest): void {
  const result = authorizeOperation(iam, cloudTrailAuthorization, {
    operation: request.action.slice(request.action.indexOf(':') + 1),
    input: {},
    accessKeyId: request.accessKeyId,
    context: { eventDataStoreArn: request.resource },
  });
  if (result.allowed) return;
  const denial = jsonDenial(result.denial, { contentType: 'application/x-amz-json-1.1' });
  const body = JSON.parse(denial.body) as { __type: string; Message: string };
  throw new CloudTrailError(body.__type, body.Message, denial.status);
}
