// Every error of the product has the words a person reads in Slack, chosen in one place: one example of
// each code (the type checker asks for every code), each worded, each a refusal or a fault.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/bundle.js';
import { ConfigError } from '../../src/config/load.js';
import {
  ActivityNotConfigured,
  ActivityQueryFailed,
  ActivityQueryUnfinished,
  NotAllowedToSeeActivity,
  UnsafeQueryInput,
} from '../../src/core/activity-errors.js';
import {
  AccountsNotApplicable,
  AlreadyHeld,
  type ErrorCode,
  ExtensionPending,
  GrantNotFound,
  IdentityCenterUnavailable,
  IllegalTransition,
  InvalidDuration,
  type LatchkeyError,
  MissingReason,
  NoIdentityCenterUser,
  NotAllowedToCancel,
  NotAllowedToRevoke,
  NotApprover,
  NotRequester,
  OnCallUnavailable,
  OrganizationUnavailable,
  ProvisioningFailed,
  ProvisioningPending,
  ReasonNotAccepted,
  RequestNotPosted,
  StartNotAccepted,
  TooManyGrants,
  UnknownAccount,
  UnknownEntitlement,
  UnknownTarget,
  VersionConflict,
} from '../../src/core/errors.js';
import { InvalidJob } from '../../src/lambda/jobs.js';
import { DeliveryAlreadyHandled } from '../../src/lambda/slack-jobs.js';
import { PagerDutyError } from '../../src/pagerduty/client.js';
import { EnvironmentError } from '../../src/runtime/environment.js';
import { HoldingBusy } from '../../src/service/holdings.js';
import { failureText, faultSummary, plainWordingOf, wordingOf } from '../../src/slack/error-text.js';

/** One error of each code: a code without its example does not compile. */
const EXAMPLES: { [C in ErrorCode]: LatchkeyError & { code: C } } = {
  grant_not_found: new GrantNotFound('g-zzzzzzzz'),
  unknown_entitlement: new UnknownEntitlement('prod', ['prod-admin', 'billing-read']),
  invalid_duration: new InvalidDuration('3x', 300, 7200, { why: 'unreadable', entitlementId: 'prod-admin' }),
  missing_reason: new MissingReason(),
  not_requester: new NotRequester('billing-read'),
  not_approver: new NotApprover('U0BOB', 'not-listed', 'prod-admin'),
  not_allowed_to_revoke: new NotAllowedToRevoke('g-aaaaaaaa'),
  not_allowed_to_cancel: new NotAllowedToCancel('g-aaaaaaaa'),
  illegal_transition: new IllegalTransition('g-aaaaaaaa', 'denied', 'approved'),
  version_conflict: new VersionConflict('g-aaaaaaaa', 3),
  already_held: new AlreadyHeld('grant', 'g-aaaaaaaa'),
  no_identity_center_user: new NoIdentityCenterUser('U0ALICE', 'no-user', 'alice@example.com'),
  provisioning_failed: new ProvisioningFailed('the permission set is not provisioned', 'req-1'),
  extension_pending: new ExtensionPending('g-aaaaaaaa'),
  unknown_target: new UnknownTarget('group', 'Ops'),
  provisioning_pending: new ProvisioningPending('the change was still in progress after 60s', 'req-1'),
  identity_center_unavailable: new IdentityCenterUnavailable('ThrottlingException', 'Rate exceeded', 1000),
  request_not_posted: new RequestNotPosted('C0APPROVALS', 'not_in_channel'),
  reason_not_accepted: new ReasonNotAccepted(
    'workloads-read',
    'Start the reason with the ticket, like OPS-123.',
  ),
  too_many_grants: new TooManyGrants(1, [{ id: 'g-aaaaaaaa', entitlementId: 'prod-admin', state: 'active' }]),
  start_not_accepted: new StartNotAccepted('25:00', { why: 'unreadable', kind: 'at' }),
  unknown_account: new UnknownAccount(
    'workloads-read',
    ['analytics'],
    [{ id: '111111111111', name: 'prod' }],
  ),
  accounts_not_applicable: new AccountsNotApplicable('prod-admin'),
  organization_unavailable: new OrganizationUnavailable('AccessDeniedException: not allowed'),
  on_call_unavailable: new OnCallUnavailable('no answer in time'),
  unsafe_query_input: new UnsafeQueryInput('user name', "alice'--"),
  activity_query_failed: new ActivityQueryFailed('FAILED', 'Query exceeded the limit of scanned data.'),
  activity_query_unfinished: new ActivityQueryUnfinished('q-1', 'RUNNING'),
  not_allowed_to_see_activity: new NotAllowedToSeeActivity('g-aaaaaaaa'),
  activity_not_configured: new ActivityNotConfigured(),
  invalid_config: new ConfigError('latchkey.yml', ['entitlements[0].maxDuration: not a duration']),
  invalid_environment: new EnvironmentError(['SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN']),
  invalid_job: new InvalidJob('expected an object'),
  delivery_already_handled: new DeliveryAlreadyHandled('event:Ev1'),
  pagerduty_unavailable: new PagerDutyError('no answer in time'),
  holding_busy: new HoldingBusy('g-bbbbbbbb'),
};

