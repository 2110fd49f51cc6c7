// Errors the caller can act on. Each carries what a person needs to hear; the Slack adapter turns them into
// messages in one place (src/slack/replies.ts), the command line prints them.

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
