// The application behind the worker and the sweeper Lambdas. The Slack handler (slack-front.ts) answers
// Slack and hands everything after the acknowledgement to the worker; the worker runs it, and the grant
// work that follows (talking to Identity Center to change access) in the same invocation, as `serve` does
// after its acknowledgement; the sweeper ends grants on time. They share the store, whose conditional
// writes make a retried invocation (by Slack or by Lambda) harmless: a grant is claimed once, provisioned
// once, revoked once.

import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import {
  type Clock,
  type GrantStore,
  type IdentityCenter,
  type OnCallSource,
  type Organizations,
  sleepOn,
} from '../core/ports.js';
import { createLogger } from '../runtime/logger.js';
import { assembleService } from '../runtime/service.js';
import { watchDeadlines } from '../service/deadline-watch.js';
import { Limiter } from '../service/pool.js';
import { provision } from '../service/provisioner.js';
import { revoke } from '../service/revoker.js';
import { sweepOnce, sweepOptions } from '../service/sweeper.js';
import { POST_ACK_CONCURRENCY, registerListeners } from '../slack/app.js';
import type { WorkerJob } from './jobs.js';
import { createSlackJobRunner } from './slack-jobs.js';
import { POLL_MS, watchUntil } from './sweep-window.js';

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
  /** The Web API base (GovSlack, a proxy, tests). */
  slackApiUrl?: string;
  /** The process's logger; one at LATCHKEY_LOG_LEVEL when not given. */
  log?: Logger;
  /** The time, and how the sweeper waits for it; the system's when not given. */
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** PagerDuty, for on-call auto-approval, when a token is configured. */
  onCall?: OnCallSource;
}

export interface LambdaApp {
  /**
   * One job for the worker: provision or revoke one grant, or run the listener of a Slack request the
   * handler acknowledged. A Slack request is acted on once, however often it is delivered.
   */
  runJob(job: WorkerJob): Promise<void>;
  /**
   * One scheduled run of the sweeper: a pass now, then a pass at each due moment until the next run has
   * certainly begun (see sweep-window.ts), within the function's `remainingMs`. Throws when a revocation
   * keeps failing, so the function's error alarm fires.
   */
  sweep(run: { remainingMs: number }): Promise<void>;
}

/** After this many failed attempts a revocation counts as "keeps failing" and the sweep reports an error. */
const ALARM_AFTER_ATTEMPTS = 3;

export function createLambdaApp(deps: LambdaAppDeps): LambdaApp {
  const log = deps.log ?? createLogger(process.env.LATCHKEY_LOG_LEVEL ?? 'info');
  const slackJobs = createSlackJobRunner({ botToken: deps.slack.botToken, apiUrl: deps.slackApiUrl, log });
  const client = new WebClient(deps.slack.botToken, {
    ...(deps.slackApiUrl && { slackApiUrl: deps.slackApiUrl }),
  });
  // Grant work runs in this invocation, which waits for it before it returns (Lambda freezes a function
  // once it has): a crash in between is finished by the sweeper from the store, as for `serve`.
  const {
    deps: service,
    inProcess,
    homes,
  } = assembleService({
    config: deps.config,
    store: deps.store,
    identityCenter: deps.identityCenter,
    ...(deps.organizations && { organizations: deps.organizations }),
    slack: client,
    log,
    onCall: deps.onCall,
    ...(deps.clock && { clock: deps.clock }),
  });
  const grantWork = inProcess as NonNullable<typeof inProcess>;
  // The watch reads the service's clock, so it waits on that clock's timers: a clock a test moves on
  // wakes it as the time passing would.
  const sleep = deps.sleep ?? ((ms: number) => sleepOn(service.clock, ms));
  registerListeners(slackJobs.app, {
    service,
    work: new Limiter(POST_ACK_CONCURRENCY),
    approveReaction: deps.config.slack.approveReaction,
    denyReaction: deps.config.slack.denyReaction,
    homes,
    log,
  });

  // Grants written by an earlier version are moved into the per-person layout once per container, by the
  // first sweep (see DynamoGrantStore.reindex); cheap once done. It never holds up a revocation: a failure
  // is logged and tried again by the next container.
  let reindexed: Promise<void> | undefined;
  const reindexOnce = () => {
    reindexed ??= service.store.reindex().then(
      (moved) => {
        if (moved > 0) log.info({ moved }, 'grants moved into the per-person index layout');
      },
      (error: unknown) =>
        log.error(
          { err: error },
          'could not move grants into the per-person index layout; Home tabs may miss them',
        ),
    );
    return reindexed;
  };

  return {
    async runJob(job) {
      if (job.kind !== 'slack') {
        await (job.kind === 'provision' ? provision(service, job.grantId) : revoke(service, job.grantId));
        await homes.flushNow();
        return;
      }
      // Remembered when the listener acknowledges, before its work: a second delivery (Slack's retry of an
      // event, Lambda's retry or duplicate of an asynchronous invoke) must never act twice. A listener
      // answers its own failures to the person, who may try again; a repeat run could post a second
      // request or a second reply.
      try {
        await slackJobs.run(job, () => service.store.remember(`slack:${job.key}`, service.clock.now()));
      } finally {
        await grantWork.idle();
        // The container may freeze once the job returns: Home tabs gathered meanwhile go out now.
        await homes.flushNow();
      }
    },
    async sweep({ remainingMs }) {
      const startedAt = service.clock.now();
      await reindexOnce();
      // Passes claim what is due and hand the AWS work to this pool, so that a slow Identity Center delays
      // the end of the access, never the start of the next due revocation.
      const pool = new Limiter(sweepOptions(deps.config.schedule).concurrency);
      const options = sweepOptions(deps.config.schedule, { pool });
      const report = await sweepOnce(service, options);
      const passes = await watchDeadlines(service, {
        until: watchUntil(startedAt, remainingMs),
        pollMs: POLL_MS,
        pass: () => sweepOnce(service, { ...options, dueOnly: true }),
        sleep,
      });
      await pool.idle();
      await grantWork.idle();
      await homes.flushNow();
      log.info({ report, passes }, 'sweep done');
      // Every revocation still failing, not only those due again now: a failed attempt is retried after a
      // backoff, so by the end of the pass that failed it the grant is no longer due.
      const failing = (await service.store.listByState('revoking'))
        .filter((grant) => grant.attempts >= ALARM_AFTER_ATTEMPTS)
        .map((grant) => grant.id);
      if (failing.length > 0) throw new Error(`revocation keeps failing for ${failing.join(', ')}`);
    },
  };
}
