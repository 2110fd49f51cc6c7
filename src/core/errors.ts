// Errors the caller can act on. Each carries a code and the data a caller needs; the words a person reads
// in Slack are chosen in one place (src/slack/error-text.ts), and `message` is a plain sentence for logs and
// the command line. Every error class of the product derives from LatchkeyError, those defined beside their
// code too (ConfigError, EnvironmentError, HoldingBusy, InvalidJob…), and one that wraps another failure
// keeps it as `cause`.

/**
 * Every code an error of the product may carry. A new error class needs its code here, which in turn makes
 * the type checker ask for its wording in Slack.
 */
export type ErrorCode =
  | 'grant_not_found'
  | 'unknown_entitlement'
  | 'invalid_duration'
  | 'missing_reason'
  | 'not_requester'
  | 'not_approver'
  | 'not_allowed_to_revoke'
  | 'not_allowed_to_cancel'
  | 'illegal_transition'
  | 'version_conflict'
  | 'already_held'
  | 'no_identity_center_user'
  | 'provisioning_failed'
  | 'extension_pending'
  | 'unknown_target'
  | 'provisioning_pending'
  | 'identity_center_unavailable'
  | 'request_not_posted'
  | 'reason_not_accepted'
  | 'too_many_grants'
  | 'start_not_accepted'
  | 'unknown_account'
  | 'accounts_not_applicable'
  | 'organization_unavailable'
  | 'on_call_unavailable'
  | 'unsafe_query_input'
  | 'activity_query_failed'
  | 'activity_query_unfinished'
  | 'not_allowed_to_see_activity'
  | 'activity_not_configured'
  | 'invalid_config'
  | 'invalid_environment'
  | 'invalid_job'
  | 'delivery_already_handled'
  | 'pagerduty_unavailable'
  | 'holding_busy';

export abstract class LatchkeyError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class GrantNotFound extends LatchkeyError {
  readonly code = 'grant_not_found';
  constructor(readonly grantId: string) {
    super(`There is no grant ${grantId}.`);
  }
}

export class UnknownEntitlement extends LatchkeyError {
  readonly code = 'unknown_entitlement';
  constructor(
    readonly entitlementId: string,
    readonly available: string[],
  ) {
    super(`There is no entitlement ${entitlementId}.`);
  }
}

/** Why a duration is refused, with what the person needs to pick one that is accepted. */
export type DurationRefusal =
  /** Not a duration at all; `entitlementId` is absent where the bounds are not the point (an extension). */
  | { why: 'unreadable'; entitlementId?: string }
  | { why: 'out-of-bounds'; entitlementId: string }
  /** An extension past the entitlement's `maxDuration` from now: at most `roomSec` more (none when 0). */
  | { why: 'past-max-duration'; grantId: string; entitlementId: string; roomSec: number }
  /** An extension past the entitlement's `maxTotal`: the grant has run `usedSec`, `leftSec` remain. */
  | {
      why: 'past-max-total';
      grantId: string;
      entitlementId: string;
      maxTotalSec: number;
      usedSec: number;
      leftSec: number;
    };

export class InvalidDuration extends LatchkeyError {
  readonly code = 'invalid_duration';
  constructor(
    readonly given: string,
    readonly minSec: number,
    readonly maxSec: number,
    readonly refusal: DurationRefusal,
  ) {
    super(`The duration ${given} is not accepted (${refusal.why}).`);
  }
}

export class MissingReason extends LatchkeyError {
  readonly code = 'missing_reason';
  constructor() {
    super('Say why you need the access: a reason is required.');
  }
}

export class NotRequester extends LatchkeyError {
  readonly code = 'not_requester';
  constructor(readonly entitlementId: string) {
    super(`You are not among those who may request ${entitlementId}.`);
  }
}

export class NotApprover extends LatchkeyError {
  readonly code = 'not_approver';
  constructor(
    readonly userId: string,
    readonly why: 'not-listed' | 'requester' | 'guest' | 'bot' | 'deactivated',
    readonly entitlementId: string,
  ) {
    super(`${userId} may not decide on requests for ${entitlementId} (${why}).`);
  }
}

