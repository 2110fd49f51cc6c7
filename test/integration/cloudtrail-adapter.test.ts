// The CloudTrail Lake adapter against the simulator, over the wire with the real SDK client: a query is
// started with StartQuery and asked for with GetQueryResults while QUEUED and RUNNING, its rows read
// across pages, one still running after the wait is looked at again rather than started anew, and what
// Lake ends or refuses becomes a typed error.

import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIVITY_ACTIONS } from '../../infra/constructs/cloudtrail.js';
import { CloudTrailActivitySource } from '../../src/aws/cloudtrail.js';
import { ActivityQueryFailed } from '../../src/core/activity-errors.js';
import { buildActivityQuery } from '../../src/core/activity-query.js';
import {
  CloudTrailError,
  type CloudTrailSimOptions,
  DEFAULT_EVENT_DATA_STORE,
  type RunningCloudTrailSim,
  ssoSessionEvent,
  startCloudTrailSim,
} from '../../src/sim/cloudtrail/index.js';
import { Iam } from '../../src/sim/iam/index.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');
let ct: RunningCloudTrailSim | undefined;
/** Every command the adapter's client sent, with the query status and the number of rows each answer carried. */
let sent: { command: string; status?: string; rows?: number }[] = [];
afterEach(async () => {
  await ct?.close();
  ct = undefined;
  sent = [];
});

async function adapter(options: CloudTrailSimOptions = {}, waitMs = 2000) {
  ct = await startCloudTrailSim(options);
  const client = new CloudTrailClient({
    region: 'eu-west-1',
    endpoint: ct.url,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const answer = await next(args);
      const output = answer.output as { QueryStatus?: string; QueryResultRows?: unknown[] };
      sent.push({
        command: context.commandName ?? '',
        ...(output.QueryStatus !== undefined && { status: output.QueryStatus }),
        ...(output.QueryResultRows !== undefined && { rows: output.QueryResultRows.length }),
      });
      return answer;
    },
    { step: 'initialize', name: 'recordSent' },
  );
  ct.sim.addEvents(
    Array.from({ length: 5 }, (_, i) =>
      ssoSessionEvent({
        account: '123456789012',
        permissionSet: 'ReadOnlyAccess',
        userName: 'alice',
        at: T0 + i * 1000,
        source: 'ec2.amazonaws.com',
        name: `Call${i}`,
        readOnly: i % 2 === 0,
      }),
    ),
  );
  return new CloudTrailActivitySource({ client, pollMs: 10, waitMs });
}

const sql = buildActivityQuery({
  eventDataStore: DEFAULT_EVENT_DATA_STORE,
  accountIds: ['123456789012'],
  permissionSetName: 'ReadOnlyAccess',
  userName: 'alice',
  from: T0,
  until: T0 + 60_000,
  limit: 100,
});

