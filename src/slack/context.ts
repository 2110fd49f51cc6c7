// What every listener gets: the grant service and the few settings Slack-side code needs.

import type { Logger } from 'pino';
import type { ServiceDeps } from '../service/deps.js';
import type { Limiter } from '../service/pool.js';
import type { BoundaryDeps } from './boundary.js';
import type { HomePublisher } from './home-publisher.js';

export interface SlackContext {
  service: ServiceDeps;
  /** Bounds the work done after Slack's acknowledgement (see Limiter). */
  work: Limiter;
  approveReaction: string;
  denyReaction: string;
  /** Publishes Home tabs: when opened, and again after changes. */
  homes: HomePublisher;
  log: Logger;
}

/** What the error boundary needs of the context: where to log, and randomness for error references. */
export function boundaryOf(ctx: SlackContext): BoundaryDeps {
  return { log: ctx.log, random: ctx.service.random };
}