export class NotAllowedToRevoke extends LatchkeyError {
  readonly code = 'not_allowed_to_revoke';
  constructor(readonly grantId: string) {
    super(`Only the holder of ${grantId}, one of its approvers or an admin may revoke it.`);
  }
}

export class NotAllowedToCancel extends LatchkeyError {
  readonly code = 'not_allowed_to_cancel';
  constructor(readonly grantId: string) {
    super(`Only the person who asked for ${grantId} may cancel it.`);
  }
}

/**
 * Why a transition is refused, when it is more than the grant's state: `state` says only that the state does
 * not allow it.
 */
export type TransitionRefusal =
  | 'state'
  | 'not-active'
  | 'not-holder'
  | 'no-extension-waiting'
  | 'extension-lapsed'
  | 'before-start'
  | 'within-window'
  | 'before-end'
  | 'approval-window-passed';

/** A transition that the lifecycle does not allow from the grant's current state. */
export class IllegalTransition extends LatchkeyError {
  readonly code = 'illegal_transition';
  constructor(
    readonly grantId: string,
    readonly from: string,
    readonly action: string,
    readonly why: TransitionRefusal = 'state',
  ) {
    super(transitionMessage(grantId, from, action, why));
  }
}

/** For logs and the command line; what a person reads in Slack is worded in src/slack/error-text.ts. */
function transitionMessage(grantId: string, from: string, action: string, why: TransitionRefusal): string {
  return `Grant ${grantId} (${from}) cannot be ${action} now: ${why}.`;
}

/** Another writer changed the grant since it was read. The caller re-reads and decides again. */
export class VersionConflict extends LatchkeyError {
  readonly code = 'version_conflict';
  constructor(
    readonly grantId: string,
    readonly expectedVersion: number,
    options?: { cause?: unknown },
  ) {
    super(`Grant ${grantId} changed since version ${expectedVersion} was read.`, options);
  }
}

export class AlreadyHeld extends LatchkeyError {
  readonly code = 'already_held';
  constructor(
    readonly how: 'standing' | 'grant',
    readonly grantId?: string,
  ) {
    super(
      how === 'standing'
        ? 'The person already holds this access outside Latchkey.'
        : `The person already holds this access through ${grantId}.`,
    );
  }
}

export class NoIdentityCenterUser extends LatchkeyError {
  readonly code = 'no_identity_center_user';
  constructor(
    readonly slackUserId: string,
    /** Slack has no email for the person, Identity Center no user for it, or the user is disabled. */
    readonly why: 'no-email' | 'no-user' | 'disabled',
    readonly email?: string,
  ) {
    // Also the failure reason a grant keeps, and its thread shows, when this ends a provisioning.
    super(
      why === 'no-email'
        ? 'Slack has no email address for you, so Latchkey cannot find your AWS user. Ask an admin to check your profile.'
        : why === 'no-user'
          ? `There is no IAM Identity Center user for ${email}, so there is nothing to grant access to. Ask your AWS administrators to create one.`
          : `The IAM Identity Center user for ${email} is disabled.`,
    );
  }
}

/**
 * Identity Center reported the operation as FAILED, with its reason. For a grant on several accounts,
 * `accounts` says what became of each without AWS's text, which stays in `reason`.
 */
export class ProvisioningFailed extends LatchkeyError {
  readonly code = 'provisioning_failed';
  readonly accounts: string[] | undefined;
  constructor(
    readonly reason: string,
    readonly awsRequestId?: string,
    options?: { cause?: unknown; accounts?: string[] },
  ) {
    super(`Identity Center could not complete the change: ${reason}`, options);
    this.accounts = options?.accounts;
  }
}

export class ExtensionPending extends LatchkeyError {
  readonly code = 'extension_pending';
  constructor(readonly grantId: string) {
    super(`An extension of ${grantId} is already waiting for approval.`);
  }
}

/** A target names an account, permission set or group Identity Center does not have. */
export class UnknownTarget extends LatchkeyError {
  readonly code = 'unknown_target';
  constructor(
    readonly kind: 'account' | 'permissionSet' | 'group',
    readonly given: string,
  ) {
    super(
      kind === 'account'
        ? `${given} is not an AWS account id (twelve digits).`
        : `Identity Center has no ${kind === 'group' ? 'group' : 'permission set'} ${given}.`,
    );
  }
}

