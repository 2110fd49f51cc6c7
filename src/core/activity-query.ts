// The CloudTrail Lake query for what one person did with one grant. An Identity Center session shows in
// CloudTrail as the assumed role `AWSReservedSSO_<PermissionSetName>_<16 hex>` named after the person's user
// name: `arn:aws:sts::<account>:assumed-role/AWSReservedSSO_ReadOnlyAccess_0123456789abcdef/alice`.
// Every name and id that goes into the SQL text is checked against what AWS allows and then quoted, so
// nothing from the config, Slack or AWS is ever interpolated raw.

import { UnsafeQueryInput } from './activity-errors.js';

export interface ActivityQueryInput {
  /** The event data store: its ARN or id. */
  eventDataStore: string;
  /** The grant's accounts; empty for a group grant (whatever accounts the group reaches). */
  accountIds: readonly string[];
  /** The permission set's name; undefined for a group grant, or a permission set configured by ARN. */
  permissionSetName?: string | undefined;
  /** The person's Identity Center user name: the role session's name. */
  userName: string;
  /** Activation and revocation (epoch milliseconds). */
  from: number;
  until: number;
  /** The most rows asked for. */
  limit: number;
}

/** The columns asked for, in this order: what the digest needs and nothing more. */
export const ACTIVITY_COLUMNS = [
  'eventTime',
  'eventSource',
  'eventName',
  'readOnly',
  'errorCode',
  'recipientAccountId',
] as const;

const EDS_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:eventdatastore\/([A-Za-z0-9-]{3,128})$/;
const EDS_ID = /^[A-Za-z0-9-]{3,128}$/;
const ACCOUNT_ID = /^\d{12}$/;
// A permission set's name (the SSO admin API's pattern), at most 32 characters so the role name fits 64.
const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
// Role session names allow these characters, at most 64 of them; Identity Center names the session after
// the user name, so a user name outside this set cannot be matched exactly and is refused.
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** The id of an event data store given as an ARN or an id; undefined when it is neither. */
export function eventDataStoreId(value: string): string | undefined {
  const arn = EDS_ARN.exec(value);
  if (arn) return arn[1];
  return EDS_ID.test(value) && !value.startsWith('arn') ? value : undefined;
}

/** A SQL string literal: single quotes doubled, after the value was validated. */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A LIKE pattern part matching `value` exactly: `!` escapes the wildcards `_` and `%` and itself. */
function likeExact(value: string): string {
  return value.replace(/[!_%]/g, (c) => `!${c}`);
}

/** `2026-12-01 22:05:00.000`, UTC: how CloudTrail Lake writes and compares `eventTime`. */
export function lakeTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** The identity Center role session's ARN pattern for the person, in one account or any. */
function sessionPattern(account: string | undefined, permissionSet: string | undefined, user: string) {
  const role =
    permissionSet === undefined
      ? 'AWSReservedSSO!_%'
      : `AWSReservedSSO!_${likeExact(permissionSet)}!_${'_'.repeat(16)}`;
  return `arn:%:sts::${account ?? '%'}:assumed-role/${role}/${likeExact(user)}`;
}

export function buildActivityQuery(input: ActivityQueryInput): string {
  const store = eventDataStoreId(input.eventDataStore);
  if (store === undefined) throw new UnsafeQueryInput('event data store', input.eventDataStore);
  for (const account of input.accountIds)
    if (!ACCOUNT_ID.test(account)) throw new UnsafeQueryInput('account id', account);
  if (input.permissionSetName !== undefined && !PERMISSION_SET_NAME.test(input.permissionSetName))
    throw new UnsafeQueryInput('permission set name', input.permissionSetName);
  if (!SESSION_NAME.test(input.userName)) throw new UnsafeQueryInput('user name', input.userName);
  if (!Number.isFinite(input.from) || !Number.isFinite(input.until) || input.until < input.from)
    throw new UnsafeQueryInput('time window', `${input.from}..${input.until}`);
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > 100_000)
    throw new UnsafeQueryInput('limit', String(input.limit));

  const accounts = input.accountIds.length > 0 ? [...new Set(input.accountIds)] : [undefined];
  const sessions = accounts
    .map((account) => {
      const pattern = sessionPattern(account, input.permissionSetName, input.userName);
      return `userIdentity.arn LIKE ${literal(pattern)} ESCAPE '!'`;
    })
    .join(' OR ');
  return [
    `SELECT ${ACTIVITY_COLUMNS.join(', ')}`,
    // The bare id, as AWS's documentation writes it (`FROM eds-ID`); it is validated to letters, digits and dashes.
    `FROM ${store}`,
    `WHERE eventTime >= ${literal(lakeTime(input.from))}`,
    `AND eventTime <= ${literal(lakeTime(input.until))}`,
    `AND userIdentity.type = 'AssumedRole'`,
    `AND (${sessions})`,
    'ORDER BY eventTime ASC',
    `LIMIT ${input.limit}`,
  ].join('\n');
}
