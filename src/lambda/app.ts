// The application behind the three Lambda functions. The Slack handler answers Slack and hands the slow
// work (talking to Identity Center to change access) to the worker through `enqueue`; the worker and the
// sweeper do that work. All three share the store, whose conditional writes make a retried invocation
// (by Slack or by Lambda) harmless: a grant is claimed once, provisioned once, revoked once.

import type { AwsLambdaReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { GrantStore, IdentityCenter, OnCallSource, Organizations } from '../core/ports.js';
import { createLogger } from '../runtime/logger.js';
import { assembleService } from '../runtime/service.js';
import { Limiter } from '../service/pool.js';
import { provision } from '../service/provisioner.js';
import { revoke } from '../service/revoker.js';
import { sweepOnce, sweepOptions } from '../service/sweeper.js';
import { createBoltApp, POST_ACK_CONCURRENCY, registerListeners } from '../slack/app.js';
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
  /** Identity Center, through the SDK clients this function's role signs for. */
  identityCenter: IdentityCenter;
  /** AWS Organizations, for entitlements on an OU and accounts named by name. */
  organizations?: Organizations;
  /**
   * Bolt's receiver, built with the signing secret. Lambda freezes the container once the response is
   * returned, so the app processes each request before answering.
   */
  receiver: AwsLambdaReceiver;
  /** Hands slow work to the worker Lambda (an asynchronous invoke) so that Slack gets its answer in time. */
  enqueue(job: WorkerJob): Promise<void>;
  /** The Web API base (GovSlack, a proxy, tests). */
  slackApiUrl?: string;
  /** The process's logger; one at LATCHKEY_LOG_LEVEL when not given. */
  log?: Logger;
  /** PagerDuty, for on-call auto-approval, when a token is configured. */
  onCall?: OnCallSource;
}

export interface LambdaApp {
  /** A Function URL request from Slack, answered through Bolt's `AwsLambdaReceiver`. */
  slackHandler(event: SlackLambdaEvent, context: unknown): Promise<SlackLambdaResponse>;
  /** One job from the Slack handler: provision or revoke one grant. */
  runJob(job: WorkerJob): Promise<void>;
  /** One sweep. Throws when a revocation keeps failing, so the function's error alarm fires. */
  sweep(): Promise<void>;
}

/** After this many failed attempts a revocation counts as "keeps failing" and the sweep reports an error. */
const ALARM_AFTER_ATTEMPTS = 3;

export function createLambdaApp(deps: LambdaAppDeps): LambdaApp {
  const log = deps.log ?? createLogger(process.env.LATCHKEY_LOG_LEVEL ?? 'info');
  const bolt = createBoltApp({
    botToken: deps.slack.botToken,
    apiUrl: deps.slackApiUrl,
    transport: { kind: 'receiver', receiver: deps.receiver },
    processBeforeResponse: true,
    log,
  });
  const { deps: service, homes } = assembleService({
    config: deps.config,
    store: deps.store,
    identityCenter: deps.identityCenter,
    ...(deps.organizations && { organizations: deps.organizations }),
    slack: bolt.client,
    log,
    dispatcher: { dispatch: (job) => deps.enqueue(job) },
    onCall: deps.onCall,
  });
  registerListeners(bolt, {
    service,
    work: new Limiter(POST_ACK_CONCURRENCY),
    approveReaction: deps.config.slack.approveReaction,
    denyReaction: deps.config.slack.denyReaction,
    homes,
    log,
  });
  const handler = deps.receiver.toHandler();

  return {
    // Slack's answer is not held up for Home tabs: those gathered here go out with the timer, or with the
    // next invocation of this container.
    slackHandler: (event, context) => handler(event, context),
    async runJob(job) {
      if (job.kind === 'provision') await provision(service, job.grantId);
      else await revoke(service, job.grantId);
      // The container may freeze once the job returns: Home tabs gathered meanwhile go out now.
      await homes.flushNow();
    },
    async sweep() {
      const report = await sweepOnce(service, sweepOptions(deps.config.schedule));
      await homes.flushNow();
      log.info({ report }, 'sweep done');
      // Every revocation still failing, not only those due again now: a failed attempt is retried after a
      // backoff, so by the end of the pass that failed it the grant is no longer due.
      const failing = (await service.store.listByState('revoking'))
        .filter((grant) => grant.attempts >= ALARM_AFTER_ATTEMPTS)
        .map((grant) => grant.id);
      if (failing.length > 0) throw new Error(`revocation keeps failing for ${failing.join(', ')}`);
    },
  };
}
