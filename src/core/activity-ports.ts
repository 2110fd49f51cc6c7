// What the activity digest needs from the outside: CloudTrail Lake to run a query, Slack to post the digest
// in the grant's thread. The adapters are src/aws/cloudtrail.ts and src/slack/activity-poster.ts. The poster
// is handed data (the digest, why it is late), never text: its words are Slack's side.

import type { ActivityDigest, ActivityEvent } from './activity-digest.js';
import type { FailureReport, Grant } from './grant.js';

export interface ActivityRows {
  events: ActivityEvent[];
  /** The query's row limit was reached. */
  truncated: boolean;
  queryId: string;
}

export interface ActivitySource {
  /** Starts the query; answers its id. Throws `ActivityQueryFailed` when CloudTrail Lake refuses it. */
  start(sql: string): Promise<string>;
  /**
   * Waits a while for the query and answers its rows, every page; `undefined` while it is still running.
   * Throws `ActivityQueryFailed` when CloudTrail Lake ended it without results.
   */
  results(queryId: string, limit: number): Promise<ActivityRows | undefined>;
  /** Starts the query and waits for its rows; throws `ActivityQueryUnfinished` when the wait is over. */
  run(sql: string, limit: number): Promise<ActivityRows>;
}

/** Why a digest could not be made yet, and when it is tried again. */
export interface DigestDelay {
  /** What failed, as logged: its code and the reference of the log line with the whole error. */
  report: FailureReport;
  retryInMs: number;
}

export interface ActivityPoster {
  /**
   * Posts the digest in the grant's thread and answers the reply's ts. Throws when Slack refuses. The reply
   * is marked so that `findPosted` can recognise it.
   */
  postDigest(grant: Grant, digest: ActivityDigest): Promise<string>;
  /** Says in the grant's thread that its digest is late. Throws when Slack refuses. */
  postDelay(grant: Grant, delay: DigestDelay): Promise<void>;
  /** The digest already posted in the grant's thread, if any: for a post a crash left unrecorded. */
  findPosted(grant: Grant): Promise<string | undefined>;
}

/** The activity digest's parts, present when the config has `activity`. */
export interface ActivityDeps {
  source: ActivitySource;
  poster: ActivityPoster;
  eventDataStore: string;
  /** After the grant's end (seconds). */
  delaySec: number;
}
