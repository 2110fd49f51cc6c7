// The `latchkey.yml` schema. Validation collects every problem at its path (`entitlements[1].maxDuration: …`)
// so a person fixes the file once, not once per run. The output is the core's `Entitlement`s, durations in
// seconds and defaults applied.

import { z } from 'zod';
import { eventDataStoreId } from '../core/activity-query.js';
import { parseDuration } from '../core/duration.js';
import type { AccountScope, Entitlement, Target } from '../core/entitlement.js';
import type { RequestLimits } from '../core/request-input.js';

const duration = z.string().transform((text, ctx) => {
  const seconds = parseDuration(text);
  if (seconds === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a duration; write it like 90s, 30m, 2h or 1d`,
    });
    return z.NEVER;
  }
  return seconds;
});

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const HANDLE = /^@[a-z0-9][a-z0-9._-]*$/i;
const principal = z.string().refine((value) => SLACK_USER_ID.test(value) || HANDLE.test(value), {
  message: 'expected a Slack user id (U…) or a user group handle (@name)',
});
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel id (C…)');

const identityCenter = z.strictObject({
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected an AWS region like eu-west-1'),
  instanceArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/,
      'expected an Identity Center instance ARN',
    ),
  identityStoreId: z
    .string()
    .regex(/^d-[0-9a-f]{10}$|^[0-9a-f-]{36}$/, 'expected an identity store id like d-1234567890'),
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'expected an IAM role ARN')
    .optional(),
  portalUrl: z.url().optional(),
  userMatch: z.enum(['email', 'userName']).default('email'),
  /**
   * The organization's management account. Entitlements on it need IAM actions there on the caller's
   * side (Identity Center creates its AWSReservedSSO_ role as the caller); the deployment grants them
   * only when this is set.
   */
  managementAccount: z
    .string()
    .regex(/^\d{12}$/, 'expected a 12-digit AWS account id (quote it in YAML)')
    .optional(),
});

const slack = z.strictObject({
  approvalChannel: channelId,
  approveReaction: z
    .string()
    .regex(/^[a-z0-9_+-]+$/, 'expected an emoji name without colons')
    .default('white_check_mark'),
  denyReaction: z
    .string()
    .regex(/^[a-z0-9_+-]+$/, 'expected an emoji name without colons')
    .default('x'),
  admins: z.array(principal).default([]),
});

const defaults = z.strictObject({
  maxDuration: duration.default(4 * 3600),
  minDuration: duration.default(5 * 60),
  approvalWindow: duration.default(3600),
  approvals: z.int().min(0).max(10).default(1),
  /** The whole active time of a grant, extensions included; three times maxDuration when not given. */
  maxTotal: duration.optional(),
  /** Grants one person may have at once, from pending to active (scheduled included); omitted = no cap. */
  maxActivePerPerson: z.int().min(1).optional(),
  /** How far ahead a requested start may be. */
  maxLeadTime: duration.default(7 * 86_400),
});

/** A pattern the reason must match, compiled here so a bad one stops the program at load, not at a request. */
const reasonPattern = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
});

const entitlement = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected lower-case letters, digits and dashes'),
  description: z.string().min(1).max(200),
  // YAML reads an unquoted account id as a number, which loses a leading zero: accept it only when whole.
  account: z
    .union([z.string(), z.int().transform(String)])
    .pipe(z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id (quote it if it starts with 0)'))
    .optional(),
  accounts: z
    .array(
      z
        .union([z.string(), z.int().transform(String)])
        .pipe(
          z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id (quote it if it starts with 0)'),
        ),
    )
    .min(1, 'list at least one account')
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, 'an account is listed twice')
    .optional(),
  ou: z
    .string()
    .regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'expected an organizational unit id like ou-ab12-cd34ef56')
    .optional(),
  permissionSet: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  maxDuration: duration.optional(),
  minDuration: duration.optional(),
  approvalWindow: duration.optional(),
  maxTotal: duration.optional(),
  approvers: z.array(principal).default([]),
  approvals: z.int().min(0).max(10).optional(),
  requesters: z.array(principal).optional(),
  selfApprove: z.boolean().default(false),
  channel: channelId.optional(),
  reasonPattern: reasonPattern.optional(),
  reasonHint: z.string().min(1).max(300).optional(),
  autoApprove: z
    .strictObject({
      pagerduty: z.strictObject({
        schedules: z
          .array(z.string().regex(/^P[A-Z0-9]+$/, 'expected a PagerDuty schedule id like PABC123'))
          .min(1, 'list at least one schedule'),
      }),
    })
    .optional(),
});

/** When the sweeper tells people things, and how often the server compares grants with Identity Center. */
const schedule = z.strictObject({
  expiryWarning: duration.default(10 * 60),
  reminderAfter: duration.default(15 * 60),
  reconcileEvery: duration.default(3600),
});

/** What the person did with the access: a CloudTrail Lake query, `delay` after the grant ends. */
const activity = z.strictObject({
  eventDataStore: z.string().refine((value) => eventDataStoreId(value) !== undefined, {
    message: 'expected a CloudTrail Lake event data store ARN (arn:aws:cloudtrail:…:eventdatastore/…) or id',
  }),
  delay: duration.default(15 * 60),
});

/** How long finished grants and their audit events are kept; kept for good when `retain` is not given. */
const audit = z.strictObject({
  retain: duration.optional(),
});

const rawConfig = z.strictObject({
  identityCenter,
  slack,
  defaults: defaults.default({
    maxDuration: 4 * 3600,
    minDuration: 300,
    approvalWindow: 3600,
    approvals: 1,
    maxLeadTime: 7 * 86_400,
  }),
  schedule: schedule.default({ expiryWarning: 10 * 60, reminderAfter: 15 * 60, reconcileEvery: 3600 }),
  entitlements: z.array(entitlement).min(1, 'list at least one entitlement'),
  audit: audit.default({}),
  activity: activity.optional(),
});

export type RawConfig = z.output<typeof rawConfig>;

export interface Config {
  identityCenter: RawConfig['identityCenter'];
  slack: RawConfig['slack'];
  /** In seconds: warn holders this long before the end, remind approvers after this long, reconcile this often. */
  schedule: RawConfig['schedule'];
  entitlements: Entitlement[];
  /** `retainSec`: finished grants and their events are removed this long after they end; never when unset. */
  audit: { retainSec?: number };
  /** Limits on requests that span entitlements. */
  requests: RequestLimits;
  /** The activity digest: the event data store and the delay (seconds) after a grant ends; absent = off. */
  activity?: RawConfig['activity'];
}

/** The schema; its output is ready for the core. Rules that span fields are in `cross-field.ts`. */
export const configSchema = rawConfig.transform((config): Config => {
  const { defaults: d } = config;
  return {
    identityCenter: config.identityCenter,
    slack: config.slack,
    schedule: config.schedule,
    audit: config.audit.retain !== undefined ? { retainSec: config.audit.retain } : {},
    requests: {
      maxLeadTimeSec: d.maxLeadTime,
      ...(d.maxActivePerPerson !== undefined && { maxActivePerPerson: d.maxActivePerPerson }),
    },
    ...(config.activity && { activity: config.activity }),
    entitlements: config.entitlements.map((item) => {
      const target: Target =
        item.group !== undefined
          ? { kind: 'group', group: item.group }
          : {
              kind: 'permissionSet',
              accountId: item.account ?? item.accounts?.[0] ?? '',
              permissionSet: item.permissionSet!,
            };
      const accounts: AccountScope | undefined =
        item.ou !== undefined
          ? { kind: 'ou', ouId: item.ou }
          : item.accounts !== undefined
            ? { kind: 'list', accountIds: item.accounts }
            : undefined;
      return {
        id: item.id,
        description: item.description,
        target,
        ...(accounts && { accounts }),
        approvers: item.approvers,
        requesters: item.requesters,
        approvals: item.approvals ?? d.approvals,
        selfApprove: item.selfApprove,
        minDurationSec: item.minDuration ?? d.minDuration,
        maxDurationSec: item.maxDuration ?? d.maxDuration,
        maxTotalSec: item.maxTotal ?? d.maxTotal ?? 3 * (item.maxDuration ?? d.maxDuration),
        approvalWindowSec: item.approvalWindow ?? d.approvalWindow,
        channel: item.channel ?? config.slack.approvalChannel,
        ...(item.reasonPattern !== undefined && { reasonPattern: item.reasonPattern }),
        ...(item.reasonHint !== undefined && { reasonHint: item.reasonHint }),
        ...(item.autoApprove && { autoApprove: item.autoApprove }),
      };
    }),
  };
});
