// The one place where Latchkey's errors become the words a person reads in Slack. Errors carry a code and
// data (src/core/errors.ts); each code has its wording here, and says whether it is a refusal the person can
// act on (bad input, not allowed, already held…) or a fault on Latchkey's side (AWS failing, a bug), which is
// logged under a reference the person can quote. The switch is exhaustive: a new error code does not compile
// until it has its words.

import type { ConfigError } from '../config/load.js';
import type {
  ActivityNotConfigured,
  ActivityQueryFailed,
  ActivityQueryUnfinished,
  NotAllowedToSeeActivity,
  UnsafeQueryInput,
} from '../core/activity-errors.js';
import { formatDuration } from '../core/duration.js';
import type {
  AccountsNotApplicable,
  AlreadyHeld,
  ErrorCode,
  ExtensionPending,
  GrantNotFound,
  IdentityCenterUnavailable,
  IllegalTransition,
  InvalidDuration,
  LatchkeyError,
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
} from '../core/errors.js';
import type { FailureReport } from '../core/grant.js';
import type { InvalidJob } from '../lambda/jobs.js';
import type { DeliveryAlreadyHandled } from '../lambda/slack-jobs.js';
import type { PagerDutyError } from '../pagerduty/client.js';
import type { EnvironmentError } from '../runtime/environment.js';
import type { HoldingBusy } from '../service/holdings.js';
import { escapeText } from './escape.js';

/** Every error class of the product, told apart by its code. */
export type KnownError =
  | GrantNotFound
  | UnknownEntitlement
  | InvalidDuration
  | MissingReason
  | NotRequester
  | NotApprover
  | NotAllowedToRevoke
  | NotAllowedToCancel
  | IllegalTransition
  | VersionConflict
  | AlreadyHeld
  | NoIdentityCenterUser
  | ProvisioningFailed
  | ExtensionPending
  | UnknownTarget
  | ProvisioningPending
  | IdentityCenterUnavailable
  | RequestNotPosted
  | ReasonNotAccepted
  | TooManyGrants
  | StartNotAccepted
  | UnknownAccount
  | AccountsNotApplicable
  | OrganizationUnavailable
  | OnCallUnavailable
  | UnsafeQueryInput
  | ActivityQueryFailed
  | ActivityQueryUnfinished
  | NotAllowedToSeeActivity
  | ActivityNotConfigured
  | ConfigError
  | EnvironmentError
  | InvalidJob
  | DeliveryAlreadyHandled
  | PagerDutyError
  | HoldingBusy;

// Each code belongs to exactly one class above, and every code has one: a class left out of KnownError, or a
// code shared by two classes, fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyCodeHasItsClass: Same<KnownError['code'], ErrorCode> = true;
void everyCodeHasItsClass;

/** What a person is told, and whether it is theirs to act on or Latchkey's fault. */
export interface Wording {
  text: string;
  /** A fault on Latchkey's side (AWS, Slack or PagerDuty failing, a bug), not something the person did. */
  fault: boolean;
}

/**
 * How text is set: Slack's mrkdwn (code in backticks, what came from people escaped), or plain text for form
 * fields. `code` sets a value from outside; `literal` sets Latchkey's own text, such as a command to type.
 */
interface Style {
  code(text: string): string;
  literal(text: string): string;
}

const MRKDWN: Style = { code: (text) => `\`${escapeText(text)}\``, literal: (text) => `\`${text}\`` };
const PLAIN: Style = { code: (text) => text, literal: (text) => text };

/** The error in mrkdwn, for a message. */
export function wordingOf(error: LatchkeyError): Wording {
  return word(error as KnownError, MRKDWN);
}

/** The error in plain text, for a form field's error (Slack shows it as typed: no backticks). */
export function plainWordingOf(error: LatchkeyError): string {
  return word(error as KnownError, PLAIN).text;
}

const refusal = (text: string): Wording => ({ text, fault: false });
const fault = (text: string): Wording => ({ text, fault: true });

