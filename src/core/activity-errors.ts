// Errors of the activity digest. The sweeper keeps a digest due after any of them (retried with backoff);
// `/access activity` tells the person what happened.

import { LatchkeyError } from './errors.js';

/** A name or id that would go into the query text is not what AWS allows: nothing is sent. */
export class UnsafeQueryInput extends LatchkeyError {
  readonly code = 'unsafe_query_input';
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`The activity query was not run: ${field} ${JSON.stringify(value)} is not a valid ${field}.`);
  }
}

/** CloudTrail Lake ended the query without results (FAILED, CANCELLED, TIMED_OUT) or refused it. */
export class ActivityQueryFailed extends LatchkeyError {
  readonly code = 'activity_query_failed';
  constructor(
    readonly status: string,
    readonly reason: string,
    readonly queryId?: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The CloudTrail Lake query ${status === 'REFUSED' ? 'was refused' : `ended ${status}`}: ${reason}`,
      options,
    );
  }
}

/** The query had not finished when Latchkey stopped waiting; it is asked again later. */
export class ActivityQueryUnfinished extends LatchkeyError {
  readonly code = 'activity_query_unfinished';
  constructor(
    readonly queryId: string,
    readonly status: string,
  ) {
    super(`The CloudTrail Lake query ${queryId} was still ${status} when Latchkey stopped waiting.`);
  }
}

export class NotAllowedToSeeActivity extends LatchkeyError {
  readonly code = 'not_allowed_to_see_activity';
  constructor(readonly grantId: string) {
    super(`Only the holder of ${grantId}, one of its approvers or an admin may see what was done with it.`);
  }
}

/** Activity digests are not configured (`activity.eventDataStore` is missing). */
export class ActivityNotConfigured extends LatchkeyError {
  readonly code = 'activity_not_configured';
  constructor() {
    super('Activity digests are not set up here: the config has no activity.eventDataStore.');
  }
}
