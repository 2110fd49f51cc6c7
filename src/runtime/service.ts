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
  type Organizations,
  systemClock,
} from '../core/ports.js';
import { Catalogue } from '../service/catalogue.js';
import type { ServiceDeps } from '../service/deps.js';
import { InProcessDispatcher } from '../service/in-process.js';
import { SlackActivityPoster } from '../slack/activity-poster.js';
import { SlackDirectory } from '../slack/directory.js';
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
} {
  const clock = parts.clock ?? systemClock;
  const catalogue = new Catalogue(parts.config.entitlements, parts.config.requests);
  const inProcess = parts.dispatcher ? undefined : new InProcessDispatcher();
  const dispatcher = parts.dispatcher ?? inProcess!;
  const deps: ServiceDeps = {
    store: parts.store,
    identityCenter: parts.identityCenter,
    ...(parts.organizations && { organizations: parts.organizations }),
    directory: new SlackDirectory(parts.slack, parts.config.slack.admins, clock),
    notifier: new SlackNotifier({
      client: parts.slack,
      catalogue,
      identityCenter: parts.identityCenter,
      clock,
      log: parts.log,
      portalUrl: parts.config.identityCenter.portalUrl,
    }),
    dispatcher,
    catalogue,
    clock,
    log: parts.log,
    random: (size) => randomBytes(size),
    checkpoint: parts.checkpoint ?? (() => undefined),
  };
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
  return { deps, inProcess };
}