/** The classes of the product that derive from LatchkeyError, read from the source. */
function latchkeyErrorClasses(): string[] {
  const names: string[] = [];
  for (const folder of ['src', 'commands']) {
    for (const entry of readdirSync(join(REPO_ROOT, folder), { recursive: true, encoding: 'utf8' })) {
      const path = `${folder}/${entry}`;
      if (!path.endsWith('.ts') || path.startsWith('src/sim/')) continue;
      const text = readFileSync(join(REPO_ROOT, path), 'utf8');
      for (const [, name] of text.matchAll(/class\s+(\w+)\s+extends\s+LatchkeyError\b/g)) names.push(name!);
    }
  }
  return names.sort();
}

describe('Module: error-text', () => {
  describe('Function: wordingOf', () => {
    it('has an example of every error class of the product', () => {
      const exampled = Object.values(EXAMPLES)
        .map((e) => e.constructor.name)
        .sort();

      expect(exampled).toEqual(latchkeyErrorClasses());
    });

    it.each(Object.entries(EXAMPLES))('words %s', (code, error) => {
      const { text } = wordingOf(error);

      expect(error.code).toBe(code);
      expect(text.length).toBeGreaterThan(10);
      expect(text).not.toMatch(/undefined|\[object /);
    });

    it('tells refusals (the person can act) from faults (logged under a reference)', () => {
      const faults = Object.entries(EXAMPLES)
        .filter(([, e]) => wordingOf(e).fault)
        .map(([code]) => code)
        .sort();

      expect(faults).toEqual([
        'activity_query_failed',
        'activity_query_unfinished',
        'holding_busy',
        'identity_center_unavailable',
        'invalid_config',
        'invalid_environment',
        'invalid_job',
        'on_call_unavailable',
        'organization_unavailable',
        'pagerduty_unavailable',
        'provisioning_failed',
        'provisioning_pending',
        'unknown_target',
        'unsafe_query_input',
        'version_conflict',
      ]);
    });

    it('names the channel a request could not be posted in, and what to do', () => {
      expect(wordingOf(EXAMPLES.request_not_posted).text).toBe(
        'Latchkey could not post your request in <#C0APPROVALS> (Slack said `not_in_channel`): ask an admin to invite Latchkey to that channel. Nothing was stored.',
      );
    });

    it('lists what may be requested instead of an unknown entitlement', () => {
      expect(wordingOf(EXAMPLES.unknown_entitlement).text).toBe(
        'There is no entitlement `prod`. You may request: `prod-admin`, `billing-read`.',
      );
    });

    it('lists the open grants of a person at the cap, with how to close one', () => {
      expect(wordingOf(EXAMPLES.too_many_grants).text).toBe(
        'You already have 1 grant(s) open, and one person may have at most 1 at once: `g-aaaaaaaa` (`prod-admin`, active). Cancel or revoke one first (`/access cancel <grant-id>`, `/access revoke <grant-id>`).',
      );
    });

    it('keeps what a person typed from mentioning anyone', () => {
      const typed = new InvalidDuration('<!channel>', 300, 7200, {
        why: 'unreadable',
        entitlementId: 'prod-admin',
      });

      expect(wordingOf(typed).text).toContain('`&lt;!channel&gt;` is not a duration');
      expect(wordingOf(typed).text).not.toContain('<!channel>');
    });

    it('keeps AWS’s own text out of a fault', () => {
      const { text } = wordingOf(EXAMPLES.activity_query_failed);

      expect(text).toBe('The CloudTrail Lake query ended FAILED. Try again later.');
    });
  });

  describe('Function: plainWordingOf', () => {
    it('words a form field’s error without mrkdwn', () => {
      expect(plainWordingOf(EXAMPLES.invalid_duration)).toBe(
        '3x is not a duration. Write it like 30m, 2h or 1d, between 5m and 2h for prod-admin.',
      );
      expect(plainWordingOf(new StartNotAccepted('2020-01-01T00:00:00.000Z', { why: 'past' }))).toBe(
        'The start 2020-01-01T00:00:00.000Z is in the past: ask for a time ahead.',
      );
    });
  });
});

describe('Function: faultSummary', () => {
  it.each([
    ['identity_center_unavailable', 'Identity Center is busy or failing'],
    ['provisioning_pending', 'Identity Center has not finished the change yet'],
    ['provisioning_failed', 'Identity Center could not make the change'],
    ['AccessDeniedException', "Identity Center refused Latchkey's request"],
    ['internal_error', 'something went wrong while talking to Identity Center'],
  ])('says what kind of trouble %s is', (code, summary) => {
    expect(faultSummary(code)).toBe(summary);
  });
});

describe('Function: failureText', () => {
  it('shows a failure whose details stay in the logs as its code and reference', () => {
    const grant = {
      failureReason:
        'Identity Center could not complete the change: arn:aws:iam::123456789012:role/x is missing',
      failureReport: { code: 'provisioning_failed', ref: 'e-7k2m9q4x' },
    };

    expect(failureText(grant)).toBe(
      'Identity Center could not make the change (error `provisioning_failed`, ref `e-7k2m9q4x`).',
    );
  });

  it('shows what a grant failed before reports were kept still shows, else its reason', () => {
    expect(failureText({ failureShown: 'shown then', failureReason: 'AWS text' })).toBe('shown then');
    expect(
      failureText({ failureReason: 'The IAM Identity Center user for alice@example.com is disabled.' }),
    ).toBe('The IAM Identity Center user for alice@example.com is disabled.');
  });
});