function word(error: KnownError, s: Style): Wording {
  const c = s.code;
  switch (error.code) {
    case 'grant_not_found':
      return refusal(`There is no grant ${escapeText(error.grantId)}.`);
    case 'unknown_entitlement':
      return refusal(
        `There is no entitlement ${c(error.entitlementId)}.` +
          (error.available.length ? ` You may request: ${error.available.map(c).join(', ')}.` : ''),
      );
    case 'invalid_duration':
      return refusal(durationText(error, s));
    case 'missing_reason':
      return refusal('Say why you need the access: a reason is required.');
    case 'not_requester':
      return refusal(`You are not among those who may request ${c(error.entitlementId)}.`);
    case 'not_approver':
      return refusal(notApproverText(error, s));
    case 'not_allowed_to_revoke':
      return refusal(`Only the holder of ${error.grantId}, one of its approvers or an admin may revoke it.`);
    case 'not_allowed_to_cancel':
      return refusal(`Only the person who asked for ${error.grantId} may cancel it.`);
    case 'illegal_transition':
      return refusal(transitionText(error, s));
    case 'version_conflict':
      return fault(`${error.grantId} changed while Latchkey was working on it. Try again.`);
    case 'already_held':
      return refusal(
        error.how === 'standing' || error.grantId === undefined
          ? 'You already hold this access outside Latchkey, so there is nothing to grant.'
          : `You already hold this access through ${error.grantId}. Use ${s.literal(`/access extend ${error.grantId} <duration>`)} for more time.`,
      );
    case 'no_identity_center_user':
      return refusal(noUserText(error, s));
    case 'provisioning_failed':
      return fault('Identity Center could not make the change.');
    case 'extension_pending':
      return refusal(`An extension of ${error.grantId} is already waiting for approval.`);
    case 'unknown_target':
      return fault(
        error.kind === 'account'
          ? `${escapeText(error.given)} is not an AWS account id (twelve digits).`
          : `Identity Center has no ${error.kind === 'group' ? 'group' : 'permission set'} ${escapeText(error.given)}.`,
      );
    case 'provisioning_pending':
      return fault('Identity Center has not finished the change yet; it is safe to try again.');
    case 'identity_center_unavailable':
      return fault(
        `Identity Center is busy or failing right now (${c(error.awsCode)}). Try again in a moment.`,
      );
    case 'request_not_posted':
      return refusal(
        error.slackError === 'not_in_channel' || error.slackError === 'channel_not_found'
          ? `Latchkey could not post your request in <#${error.channel}> (Slack said ${c(error.slackError)}): ask an admin to invite Latchkey to that channel. Nothing was stored.`
          : `Latchkey could not post your request in <#${error.channel}> (Slack said ${c(error.slackError)}). Nothing was stored; try again.`,
      );
    case 'reason_not_accepted':
      return refusal(
        error.hint
          ? `${c(error.entitlementId)} does not accept that reason. ${error.hint}`
          : `${c(error.entitlementId)} does not accept that reason: it must match the pattern the entitlement sets.`,
      );
    case 'too_many_grants':
      return refusal(
        `You already have ${error.grants.length} grant(s) open, and one person may have at most ${error.limit} at once: ${error.grants
          .map((g) => `${c(g.id)} (${c(g.entitlementId)}, ${g.state})`)
          .join(
            ', ',
          )}. Cancel or revoke one first (${s.literal('/access cancel <grant-id>')}, ${s.literal('/access revoke <grant-id>')}).`,
      );
    case 'start_not_accepted':
      return refusal(startText(error, s));
    case 'unknown_account':
      return refusal(unknownAccountText(error, s));
    case 'accounts_not_applicable':
      return refusal(`${c(error.entitlementId)} is not on several accounts: ask without ${s.literal('@…')}.`);
    case 'organization_unavailable':
      return fault(
        `Latchkey could not read the accounts from AWS Organizations (${error.detail}). Nothing was stored; try again.`,
      );
    case 'on_call_unavailable':
      return fault(`PagerDuty could not be asked who is on call: ${error.reason}`);
    case 'pagerduty_unavailable':
      return fault(`PagerDuty could not be asked: ${error.message}`);
    case 'unsafe_query_input':
      return fault(`The activity query was not run: the ${error.field} is not one CloudTrail Lake accepts.`);
    case 'activity_query_failed':
      return fault(
        `The CloudTrail Lake query ${error.status === 'REFUSED' ? 'was refused' : `ended ${error.status}`}. Try again later.`,
      );
    case 'activity_query_unfinished':
      return fault('The CloudTrail Lake query has not finished yet. Ask again in a minute.');
    case 'not_allowed_to_see_activity':
      return refusal(
        `Only the holder of ${error.grantId}, one of its approvers or an admin may see what was done with it.`,
      );
    case 'activity_not_configured':
      return refusal(
        `Activity digests are not set up here: the config has no ${s.literal('activity.eventDataStore')}.`,
      );
    case 'holding_busy':
      return fault(
        `The same access is being removed for ${error.releasingGrantId} right now. Try again shortly.`,
      );
    case 'invalid_config':
      return fault('Latchkey’s config is not valid. Tell your platform team.');
    case 'invalid_environment':
      return fault('Latchkey is not set up correctly. Tell your platform team.');
    case 'invalid_job':
      return fault('Latchkey received work it could not read.');
    case 'delivery_already_handled':
      return refusal('This was already handled.');
    default:
      return unreachable(error);
  }
}

