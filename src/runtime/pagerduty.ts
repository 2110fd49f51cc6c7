// PagerDuty for on-call auto-approval, when a token is configured: from the environment for `serve`, from
// Secrets Manager on Lambda, from the simulator in sandbox mode.

import type { OnCallSource } from '../core/ports.js';
import { PagerDutyOnCall } from '../pagerduty/on-call.js';

export interface PagerDutySettings {
  token: string | undefined;
  apiUrl: string | undefined;
}

export function connectPagerDuty(settings: PagerDutySettings | undefined): OnCallSource | undefined {
  if (!settings?.token) return undefined;
  return new PagerDutyOnCall({ token: settings.token, apiUrl: settings.apiUrl });
}
