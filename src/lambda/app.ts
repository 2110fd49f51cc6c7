// The seam between the Lambda entry points and the application. The Lambda adapters (slack.ts, worker.ts,
// sweeper.ts) do the cold-start wiring in runtime.ts and hand everything to `createLambdaApp`; the
// application behind it decides what a Slack request, a job or a sweep does.

import type { AwsLambdaReceiver } from '@slack/bolt';
import type { Config } from '../config/schema.js';
import type { GrantStore } from '../core/ports.js';
import type { WorkerJob } from './jobs.js';

/** Bolt's Lambda handler, as `AwsLambdaReceiver.toHandler()` returns it (its types are not exported). */
export type SlackLambdaHandler = ReturnType<AwsLambdaReceiver['toHandler']>;
export type SlackLambdaEvent = Parameters<SlackLambdaHandler>[0];
export type SlackLambdaResponse = Awaited<ReturnType<SlackLambdaHandler>>;

export interface SlackCredentials {
  botToken: string;
  signingSecret: string;
}

export interface LambdaAppDeps {
  config: Config;
  store: GrantStore;
  slack: SlackCredentials;
  /**
   * Bolt's receiver, built with the signing secret. The app passes it to `new App({ receiver,
   * processBeforeResponse: true })`: Lambda freezes the container once the response is returned.
   */
  receiver: AwsLambdaReceiver;
  /**
   * Hands slow work to the worker Lambda (an asynchronous invoke) so that Slack gets its answer within
   * three seconds. Only the Slack handler's role may call it.
   */
  enqueue(job: WorkerJob): Promise<void>;
}

/**
 * What each Lambda calls. The Slack handler's role may only read Identity Center; provisioning and
 * revoking happen in `runJob` (worker) and `sweep` (sweeper), whose roles may change assignments.
 */
export interface LambdaApp {
  /** A Function URL request from Slack, answered through Bolt's `AwsLambdaReceiver`. */
  slackHandler(event: SlackLambdaEvent, context: unknown): Promise<SlackLambdaResponse>;
  /** One job from the worker queue; throws to have Lambda retry it and, after the retries, dead-letter it. */
  runJob(job: WorkerJob): Promise<void>;
  /** One sweep: expiries, deadlines, retries. Throws when a revocation keeps failing, so the alarm fires. */
  sweep(): Promise<void>;
}

export function createLambdaApp(_deps: LambdaAppDeps): LambdaApp {
  throw new Error('Latchkey Lambda app is not wired yet');
}
