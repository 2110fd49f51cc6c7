// The simulator's CloudTrail events, in CloudTrail Lake's schema (nested `userIdentity`, `eventTime` as
// `YYYY-MM-DD HH:MM:SS.mmm` UTC), and a helper that writes the event an Identity Center session leaves.

import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';

const time = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms =
    typeof value === 'number'
      ? value
      : Date.parse(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a time` });
    return z.NEVER;
  }
  return lakeTimestamp(ms);
});

export const simEventSchema = z.object({
  eventTime: time,
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  readOnly: z.boolean().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  recipientAccountId: z.string().regex(/^\d{12}$/),
  awsRegion: z.string().default('eu-west-1'),
  eventID: z.string().default(() => randomUUID()),
  eventCategory: z.string().default('Management'),
  userIdentity: z
    .object({
      type: z.string(),
      arn: z.string().optional(),
      accountId: z.string().optional(),
      principalId: z.string().optional(),
    })
    .passthrough(),
});

export type SimEventInput = z.input<typeof simEventSchema>;
export type SimEvent = z.output<typeof simEventSchema>;

export function lakeTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** The fields a query may name: CloudTrail Lake's event schema (nested records below these are open). */
const TOP = new Set(
  [
    'eventVersion',
    'eventSource',
    'eventName',
    'eventTime',
    'eventType',
    'eventCategory',
    'eventID',
    'awsRegion',
    'sourceIPAddress',
    'userAgent',
    'errorCode',
    'errorMessage',
    'readOnly',
    'recipientAccountId',
    'requestID',
    'managementEvent',
    'sessionCredentialFromConsole',
    'userIdentity',
    'requestParameters',
    'responseElements',
    'additionalEventData',
    'resources',
    'tlsDetails',
    'sharedEventID',
    'vpcEndpointId',
  ].map((f) => f.toLowerCase()),
);
const USER_IDENTITY = new Set(
  [
    'type',
    'principalId',
    'arn',
    'accountId',
    'accessKeyId',
    'userName',
    'sessionContext',
    'invokedBy',
    'identityProvider',
    'credentialId',
    'onBehalfOf',
  ].map((f) => f.toLowerCase()),
);

export function knownField(path: string[]): boolean {
  const [top, sub] = path.map((p) => p.toLowerCase());
  if (top === undefined || !TOP.has(top)) return false;
  if (top === 'useridentity' && sub !== undefined) return USER_IDENTITY.has(sub);
  return true;
}

export interface SessionEvent {
  account: string;
  /** The permission set's name: the role is AWSReservedSSO_<name>_<16 hex>. */
  permissionSet: string;
  /** The Identity Center user name: the role session's name. */
  userName: string;
  at: number;
  source: string;
  name: string;
  readOnly?: boolean;
  errorCode?: string;
}

/** The event a call made in an Identity Center session leaves in CloudTrail. */
export function ssoSessionEvent(e: SessionEvent): SimEventInput {
  const suffix = createHash('sha256').update(`${e.account}/${e.permissionSet}`).digest('hex').slice(0, 16);
  const role = `AWSReservedSSO_${e.permissionSet}_${suffix}`;
  return {
    eventTime: e.at,
    eventSource: e.source,
    eventName: e.name,
    ...(e.readOnly !== undefined && { readOnly: e.readOnly }),
    ...(e.errorCode && { errorCode: e.errorCode }),
    recipientAccountId: e.account,
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${e.account}:assumed-role/${role}/${e.userName}`,
      accountId: e.account,
      principalId: `AROA${suffix.toUpperCase()}:${e.userName}`,
      sessionContext: { sessionIssuer: { type: 'Role', userName: role, accountId: e.account } },
    },
  };
}