/**
 * A fault of Identity Center's reported in a grant's thread, from the code it was logged under (a Latchkey
 * error code or an AWS error name): what kind of trouble it is, never AWS's own text.
 */
export function faultSummary(code: string): string {
  if (code === 'identity_center_unavailable') return 'Identity Center is busy or failing';
  if (code === 'provisioning_pending') return 'Identity Center has not finished the change yet';
  if (code === 'provisioning_failed') return 'Identity Center could not make the change';
  if (/AccessDenied|Unauthorized|Forbidden/.test(code)) return "Identity Center refused Latchkey's request";
  return 'something went wrong while talking to Identity Center';
}

/**
 * `Identity Center could not make the change (error `provisioning_failed`, ref `e-7k2m9q4x`)`, unescaped:
 * the caller escapes it with the rest of its text.
 */
export function faultReport(report: { code: string; ref: string }): string {
  return `${faultSummary(report.code)} (error \`${report.code}\`, ref \`${report.ref}\`)`;
}

/**
 * Why a grant failed, as Slack shows it (unescaped): a report of a fault whose details stay in the logs, or
 * the reason.
 */
export function failureText(grant: {
  failureReport?: FailureReport | undefined;
  failureShown?: string | undefined;
  failureReason?: string | undefined;
}): string | undefined {
  const report = grant.failureReport;
  if (report?.accounts?.length) return `${faultReport(report)}: ${report.accounts.join('; ')}.`;
  if (report) return `${faultReport(report)}.`;
  return grant.failureShown ?? grant.failureReason;
}

function unreachable(error: never): never {
  throw new Error(`no wording for ${JSON.stringify(error)}`);
}

function durationText(error: InvalidDuration, s: Style): string {
  const c = s.code;
  const r = error.refusal;
  const bounds = `between ${formatDuration(error.minSec)} and ${formatDuration(error.maxSec)}`;
  switch (r.why) {
    case 'unreadable':
      return r.entitlementId === undefined
        ? `${c(error.given)} is not a duration. Write it like ${s.literal('30m')} or ${s.literal('2h')}.`
        : `${c(error.given)} is not a duration. Write it like ${s.literal('30m')}, ${s.literal('2h')} or ${s.literal('1d')}, ${bounds} for ${c(r.entitlementId)}.`;
    case 'out-of-bounds':
      return `${c(r.entitlementId)} can be granted for ${bounds}; ${c(error.given)} is out of bounds.`;
    case 'past-max-duration':
      return r.roomSec <= 0
        ? `${r.grantId} already runs for the longest time ${c(r.entitlementId)} allows (${formatDuration(error.maxSec)}).`
        : `${r.grantId} can be extended by at most ${formatDuration(r.roomSec)}: ${c(r.entitlementId)} allows ${formatDuration(error.maxSec)} from now.`;
    case 'past-max-total': {
      const max = formatDuration(r.maxTotalSec);
      return r.leftSec <= 0
        ? `${r.grantId} already runs for the most time ${c(r.entitlementId)} allows in all (${max}, extensions included): ask for a new grant when it ends.`
        : `${r.grantId} can be extended by at most ${formatDuration(r.leftSec)}: ${c(r.entitlementId)} allows ${max} in all, extensions included, and ${r.grantId} already runs for ${formatDuration(r.usedSec)}.`;
    }
  }
}

