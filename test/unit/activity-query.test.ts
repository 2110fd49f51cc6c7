// The activity query, built from a grant's facts and run by the CloudTrail simulator's SQL engine over a
// mixed set of events: exactly the person's sessions of the permission set, in the grant's accounts and
// window, come back; and nothing from outside reaches the SQL text unchecked.

import { describe, expect, it } from 'vitest';
import { UnsafeQueryInput } from '../../src/core/activity-errors.js';
import {
  type ActivityQueryInput,
  buildActivityQuery,
  eventDataStoreId,
} from '../../src/core/activity-query.js';
import { simEventSchema } from '../../src/sim/cloudtrail/events.js';
import { compileQuery, knownField, SqlError, ssoSessionEvent } from '../../src/sim/cloudtrail/index.js';

const EDS = 'arn:aws:cloudtrail:eu-west-1:111111111111:eventdatastore/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const T0 = Date.parse('2026-12-01T10:00:00Z');
const MIN = 60_000;

const base: ActivityQueryInput = {
  eventDataStore: EDS,
  accountIds: ['123456789012'],
  permissionSetName: 'ReadOnlyAccess',
  userName: 'alice',
  from: T0,
  until: T0 + 60 * MIN,
  limit: 100,
};

const session = (over: Partial<Parameters<typeof ssoSessionEvent>[0]> & { name: string }) =>
  simEventSchema.parse(
    ssoSessionEvent({
      account: '123456789012',
      permissionSet: 'ReadOnlyAccess',
      userName: 'alice',
      at: T0 + 10 * MIN,
      source: 'ec2.amazonaws.com',
      readOnly: true,
      ...over,
    }),
  );

const EVENTS = [
  session({ name: 'in-window' }),
  session({ name: 'at-activation', at: T0 }),
  session({ name: 'before', at: T0 - MIN }),
  session({ name: 'after', at: T0 + 61 * MIN }),
  session({ name: 'other-person', userName: 'bob' }),
  session({ name: 'person-prefix', userName: 'alice2' }),
  session({ name: 'other-account', account: '210987654321' }),
  session({ name: 'other-permission-set', permissionSet: 'AdministratorAccess' }),
  session({ name: 'longer-permission-set', permissionSet: 'ReadOnlyAccess_Extra' }),
  simEventSchema.parse({
    eventTime: T0 + 5 * MIN,
    eventSource: 'iam.amazonaws.com',
    eventName: 'iam-user-named-alice',
    recipientAccountId: '123456789012',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice' },
  }),
];

const names = (sql: string) =>
  compileQuery(sql, knownField)
    .run(EVENTS)
    .map((row) => Object.fromEntries(row).eventName);

