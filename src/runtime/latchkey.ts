// One running Latchkey: the Bolt app and the scheduler on an assembled grant service. `latchkey serve`
// builds its parts from the environment; the end-to-end tests build them around the simulators.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { activityDueAt } from '../core/activity.js';
import type { ActivitySource } from '../core/activity-ports.js';
import type { Clock, GrantStore, IdentityCenter, OnCallSource, Organizations } from '../core/ports.js';
import type { ServiceDeps } from '../service/deps.js';
import { watchDrift } from '../service/drift-watch.js';
import type { InProcessDispatcher } from '../service/in-process.js';
import { Limiter } from '../service/pool.js';
import { type Scheduler, type SchedulerOptions, startScheduler } from '../service/scheduler.js';
import { sweepOptions } from '../service/sweeper.js';
import { createBoltApp, POST_ACK_CONCURRENCY, registerListeners } from '../slack/app.js';
import { driftText } from '../slack/drift-text.js';
import type { HomePublisher } from '../slack/home-publisher.js';
import type { Slack } from './environment.js';
import { assembleService } from './service.js';

export interface LatchkeyParts {
  config: Config;
  store: GrantStore;
  identityCenter: IdentityCenter;
  organizations?: Organizations;
  slack: Slack;
  /** HTTP mode's port (0 = any free one). */
  port: number;
  log: Logger;
  clock?: Clock;
  scheduler?: Partial<SchedulerOptions>;
  checkpoint?: ServiceDeps['checkpoint'];
  /** Where activity digests are queried (the sandbox's or a test's simulator); CloudTrail Lake otherwise. */
  activitySource?: ActivitySource;
  /** How often the server compares grants with Identity Center (default: the config's schedule; 0 = never). */
  reconcileEveryMs?: number;
  /** PagerDuty, for on-call auto-approval. */
  onCall?: OnCallSource | undefined;
}

export interface RunningLatchkey {
  deps: ServiceDeps;
  homes: HomePublisher;
  dispatcher: InProcessDispatcher;
  scheduler: Scheduler;
  /** The port the bot listens on, in HTTP mode. */
  port: number | undefined;
  /**
   * Resolves once nothing is in flight: every Slack request received so far handled to the end of the work
   * after its acknowledgement, the grant work that started, a sweeper pass under way and the work it handed
   * over, and what is being said in Slack about it. The Home tabs' gathered publishes and passes still to
   * come are not waited for.
   */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLatchkey(parts: LatchkeyParts): Promise<RunningLatchkey> {
  const { config, slack, log } = parts;
  const bolt = createBoltApp({
    botToken: slack.botToken,
    apiUrl: slack.apiUrl,
    transport:
      slack.kind === 'socket'
        ? { kind: 'socket', appToken: slack.appToken }
        : { kind: 'http', signingSecret: slack.signingSecret, port: parts.port },
    log,
  });
  // Each Slack request from its arrival until its listener's work is done, whichever transport brought it.
  const handling = new Set<Promise<void>>();
  bolt.use(async ({ next }) => {
    const handled = next();
    handling.add(handled);
    try {
      await handled;
    } finally {
      handling.delete(handled);
    }
  });
  const { deps, inProcess, homes, notifier } = assembleService({
    config,
    store: parts.store,
    identityCenter: parts.identityCenter,
    ...(parts.organizations && { organizations: parts.organizations }),
    slack: bolt.client,
    log,
    ...(parts.clock && { clock: parts.clock }),
    ...(parts.checkpoint && { checkpoint: parts.checkpoint }),
    onCall: parts.onCall,
    ...(parts.activitySource && { activitySource: parts.activitySource }),
  });
  const work = new Limiter(POST_ACK_CONCURRENCY);
  registerListeners(bolt, {
    service: deps,
    work,
    approveReaction: config.slack.approveReaction,
    denyReaction: config.slack.denyReaction,
    homes,
    log,
  });
  const dispatcher = inProcess!;
  const scheduler = startScheduler(deps, {
    backstopMs: 30_000,
    ...sweepOptions(config.schedule),
    ...parts.scheduler,
  });
  // A grant that just became active is due at its end, a scheduled one at its start: make sure the timer knows.
  dispatcher.bind(deps, (grantId) => {
    // Only a hint for the timer (the backstop pass finds the grant anyway): a failed read is logged, never
    // left as an unhandled rejection that would end the process.
    deps.store
      .get(grantId)
      .then((grant) => {
        // An ended grant's next moment is its activity digest.
        const due =
          grant?.state === 'scheduled' ? grant.startAt : grant && (activityDueAt(grant) ?? grant.expiresAt);
        if (due) scheduler.poke(due);
      })
      .catch((error: unknown) =>
        log.warn({ grantId, err: error }, 'could not read the grant to time its end'),
      );
  });

  const drift =
    parts.reconcileEveryMs === 0
      ? undefined
      : watchDrift(deps, {
          everyMs: parts.reconcileEveryMs ?? config.schedule.reconcileEvery * 1000,
          report: async (findings) => {
            await bolt.client.chat.postMessage({
              channel: config.slack.approvalChannel,
              text: driftText(findings),
            });
          },
        });

  const server = (await bolt.start()) as Server | undefined;
  const port = slack.kind === 'http' ? (server?.address() as AddressInfo | null)?.port : undefined;
  return {
    deps,
    homes,
    dispatcher,
    scheduler,
    port,
    idle: async () => {
      // One piece of work may start the next (a request's listener dispatches provisioning, which tells
      // Slack): wait until a whole round finds nothing going on.
      do {
        await Promise.allSettled([...handling]);
        await work.idle();
        await dispatcher.idle();
        await scheduler.idle();
        await notifier.idle();
        await new Promise((resolve) => setImmediate(resolve));
      } while (handling.size > 0 || work.busy || dispatcher.busy || scheduler.busy || notifier.busy);
    },
    stop: async () => {
      drift?.stop();
      await bolt.stop();
      // Work already acknowledged to Slack is finished before the store closes under it.
      await work.idle();
      await scheduler.stop();
      await dispatcher.idle();
      await homes.close();
    },
  };
}
