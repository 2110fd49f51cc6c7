// What every listener gets: the grant service and the few settings Slack-side code needs.

import type { Logger } from 'pino';
import type { ServiceDeps } from '../service/deps.js';

export interface SlackContext {
  service: ServiceDeps;
  approveReaction: string;
  denyReaction: string;
  log: Logger;
}