/**
 * Identity Center has not finished a change within the wait. Not a failure: the change may still complete,
 * and repeating it is safe, so the caller tries again later.
 */
export class ProvisioningPending extends LatchkeyError {
  readonly code = 'provisioning_pending';
  constructor(
    message: string,
    readonly awsRequestId?: string,
  ) {
    super(message);
  }
}

/**
 * Identity Center answered throttling or a server error, after the SDK's own retries: nothing is wrong with
 * the request, so the step is tried again soon — no sooner than `retryAfterMs` when AWS said how long to wait.
 */
export class IdentityCenterUnavailable extends LatchkeyError {
  readonly code = 'identity_center_unavailable';
  constructor(
    readonly awsCode: string,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(`${awsCode}: ${message}`, options);
  }
}

/** Slack refused the request message, so nothing was stored: the person is told why and may ask again. */
export class RequestNotPosted extends LatchkeyError {
  readonly code = 'request_not_posted';
  constructor(
    readonly channel: string,
    readonly slackError: string,
  ) {
    super(`The request could not be posted in ${channel} (Slack said ${slackError}); nothing was stored.`);
  }
}

/** The reason does not match the entitlement's `reasonPattern`; the hint says what is expected. */
export class ReasonNotAccepted extends LatchkeyError {
  readonly code = 'reason_not_accepted';
  constructor(
    readonly entitlementId: string,
    readonly hint: string | undefined,
  ) {
    super(`${entitlementId} does not accept that reason.${hint ? ` ${hint}` : ''}`);
  }
}

/** The person already has as many grants (pending to active) as one person may have at once. */
export class TooManyGrants extends LatchkeyError {
  readonly code = 'too_many_grants';
  constructor(
    readonly limit: number,
    readonly grants: { id: string; entitlementId: string; state: string }[],
  ) {
    super(`${grants.length} grant(s) open, at most ${limit} at once: ${grants.map((g) => g.id).join(', ')}.`);
  }
}

/** Why a start is refused: not a time at all (as typed after `at` or `in`), in the past, or too far ahead. */
export type StartRefusal =
  | { why: 'unreadable'; kind: 'at' | 'in' }
  | { why: 'past' }
  | { why: 'too-far'; maxLeadTimeSec: number };

/** A requested start that is in the past, too far ahead, or not a time at all. */
export class StartNotAccepted extends LatchkeyError {
  readonly code = 'start_not_accepted';
  readonly why: StartRefusal['why'];
  constructor(
    readonly given: string,
    readonly refusal: StartRefusal,
  ) {
    super(`The start ${given} is not accepted (${refusal.why}).`);
    this.why = refusal.why;
  }
}

/** An account named after `@` that the entitlement does not cover (or that is not ACTIVE). */
export class UnknownAccount extends LatchkeyError {
  readonly code = 'unknown_account';
  constructor(
    readonly entitlementId: string,
    readonly given: string[],
    readonly available: { id: string; name?: string }[],
  ) {
    super(`${entitlementId} does not cover ${given.join(', ')}.`);
  }
}

/** Accounts named after `@` for an entitlement on one account or a group. */
export class AccountsNotApplicable extends LatchkeyError {
  readonly code = 'accounts_not_applicable';
  constructor(readonly entitlementId: string) {
    super(`${entitlementId} is not on several accounts.`);
  }
}

/** AWS Organizations could not be read, so an OU's accounts (or account names) are not known. */
export class OrganizationUnavailable extends LatchkeyError {
  readonly code = 'organization_unavailable';
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Latchkey could not read the accounts from AWS Organizations (${detail}).`, options);
  }
}

/**
 * PagerDuty could not be asked who is on call (too slow, failing, throttling, refusing the token): the
 * request waits for its approvers as usual, and the reason is said in its thread.
 */
export class OnCallUnavailable extends LatchkeyError {
  readonly code = 'on_call_unavailable';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`PagerDuty could not be asked who is on call: ${reason}`, options);
  }
}