describe('Activity query: what CloudTrail Lake is asked', () => {
  it('finds exactly the person’s sessions of the permission set in the account and window', () => {
    expect(names(buildActivityQuery(base))).toEqual(['at-activation', 'in-window']);
  });

  it('for a group grant, finds the person’s Identity Center sessions of any permission set and account', () => {
    const sql = buildActivityQuery({ ...base, accountIds: [], permissionSetName: undefined });

    expect(names(sql).sort()).toEqual(
      ['at-activation', 'in-window', 'longer-permission-set', 'other-account', 'other-permission-set'].sort(),
    );
  });

  it('for a grant on several accounts, finds the sessions in each of them and no other', () => {
    const sql = buildActivityQuery({ ...base, accountIds: ['123456789012', '210987654321'] });

    expect(names(sql)).toEqual(['at-activation', 'in-window', 'other-account']);
    expect(names(buildActivityQuery({ ...base, accountIds: ['210987654321'] }))).toEqual(['other-account']);
  });

  it('asks for the columns the digest reads, from the store’s id, oldest first, within the limit', () => {
    const sql = buildActivityQuery({ ...base, limit: 1 });

    expect(sql).toContain('\nFROM a1b2c3d4-5678-90ab-cdef-EXAMPLE11111\n');
    expect(compileQuery(sql, knownField).run(EVENTS)).toEqual([
      [
        ['eventTime', '2026-12-01 10:00:00.000'],
        ['eventSource', 'ec2.amazonaws.com'],
        ['eventName', 'at-activation'],
        ['readOnly', true],
        ['errorCode', null],
        ['recipientAccountId', '123456789012'],
      ],
    ]);
  });

  it.each([
    ['event data store', { eventDataStore: "x' OR '1'='1" }],
    ['event data store', { eventDataStore: 'arn:aws:s3:::bucket' }],
    ['account id', { accountIds: ["123456789012' OR 1=1 --"] }],
    ['account id', { accountIds: ['12345'] }],
    ['permission set name', { permissionSetName: "Admin'--" }],
    ['permission set name', { permissionSetName: 'A'.repeat(33) }],
    ['user name', { userName: "alice' OR userIdentity.type <> '" }],
    ['user name', { userName: 'alice%' }],
    ['user name', { userName: 'a b' }],
  ])('refuses an unsafe %s and builds no query', (field, change) => {
    expect(() => buildActivityQuery({ ...base, ...change })).toThrow(UnsafeQueryInput);
    expect(() => buildActivityQuery({ ...base, ...change })).toThrow(field);
  });

  it('matches names with LIKE’s wildcards in them literally', () => {
    const underscored = session({ name: 'underscored', userName: 'a_b' });
    const lookalike = session({ name: 'lookalike', userName: 'axb' });
    const sql = buildActivityQuery({ ...base, userName: 'a_b' });

    expect(
      compileQuery(sql, knownField)
        .run([underscored, lookalike])
        .map((row) => Object.fromEntries(row).eventName),
    ).toEqual(['underscored']);
  });

  it('reads an event data store given as an ARN or as an id', () => {
    expect(eventDataStoreId(EDS)).toBe('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111');
    expect(eventDataStoreId('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111')).toBe(
      'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    );
    expect(eventDataStoreId('arn:aws:cloudtrail:eu-west-1:1:eventdatastore/x')).toBeUndefined();
  });
});

describe('CloudTrail simulator SQL: evaluated, not recognised', () => {
  const run = (where: string) => names(`SELECT eventName FROM "x" WHERE ${where}`);

  it('evaluates comparisons, IN, LIKE, NOT and OR over nested fields', () => {
    expect(run(`userIdentity.arn LIKE '%/bob'`)).toEqual(['other-person']);
    expect(run(`NOT (userIdentity.type = 'AssumedRole')`)).toEqual(['iam-user-named-alice']);
    expect(run(`eventName IN ('before', 'after') OR eventName = 'in-window'`)).toEqual([
      'in-window',
      'before',
      'after',
    ]);
    expect(run(`eventTime < '2026-12-01 10:00:00.000'`)).toEqual(['before']);
    expect(run(`recipientAccountId <> '123456789012'`)).toEqual(['other-account']);
  });

  it('treats a missing field as NULL: neither equal nor unequal', () => {
    expect(run(`readOnly = true`)).not.toContain('iam-user-named-alice');
    expect(run(`readOnly <> true`)).toEqual([]);
    expect(run(`readOnly IS NULL`)).toEqual(['iam-user-named-alice']);
  });

  it('groups and counts, and orders by the count', () => {
    const rows = compileQuery(
      `SELECT userIdentity.accountId, COUNT(*) AS n FROM "x" WHERE userIdentity.type = 'AssumedRole' GROUP BY userIdentity.accountId ORDER BY n DESC`,
      knownField,
    ).run(EVENTS);

    expect(rows).toEqual([
      [
        ['accountId', '123456789012'],
        ['n', 8],
      ],
      [
        ['accountId', '210987654321'],
        ['n', 1],
      ],
    ]);
  });

  it('reads the event data store id bare after FROM, dashes and all, as Lake documents it, or quoted', () => {
    expect(compileQuery('SELECT eventName FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE', knownField).from).toBe(
      'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE',
    );
    expect(compileQuery('SELECT eventName FROM "a-b"\nWHERE eventName = \'x\'', knownField).from).toBe('a-b');
  });

  it('refuses what Lake would refuse: unknown columns, type mismatches, more than one statement', () => {
    expect(() => compileQuery(`SELECT eventName FROM "x" WHERE nosuch = 'a'`, knownField)).toThrow(SqlError);
    expect(() => compileQuery(`SELECT eventName FROM "x"; SELECT eventName FROM "y"`, knownField)).toThrow(
      SqlError,
    );
    expect(() => run(`readOnly = 'false'`)).toThrow(/Cannot apply operator/);
  });
});
