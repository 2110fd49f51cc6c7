// Errors the caller can act on. Each carries what a person needs to hear; the Slack adapter turns them into
// messages in one place (src/slack/replies.ts), the command line prints them. Every error class of the
// product derives from LatchkeyError, those defined beside their code too (ConfigError, EnvironmentError,
// HoldingBusy, InvalidJob), and one that wraps another failure keeps it as `cause`.

export abstract class LatchkeyError extends Error {
  abstract readonly code: string;
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
    super(
      `There is no entitlement \`${entitlementId}\`.` +
        (available.length ? ` You may request: ${available.map((id) => `\`${id}\``).join(', ')}.` : ''),
    );
  }
}

export class InvalidDuration extends LatchkeyError {
  readonly code = 'invalid_duration';
  constructor(
    readonly given: string,
    readonly minSec: number,
    readonly maxSec: number,
    message: string,
  ) {
    super(message);
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
    super(`You are not among those who may request \`${entitlementId}\`.`);
  }
}

export class NotApprover extends LatchkeyError {
  readonly code = 'not_approver';
  constructor(
    readonly userId: string,
    readonly why: 'not-listed' | 'requester' | 'guest' | 'bot' | 'deactivated',
    message: string,
  ) {
    super(message);
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

/** A transition that the lifecycle does not allow from the grant's current state. */
export class IllegalTransition extends LatchkeyError {
  readonly code = 'illegal_transition';
  constructor(
    readonly grantId: string,
    readonly from: string,
    readonly action: string,
    message?: string,
  ) {
    super(message ?? `Grant ${grantId} is ${from}; it cannot be ${action} now.`);
  }
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
        ? 'You already hold this access outside Latchkey, so there is nothing to grant.'
        : `You already hold this access through ${grantId}. Use \`/access extend ${grantId} <duration>\` for more time.`,
    );
  }
}

export class NoIdentityCenterUser extends LatchkeyError {
  readonly code = 'no_identity_center_user';
  constructor(
    readonly slackUserId: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Identity Center reported the operation as FAILED, with its reason. */
export class ProvisioningFailed extends LatchkeyError {
  readonly code = 'provisioning_failed';
  constructor(
    readonly reason: string,
    readonly awsRequestId?: string,
  ) {
    super(`Identity Center could not complete the change: ${reason}`);
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
    super(
      slackError === 'not_in_channel' || slackError === 'channel_not_found'
        ? `Latchkey could not post your request in <#${channel}> (Slack said \`${slackError}\`): ask an admin to invite Latchkey to that channel. Nothing was stored.`
        : `Latchkey could not post your request in <#${channel}> (Slack said \`${slackError}\`). Nothing was stored; try again.`,
    );
  }
}

/** The reason does not match the entitlement's `reasonPattern`; the hint says what is expected. */
export class ReasonNotAccepted extends LatchkeyError {
  readonly code = 'reason_not_accepted';
  constructor(
    readonly entitlementId: string,
    readonly hint: string | undefined,
  ) {
    super(
      hint
        ? `\`${entitlementId}\` does not accept that reason. ${hint}`
        : `\`${entitlementId}\` does not accept that reason: it must match the pattern the entitlement sets.`,
    );
  }
}

/** The person already has as many grants (pending to active) as one person may have at once. */
export class TooManyGrants extends LatchkeyError {
  readonly code = 'too_many_grants';
  constructor(
    readonly limit: number,
    readonly grants: { id: string; entitlementId: string; state: string }[],
  ) {
    super(
      `You already have ${grants.length} grant(s) open, and one person may have at most ${limit} at once: ${grants
        .map((g) => `\`${g.id}\` (\`${g.entitlementId}\`, ${g.state})`)
        .join(
          ', ',
        )}. Cancel or revoke one first (\`/access cancel <grant-id>\`, \`/access revoke <grant-id>\`).`,
    );
  }
}

/** A requested start that is in the past, too far ahead, or not a time at all. */
export class StartNotAccepted extends LatchkeyError {
  readonly code = 'start_not_accepted';
  constructor(
    readonly given: string,
    readonly why: 'past' | 'too-far' | 'unreadable',
    message: string,
  ) {
    super(message);
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
    const shown = available.slice(0, 20).map((a) => (a.name ? `\`${a.name}\` (${a.id})` : `\`${a.id}\``));
    const more = available.length > 20 ? ` and ${available.length - 20} more` : '';
    super(
      `\`${entitlementId}\` does not cover ${given.map((g) => `\`${g}\``).join(', ')}. ` +
        (available.length > 0
          ? `Name its accounts by id or name: ${shown.join(', ')}${more}.`
          : 'It covers no active account right now.'),
    );
  }
}

/** Accounts named after `@` for an entitlement on one account or a group. */
export class AccountsNotApplicable extends LatchkeyError {
  readonly code = 'accounts_not_applicable';
  constructor(readonly entitlementId: string) {
    super(`\`${entitlementId}\` is not on several accounts: ask without \`@…\`.`);
  }
}

/** AWS Organizations could not be read, so an OU's accounts (or account names) are not known. */
export class OrganizationUnavailable extends LatchkeyError {
  readonly code = 'organization_unavailable';
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Latchkey could not read the accounts from AWS Organizations (${detail}). Nothing was stored; try again.`,
      options,
    );
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
