// Assembles the grant service from its parts: the one place where adapters meet the core.

import { randomBytes } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { ActivitySource } from '../core/activity-ports.js';
import {
  type Clock,
  type Dispatcher,
  type GrantStore,
  type IdentityCenter,
  type OnCallSource,
  type Organizations,
  systemClock,
} from '../core/ports.js';
import { admission } from '../service/admission.js';
import { Catalogue } from '../service/catalogue.js';
import type { ServiceDeps } from '../service/deps.js';
import { deskOf } from '../service/desk.js';
import { InProcessDispatcher } from '../service/in-process.js';
import { SlackActivityPoster } from '../slack/activity-poster.js';
import { SlackDirectory } from '../slack/directory.js';
import { homeView } from '../slack/home.js';
import { HomePublisher } from '../slack/home-publisher.js';
import { SlackNotifier } from '../slack/notifier.js';
import { cloudTrailSource } from './activity.js';

export interface ServiceParts {
  config: Config;
  store: GrantStore;
  identityCenter: IdentityCenter;
  organizations?: Organizations;
  slack: WebClient;
  log: Logger;
  clock?: Clock;
  checkpoint?: ServiceDeps['checkpoint'];
  dispatcher?: Dispatcher;
  /** PagerDuty, when a token is configured. */
  onCall?: OnCallSource | undefined;
  /** Where activity digests are queried; by default CloudTrail Lake as the SDK finds it, when configured. */
  activitySource?: ActivitySource;
}

/**
 * The grant service. Slow work goes to `parts.dispatcher` when given (a worker Lambda); otherwise it runs in
 * this process, and the returned in-process dispatcher says when it is done.
 */
export function assembleService(parts: ServiceParts): {
  deps: ServiceDeps;
  inProcess: InProcessDispatcher | undefined;
  homes: HomePublisher;
  notifier: SlackNotifier;
} {
  const clock = parts.clock ?? systemClock;
  const catalogue = new Catalogue(parts.config.entitlements, parts.config.requests);
  const inProcess = parts.dispatcher ? undefined : new InProcessDispatcher();
  const dispatcher = parts.dispatcher ?? inProcess!;
  const directory = new SlackDirectory(parts.slack, parts.config.slack.admins, clock);
  // The Home tabs read the service they report on: built first, given the service once it exists.
  let service: ServiceDeps | undefined;
  const homes = new HomePublisher({
    client: parts.slack,
    log: parts.log,
    build: async (userId) => homeView(await deskOf(service!, userId), clock.now()),
    concerned: async (grant) => {
      const approvers = catalogue.find(grant.entitlementId)?.approvers ?? [];
      return [...new Set([grant.requester, ...(await directory.expand(approvers))])];
    },
  });
  const notifier = new SlackNotifier({
    homes,
    client: parts.slack,
    catalogue,
    identityCenter: parts.identityCenter,
    clock,
    log: parts.log,
    portalUrl: parts.config.identityCenter.portalUrl,
  });
  const deps: ServiceDeps = {
    store: parts.store,
    identityCenter: parts.identityCenter,
    ...(parts.organizations && { organizations: parts.organizations }),
    directory,
    notifier,
    dispatcher,
    catalogue,
    ...(parts.onCall && { onCall: parts.onCall }),
    admit: admission(),
    clock,
    log: parts.log,
    random: (size) => randomBytes(size),
    checkpoint: parts.checkpoint ?? (() => undefined),
  };
  service = deps;
  const activity = parts.config.activity;
  const source = activity && (parts.activitySource ?? cloudTrailSource(parts.config));
  if (activity && source) {
    deps.activity = {
      source,
      poster: new SlackActivityPoster(parts.slack, parts.log),
      eventDataStore: activity.eventDataStore,
      delaySec: activity.delay,
    };
  }
  inProcess?.bind(deps);
  return { deps, inProcess, homes, notifier };
}