function notApproverText(error: NotApprover, { code: c }: Style): string {
  switch (error.why) {
    case 'bot':
      return 'Bots cannot approve access requests.';
    case 'deactivated':
      return 'Deactivated accounts cannot approve access requests.';
    case 'guest':
      return 'Guest accounts cannot approve access requests.';
    case 'not-listed':
      return `You are not an approver of ${c(error.entitlementId)}, so your decision does not count.`;
    case 'requester':
      return `You cannot approve your own request for ${c(error.entitlementId)}.`;
  }
}

function transitionText(error: IllegalTransition, _s: Style): string {
  const { grantId, from, action } = error;
  switch (error.why) {
    case 'state':
      return `Grant ${grantId} is ${from}; it cannot be ${action} now.`;
    case 'not-active':
      return `Only an active grant can be extended; ${grantId} is ${from}.`;
    case 'not-holder':
      return `Only the holder of ${grantId} can ask to extend it.`;
    case 'no-extension-waiting':
      return `There is no extension of ${grantId} waiting for a decision.`;
    case 'extension-lapsed':
      return `The extension request of ${grantId} has lapsed.`;
    case 'before-start':
      return `Grant ${grantId} has not reached its start.`;
    case 'within-window':
      return `Grant ${grantId} is still within its window.`;
    case 'before-end':
      return `Grant ${grantId} has not reached its end.`;
    case 'approval-window-passed':
      return `The approval window of ${grantId} has passed; the requester can ask again.`;
  }
}

function noUserText(error: NoIdentityCenterUser, _s: Style): string {
  const email = error.email === undefined ? 'you' : escapeText(error.email);
  switch (error.why) {
    case 'no-email':
      return 'Slack has no email address for you, so Latchkey cannot find your AWS user. Ask an admin to check your profile.';
    case 'no-user':
      return `There is no IAM Identity Center user for ${email}, so there is nothing to grant access to. Ask your AWS administrators to create one.`;
    case 'disabled':
      return `The IAM Identity Center user for ${email} is disabled.`;
  }
}

function startText(error: StartNotAccepted, s: Style): string {
  const c = s.code;
  const r = error.refusal;
  switch (r.why) {
    case 'unreadable':
      return `${c(`${r.kind} ${error.given}`)} is not a start: write ${s.literal('at 22:00')}, ${s.literal('at 2026-05-01T09:30')}, ${s.literal('at 2026-05-01T09:30Z')} or ${s.literal('in 2h')}.`;
    case 'past':
      return `The start ${c(error.given)} is in the past: ask for a time ahead.`;
    case 'too-far':
      return `The start ${c(error.given)} is too far ahead: a start may be at most ${formatDuration(r.maxLeadTimeSec)} from now.`;
  }
}

/** Accounts listed by name when they have one, up to twenty. */
const ACCOUNTS_SHOWN = 20;

function unknownAccountText(error: UnknownAccount, { code: c }: Style): string {
  const { available } = error;
  const shown = available.slice(0, ACCOUNTS_SHOWN).map((a) => (a.name ? `${c(a.name)} (${a.id})` : c(a.id)));
  const more = available.length > ACCOUNTS_SHOWN ? ` and ${available.length - ACCOUNTS_SHOWN} more` : '';
  return (
    `${c(error.entitlementId)} does not cover ${error.given.map(c).join(', ')}. ` +
    (available.length > 0
      ? `Name its accounts by id or name: ${shown.join(', ')}${more}.`
      : 'It covers no active account right now.')
  );
}