describe('CloudTrail Lake adapter', () => {
  it('waits out QUEUED and RUNNING and reads every page of the rows', async () => {
    const source = await adapter({ pageSize: 2, queuedMs: 30, runningMs: 60 });

    const rows = await source.run(sql, 100);

    expect(rows.events.map((e) => e.name)).toEqual(['Call0', 'Call1', 'Call2', 'Call3', 'Call4']);
    expect(rows.events[1]).toEqual({
      at: T0 + 1000,
      source: 'ec2.amazonaws.com',
      name: 'Call1',
      readOnly: false,
      account: '123456789012',
    });
    expect(rows.truncated).toBe(false);
  });

  it('asks a query that runs a while for its results until it finishes, with GetQueryResults alone', async () => {
    const source = await adapter({ pageSize: 2, queuedMs: 60, runningMs: 120 });

    const rows = await source.run(sql, 100);

    expect(rows.events).toHaveLength(5);
    expect(sent[0]).toEqual({ command: 'StartQueryCommand' });
    const asked = sent.slice(1);
    expect(asked.every((s) => s.command === 'GetQueryResultsCommand')).toBe(true);
    const statuses = asked.map((s) => s.status);
    // Looked at while QUEUED and while RUNNING, then the three pages of five rows once FINISHED.
    expect(statuses).toContain('QUEUED');
    expect(statuses).toContain('RUNNING');
    expect(statuses.slice(statuses.indexOf('FINISHED'))).toEqual(['FINISHED', 'FINISHED', 'FINISHED']);
    // As Lake answers a query not yet finished: its status, and no rows.
    expect(asked.filter((s) => s.status !== 'FINISHED').every((s) => !s.rows)).toBe(true);
    expect(asked.filter((s) => s.status === 'FINISHED').map((s) => s.rows)).toEqual([2, 2, 1]);
    expect(
      statuses.slice(0, statuses.indexOf('FINISHED')).every((s) => s === 'QUEUED' || s === 'RUNNING'),
    ).toBe(true);
  });

  it('answers a query still running after the wait as such, and its rows when looked at again', async () => {
    const source = await adapter({ queuedMs: 0, runningMs: 400 }, 50);

    const queryId = await source.start(sql);
    expect(await source.results(queryId, 100)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 450));
    const rows = await source.results(queryId, 100);

    expect(rows?.events).toHaveLength(5);
    expect(ct?.sim.queriesRun()).toHaveLength(1);
  });

  it('turns a query Lake ended FAILED, CANCELLED or TIMED_OUT into ActivityQueryFailed with its reason', async () => {
    const source = await adapter();
    for (const status of ['FAILED', 'CANCELLED', 'TIMED_OUT'] as const) {
      ct?.sim.failQueries({ status, message: `it was ${status}` });
      const error = await source.run(sql, 100).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActivityQueryFailed);
      expect(error).toMatchObject({ status, reason: `it was ${status}` });
    }
  });

  it('turns a statement Lake refuses, or a denied call, into ActivityQueryFailed', async () => {
    const source = await adapter({
      authorize: ({ action }) => {
        if (action === 'cloudtrail:GetQueryResults')
          throw new CloudTrailError('AccessDeniedException', `not authorized to perform: ${action}`);
      },
    });

    await expect(source.run('SELECT eventName FROM nope-nope', 100)).rejects.toThrow(
      /EventDataStoreNotFoundException/,
    );
    await expect(source.run('SELECT nosuch FROM "x"', 100)).rejects.toThrow(/InvalidQueryStatementException/);
    await expect(source.run(sql, 100)).rejects.toThrow(
      /AccessDeniedException: not authorized to perform: cloudtrail:GetQueryResults/,
    );
  });

  it('leaves throttling and server errors to the caller’s retry, as they are not a verdict on the query', async () => {
    const source = await adapter();
    ct?.sim.failCalls({ operation: 'StartQuery', error: 'MaxConcurrentQueriesException', status: 429 });

    const error = await source.run(sql, 100).catch((e: unknown) => e);

    expect(error).not.toBeInstanceOf(ActivityQueryFailed);
    expect((error as Error).name).toBe('MaxConcurrentQueriesException');
  });

  it('runs under the stack’s policy with IAM enforced, and is refused without it', async () => {
    const iam = new Iam();
    const role = 'arn:aws:sts::111111111111:assumed-role/latchkey-sweeper/sweeper';
    const allow = (actions: string[], resource: string) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }],
    });
    const source = await adapter({ iam });

    iam.bind('AKIDTEST', { arn: role, policies: [allow(ACTIVITY_ACTIONS, DEFAULT_EVENT_DATA_STORE)] });
    expect((await source.run(sql, 100)).events).toHaveLength(5);

    expect(ACTIVITY_ACTIONS).not.toContain('cloudtrail:DescribeQuery');

    iam.bind('AKIDTEST', {
      arn: role,
      policies: [allow(['cloudtrail:StartQuery'], DEFAULT_EVENT_DATA_STORE)],
    });
    await expect(source.run(sql, 100)).rejects.toThrow(/AccessDeniedException.*cloudtrail:GetQueryResults/);

    iam.bind('AKIDTEST', {
      arn: role,
      policies: [allow(ACTIVITY_ACTIONS, DEFAULT_EVENT_DATA_STORE.replace('EXAMPLE11111', 'EXAMPLE22222'))],
    });
    await expect(source.run(sql, 100)).rejects.toThrow(/AccessDeniedException.*cloudtrail:StartQuery/);
  });
});
